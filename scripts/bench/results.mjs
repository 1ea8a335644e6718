// Results at size: GET /v1/surveys/:id/results?interval=day&groupBy=location for one NPS + matrix + text survey at
// 10k / 100k / 1M responses on PGlite and PostgreSQL, against SELECT count(*) over the same rows in the same run;
// the embedded collector's resident memory after a restart and during results; /healthz and ingestion latency
// while results and an export run, against the same requests idle. Rows are filled by batched SQL, not HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH, BENCH_ADMIN_TOKEN, PG_MAJOR, ROOT, batchBody, hasPostgres, median, quantile, rssOf, startCollector, startPostgres, watchRss } from './util.mjs';

const { openPGliteStorage, openPostgresStorage, rebuildRollups } = await import(join(ROOT, 'packages/collector/dist/index.js'));

const ADMIN = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };
const SURVEY_ID = 'bench-results';
const ROWS = ['reliability', 'flexibility', 'trust', 'empathy', 'aesthetics'];
export const RESULTS_SURVEY = {
  id: SURVEY_ID,
  version: 1,
  questions: [
    { id: 'nps', type: 'nps', text: 'Would you recommend us?' },
    { id: 'service', type: 'matrix', scale: 5, text: 'Rate our service', rows: ROWS.map((id) => ({ id, text: id })) },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
};

const FILL_SQL = `INSERT INTO responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at)
SELECT gen_random_uuid(), 'bench', '${SURVEY_ID}', 1, 0, random() < 0.9,
  jsonb_build_object('nps', floor(random() * 11)::int,
    'service', jsonb_build_object(${ROWS.map((r) => `'${r}', 1 + floor(random() * 5)::int`).join(', ')}),
    'why', (ARRAY['Quick delivery', 'Friendly agent', 'Too slow', 'Could not find the button', 'Great!', '   '])[1 + floor(random() * 6)::int]),
  jsonb_build_object('location', 'branch-' || floor(random() * 20)::int, 'channel', (ARRAY['web', 'chat', 'email'])[1 + floor(random() * 3)::int], 'locale', 'en'),
  NULL, t, t
FROM (SELECT date_trunc('milliseconds', $1::timestamptz - random() * interval '90 days') AS t FROM generate_series(1, $2::int)) AS g`;

/** Adds `count` responses in statements of 20,000 rows, then recounts the survey's roll-ups (ingestion counts them in JavaScript, SQL inserts do not). */
async function fill(storage, count, log) {
  const now = new Date().toISOString();
  for (let done = 0; done < count; ) {
    const n = Math.min(20_000, count - done);
    await storage.db.query(FILL_SQL, [now, n]);
    done += n;
    if (done % 200_000 === 0) log(`  filled ${done.toLocaleString('en')} of ${count.toLocaleString('en')}`);
  }
  await storage.db.transaction((tx) => rebuildRollups(tx, [SURVEY_ID]));
}

/**
 * Grows the survey `factor` times by copying its responses (new ids; the same answers, meta and days) with the
 * roll-up triggers off, and multiplies its roll-ups to match: exact, as each copy counts where its original does.
 * For PGlite at 1M, where filling through the triggers takes longer than the whole bench may. Deltas must be
 * compacted first (the store was reopened).
 */
async function copyFill(storage, factor, log) {
  await storage.db.transaction(async (tx) => {
    await tx.exec('ALTER TABLE responses DISABLE TRIGGER USER');
    for (let k = 1; k < factor; k++) {
      await tx.query(
        `INSERT INTO responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at)
         SELECT gen_random_uuid(), site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at
         FROM responses WHERE survey_id = $1 AND received_at < $2::timestamptz`,
        [SURVEY_ID, COPY_BEFORE],
      );
      log(`  copied ${k} of ${factor - 1}`);
    }
    await tx.exec('ALTER TABLE responses ENABLE TRIGGER USER');
    const deltas = await tx.query('SELECT count(*)::int AS n FROM rollup_pending WHERE survey_id = $1', [SURVEY_ID]);
    if (deltas[0].n !== 0) throw new Error('copyFill: roll-up deltas are not compacted');
    await tx.query('UPDATE rollups SET n = n * $2 WHERE survey_id = $1', [SURVEY_ID, factor]);
  });
  await storage.db.exec('ANALYZE responses');
}
/** Copies are received now; the originals before the copying started. */
let COPY_BEFORE = null;

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function countTimes(storage, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await timed(() => storage.db.query('SELECT count(*) FROM responses WHERE survey_id = $1', [SURVEY_ID])));
  return median(times);
}

async function resultsTimes(url, runs, expected) {
  const times = [];
  let counted;
  // One call first, not timed: the collector was just started, so its code and the database's caches are cold.
  for (let i = -1; i < runs; i++)
    times.push(
      await timed(async () => {
        const res = await fetch(`${url}/v1/surveys/${SURVEY_ID}/results?interval=day&groupBy=location`, { headers: ADMIN });
        if (res.status !== 200) throw new Error(`results: ${res.status} ${await res.text()}`);
        const body = await res.json();
        if (body.n !== expected) throw new Error(`results: counted ${body.n} responses, ${expected} stored`);
        counted = body.counted;
      }),
    );
  times.shift();
  return { p50: median(times), counted };
}

