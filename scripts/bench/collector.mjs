// Collector ingestion: responses/s and per-batch latency under `wrk` (8 connections, batches of 50, fresh ids) on
// PGlite and PostgreSQL, against two baselines from the same run: a bare node:http server that only parses the
// JSON, and the floor, a bare server that also runs one batched INSERT … ON CONFLICT into the same database.
// Also the embedded collector's resident memory right after a first start and after a restart.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH, PG_MAJOR, ROOT, batchBody, hasPostgres, quantile, rssOf, spawnServer, startCollector, startPostgres } from './util.mjs';

const ORIGIN = 'https://bench.example';
const LUA = join(ROOT, 'scripts/bench/wrk-ingest.lua');
const CONNECTIONS = 8;

export const hasWrk = () => spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;

/** One wrk run of `seconds` against POST /v1/responses; every id fresh, so the collector stores every response. */
function runWrk(url, seconds) {
  const out = execFileSync(
    'wrk',
    ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '30s', '--latency', '-s', LUA, `${url}/v1/responses`, '--', 'bench', new Date().toISOString()],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const line = out
    .trim()
    .split('\n')
    .findLast((l) => l.startsWith('{'));
  const r = JSON.parse(line);
  if (r.non2xx || r.errors) throw new Error(`wrk saw ${r.non2xx} non-2xx answers and ${r.errors} socket errors:\n${out}`);
  const s = r.durationUs / 1e6;
  return { responses: r.requests * BATCH, requests: r.requests, seconds: s, perSecond: (r.requests * BATCH) / s, p50: r.p50Us / 1000, p99: r.p99Us / 1000 };
}

/** Without wrk: `clients` fetch loops (the load generator then caps the bare server, so ratios read low). */
async function runFetch(url, seconds) {
  const latencies = [];
  let requests = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await fetch(`${url}/v1/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: batchBody('bench'),
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`unexpected answer ${res.status}`);
        latencies.push(performance.now() - t);
        requests++;
      }
    }),
  );
  const s = (performance.now() - started) / 1000;
  return {
    responses: requests * BATCH,
    requests,
    seconds: s,
    perSecond: (requests * BATCH) / s,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}

export async function benchIngestion({ quick = false, log = () => {} } = {}) {
  const seconds = quick ? 2 : 10;
  const wrk = hasWrk();
  const drive = wrk ? runWrk : runFetch;
  const out = { generator: wrk ? 'wrk' : 'fetch', connections: CONNECTIONS, batch: BATCH, seconds, rows: [], memory: null };
  const measure = async (name, server, kind, engine) => {
    log(`ingestion: ${name}`);
    await drive(server.url, 1); // warm-up
    out.rows.push({ name, kind, engine, ...(await drive(server.url, seconds)) });
  };

  const bare = await spawnServer([join(ROOT, 'scripts/bench/bare-server.mjs')]);
  try {
    await measure('bare node:http (parse JSON, 200)', bare, 'bare', null);
  } finally {
    await bare.stop();
  }

  const engines = [{ engine: 'PGlite', databaseUrl: undefined }];
  if (hasPostgres() || process.env.DATABASE_URL) engines.push({ engine: `PostgreSQL ${PG_MAJOR}`.trim(), databaseUrl: process.env.DATABASE_URL || 'start' });
  for (const e of engines) {
    const pg = e.databaseUrl === 'start' ? await startPostgres() : null;
    const url = pg ? pg.url : e.databaseUrl;
    const floorDir = url ? null : mkdtempSync(join(tmpdir(), 'tellus-bench-floor-'));
    try {
      const floor = await spawnServer(
        [join(ROOT, 'scripts/bench/floor-server.mjs')],
        url ? { DATABASE_URL: url } : { FLOOR_PGLITE_DIR: floorDir, DATABASE_URL: '' },
      );
      try {
        await measure(`floor on ${e.engine} (parse JSON, one INSERT … ON CONFLICT)`, floor, 'floor', e.engine);
      } finally {
        await floor.stop();
      }
      const dataDir = url ? undefined : mkdtempSync(join(tmpdir(), 'tellus-bench-pglite-'));
      let collector = await startCollector({ databaseUrl: url, origins: [ORIGIN], dataDir });
      try {
        const firstStart = rssOf(collector.pid);
        await measure(`collector on ${e.engine}`, collector, 'collector', e.engine);
        if (dataDir) {
          await collector.stop();
          collector = await startCollector({ databaseUrl: url, origins: [ORIGIN], dataDir });
          out.memory = { firstStartBytes: firstStart, restartBytes: rssOf(collector.pid) };
        }
      } finally {
        await collector.stop();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    } finally {
      await pg?.stop();
      if (floorDir) rmSync(floorDir, { recursive: true, force: true });
    }
  }
  return out;
}
