// Collector ingestion: responses/s and per-batch latency under `wrk` (8 connections, batches of 50, fresh ids) on
// PGlite and PostgreSQL, against two baselines from the same run: a bare node:http server that only parses the
// JSON, and the floor, a bare server that also runs one batched INSERT … ON CONFLICT into the same database.
// The floor and the collector run side by side and take turns (rounds, each a wrk run of both, the order swapped every
// round): a machine busy with other work slows both in the same rounds, and each figure is the median of its rounds.
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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One row from a server's rounds: responses summed, throughput and latencies the median of the rounds. */
function rowOf(name, kind, engine, runs) {
  return {
    name,
    kind,
    engine,
    responses: runs.reduce((a, r) => a + r.responses, 0),
    seconds: runs.reduce((a, r) => a + r.seconds, 0),
    perSecond: median(runs.map((r) => r.perSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    rounds: runs.map((r) => Math.round(r.perSecond)),
  };
}

export async function benchIngestion({ quick = false, log = () => {} } = {}) {
  const seconds = quick ? 2 : 5;
  const rounds = quick ? 1 : 3;
  const wrk = hasWrk();
  const drive = wrk ? runWrk : runFetch;
  const out = { generator: wrk ? 'wrk' : 'fetch', connections: CONNECTIONS, batch: BATCH, seconds, rounds, rows: [], memory: null };
  const measure = async (name, server, kind, engine) => {
    log(`ingestion: ${name}`);
    await drive(server.url, 1); // warm-up
    const runs = [];
    for (let i = 0; i < rounds; i++) runs.push(await drive(server.url, seconds));
    out.rows.push(rowOf(name, kind, engine, runs));
  };
  /** The floor and the collector in turns, `rounds` wrk runs each, the order swapped every round. */
  const measurePair = async (engine, floor, collector) => {
    const servers = [
      { name: `floor on ${engine} (parse JSON, one INSERT … ON CONFLICT)`, kind: 'floor', server: floor, runs: [] },
      { name: `collector on ${engine}`, kind: 'collector', server: collector, runs: [] },
    ];
    log(`ingestion: floor and collector on ${engine}, ${rounds} rounds`);
    for (const s of servers) await drive(s.server.url, 1); // warm-up
    for (let i = 0; i < rounds; i++) for (const s of i % 2 ? [...servers].reverse() : servers) s.runs.push(await drive(s.server.url, seconds));
    for (const s of servers) out.rows.push(rowOf(s.name, s.kind, engine, s.runs));
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
      const dataDir = url ? undefined : mkdtempSync(join(tmpdir(), 'tellus-bench-pglite-'));
      let collector = null;
      try {
        collector = await startCollector({ databaseUrl: url, origins: [ORIGIN], dataDir });
        const firstStart = rssOf(collector.pid);
        await measurePair(e.engine, floor, collector);
        if (dataDir) {
          await collector.stop();
          collector = null;
          collector = await startCollector({ databaseUrl: url, origins: [ORIGIN], dataDir });
          out.memory = { firstStartBytes: firstStart, restartBytes: rssOf(collector.pid) };
        }
      } finally {
        await collector?.stop();
        await floor.stop();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    } finally {
      await pg?.stop();
      if (floorDir) rmSync(floorDir, { recursive: true, force: true });
    }
  }
  return out;
}
