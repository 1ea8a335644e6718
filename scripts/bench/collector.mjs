// Collector ingestion: responses/s and p50/p99 latency for batches of 50 from concurrent clients, on PGlite and
// PostgreSQL, against a bare node:http server that only parses the JSON; and the collector's memory after N responses.
import { join } from 'node:path';
import { BATCH, PG_MAJOR, ROOT, batchBody, hasPostgres, quantile, rssOf, spawnServer, startCollector, startPostgres } from './util.mjs';

const ORIGIN = 'https://bench.example';

/** `clients` loops, each posting `batches` pre-built bodies one after another; returns throughput and latency. */
async function drive(url, { clients, batches, check = true }) {
  const bodies = Array.from({ length: clients }, () => Array.from({ length: batches }, () => batchBody('bench')));
  const latencies = [];
  let responses = 0;
  const started = performance.now();
  await Promise.all(
    bodies.map(async (mine) => {
      for (const body of mine) {
        const t = performance.now();
        const res = await fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body });
        const ack = await res.json();
        latencies.push(performance.now() - t);
        if (check && (res.status !== 200 || ack.accepted?.length !== BATCH))
          throw new Error(`unexpected answer ${res.status}: ${JSON.stringify(ack).slice(0, 300)}`);
        responses += ack.accepted?.length ?? 0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { responses, seconds, perSecond: responses / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), requests: latencies.length };
}

/** Posts `total` responses as fast as `clients` loops can (bodies made on the fly), for the memory figure. */
async function fill(url, total, clients) {
  let left = Math.ceil(total / BATCH);
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (left-- > 0) {
        const res = await fetch(`${url}/v1/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: batchBody('bench'),
        });
        if (res.status !== 200) throw new Error(`fill: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
}

export async function benchIngestion({ quick = false, log = () => {} } = {}) {
  const clients = 8;
  const batches = quick ? 6 : 60; // per client: 2,400 responses quick, 24,000 full
  const memoryTotal = quick ? 20_000 : 1_000_000;
  const out = { clients, batch: BATCH, rows: [], memory: null };

  log('collector: bare node:http baseline');
  const bare = await spawnServer([join(ROOT, 'scripts/bench/bare-server.mjs')]);
  try {
    await drive(bare.url, { clients, batches: 2 }); // warm-up
    out.rows.push({ name: 'bare node:http (parse JSON, 200)', ...(await drive(bare.url, { clients, batches })) });
  } finally {
    await bare.stop();
  }

  const backends = [{ name: 'collector on PGlite', databaseUrl: undefined }];
  if (hasPostgres() || process.env.DATABASE_URL)
    backends.push({ name: `collector on PostgreSQL ${PG_MAJOR}`.trim(), databaseUrl: process.env.DATABASE_URL || 'start' });
  for (const b of backends) {
    log(`collector: ${b.name}`);
    const pg = b.databaseUrl === 'start' ? await startPostgres() : null;
    const collector = await startCollector({ databaseUrl: pg ? pg.url : b.databaseUrl, origins: [ORIGIN] });
    // Idle: right after start (migrations applied), before any load, so the ratio is growth under use.
    const idle = rssOf(collector.pid);
    try {
      await drive(collector.url, { clients, batches: 2 });
      out.rows.push({ name: b.name, ...(await drive(collector.url, { clients, batches })) });
      if (!pg) {
        // Memory on the embedded default, where the database lives inside the collector process.
        log(`collector: filling PGlite with ${memoryTotal.toLocaleString('en')} responses for the memory figure`);
        const t = performance.now();
        await fill(collector.url, memoryTotal, clients);
        out.memory = { responses: memoryTotal, idleBytes: idle, afterBytes: rssOf(collector.pid), seconds: (performance.now() - t) / 1000 };
      }
    } finally {
      await collector.stop();
      await pg?.stop();
    }
  }
  return out;
}