/** p99 of /healthz and of 50-response ingest batches, one after another. */
async function probe(url, n) {
  const health = [];
  const ingest = [];
  for (let i = 0; i < n; i++) {
    health.push(await timed(async () => (await fetch(`${url}/healthz`)).arrayBuffer()));
    ingest.push(
      await timed(async () => {
        const res = await fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batchBody('bench') });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`ingest: ${res.status}`);
      }),
    );
  }
  return { health: quantile(health, 0.99), ingest: quantile(ingest, 0.99) };
}

/** The probes while results are asked for again and again, and while an export streams (cut off when done). */
async function probeUnderLoad(url, n) {
  let busy = true;
  let failures = 0;
  const results = (async () => {
    while (busy) {
      try {
        await (await fetch(`${url}/v1/surveys/${SURVEY_ID}/results?interval=day&groupBy=location`, { headers: ADMIN })).arrayBuffer();
      } catch {
        failures++; // a reset connection under load: counted, and the load goes on
      }
    }
  })();
  const exporting = new AbortController();
  const exported = fetch(`${url}/v1/surveys/${SURVEY_ID}/responses.csv`, { headers: ADMIN, signal: exporting.signal })
    .then(async (res) => {
      const reader = res.body.getReader();
      while (!(await reader.read()).done);
    })
    .catch(() => {});
  const during = await probe(url, n);
  busy = false;
  exporting.abort();
  await Promise.all([results, exported]);
  return { ...during, failures };
}

/** Resident memory of the embedded collector right after a first start on an empty directory, and after a restart. */
async function emptyStartMemory() {
  const dir = mkdtempSync(join(tmpdir(), 'tellus-bench-empty-'));
  try {
    let collector = await startCollector({ dataDir: dir, origins: ['*'] });
    const firstStartBytes = rssOf(collector.pid);
    await collector.stop();
    collector = await startCollector({ dataDir: dir, origins: ['*'] });
    const restartBytes = rssOf(collector.pid);
    await collector.stop();
    return { firstStartBytes, restartBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PGlite sizes above this are reached by copyFill from this many responses filled through the triggers. */
const PGLITE_TRIGGER_FILL = 100_000;

export async function benchResults({ quick = false, log = () => {}, sizes = quick ? [2_000] : [10_000, 100_000, 1_000_000] } = {}) {
  const runs = quick ? 3 : 7;
  const probes = quick ? 5 : 50;
  const out = { sizes, runs, probes, engines: [], emptyMemory: await emptyStartMemory(), copied: [] };
  const engines = [{ name: 'PGlite', pg: false }];
  if (hasPostgres()) engines.push({ name: `PostgreSQL ${PG_MAJOR}`.trim(), pg: true });
  for (const e of engines) {
    const row = { name: e.name, points: [], memory: null, probes: null };
    out.engines.push(row);
    const pg = e.pg ? await startPostgres() : null;
    const dir = e.pg ? null : mkdtempSync(join(tmpdir(), 'tellus-bench-results-'));
    const open = async () => {
      const s = pg ? await openPostgresStorage(pg.url) : await openPGliteStorage(dir);
      await s.migrate();
      return s;
    };
    try {
      let storage = await open();
      await storage.upsertSite({ key: 'bench', origins: ['*'] });
      await storage.putSurvey('bench', RESULTS_SURVEY);
      const { SURVEY } = await import('./util.mjs');
      await storage.putSurvey('bench', SURVEY);
      let filled = 0;
      for (const size of sizes) {
        log(`results on ${e.name}: filling to ${size.toLocaleString('en')}`);
        storage ??= await open();
        const t = performance.now();
        const copy = !pg && size > PGLITE_TRIGGER_FILL && filled === PGLITE_TRIGGER_FILL && size % filled === 0;
        if (copy) {
          COPY_BEFORE = new Date().toISOString();
          await copyFill(storage, size / filled, log);
          out.copied.push({ engine: e.name, size, from: filled });
        } else await fill(storage, size - filled, log);
        const fillSeconds = (performance.now() - t) / 1000;
        filled = size;
        log(`results on ${e.name}: ${size.toLocaleString('en')} filled in ${Math.round(fillSeconds)} s`);
        // Closing folds the roll-up deltas in; the count is timed on the reopened store, as the collector sees it.
        await storage.close();
        storage = await open();
        const countMs = await countTimes(storage, runs);
        if (!pg) {
          await storage.close(); // PGlite has one owner: the collector opens the directory next
          storage = null;
        }
        const collector = await startCollector({ databaseUrl: pg?.url, dataDir: dir ?? undefined, origins: ['*'] });
        try {
          const idle = rssOf(collector.pid);
          const peak = watchRss(collector.pid);
          const results = await resultsTimes(collector.url, runs, size);
          const during = peak();
          row.points.push({ size, countMs, resultsMs: results.p50, counted: results.counted, fillSeconds });
          if (size === sizes[sizes.length - 1]) {
            if (!pg) row.memory = { afterRestartBytes: idle, duringResultsBytes: during };
            log(`results on ${e.name}: /healthz and ingestion idle, then during results and an export`);
            const idleProbe = await probe(collector.url, probes);
            const busyProbe = await probeUnderLoad(collector.url, probes);
            row.probes = { idle: idleProbe, during: busyProbe };
          }
        } finally {
          await collector.stop();
        }
      }
      await storage?.close();
    } finally {
      await pg?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

export { BATCH };
