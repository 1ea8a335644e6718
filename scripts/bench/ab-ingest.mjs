// `node scripts/bench/ab-ingest.mjs [--pglite]`: a quick A/B of ingestion for work on it. Alternating wrk runs of the
// floor and the collector on one PostgreSQL (AB_ROUNDS × AB_SECONDS each), printing responses/s, the ratio, and the
// CPU each side spends per batch of 50: the server's Node process and the PostgreSQL backends, read from /proc so
// the figures hold up when the machine is busy with other work (throughput does not). AB_BASE=<another checkout, built>
// also runs that checkout's collector in every round, on a database of its own: before and after in one run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH, ROOT, spawnServer, startCollector, startPostgres } from './util.mjs';

const LUA = join(ROOT, 'scripts/bench/wrk-ingest.lua');
const seconds = Number(process.env.AB_SECONDS ?? 5);
const rounds = Number(process.env.AB_ROUNDS ?? 3);
const pglite = process.argv.includes('--pglite');
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process, in ticks (0 once it is gone). */
function ticksOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

/** Ticks of the postmaster and of each of its children (the backends serving the servers under test), by pid. */
function clusterTicks(postmaster) {
  const byPid = new Map([[postmaster, ticksOf(postmaster)]]);
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === postmaster) byPid.set(Number(p), ticksOf(p));
    } catch {}
  }
  return byPid;
}

/**
 * The cluster's ticks since `before`: of the processes alive now (a backend that ended meanwhile, such as an idle pool
 * connection closed, would otherwise take its whole lifetime's ticks away).
 */
function ticksSince(postmaster, before) {
  let t = 0;
  for (const [pid, ticks] of clusterTicks(postmaster)) t += ticks - (before.get(pid) ?? 0);
  return t;
}

function wrk(url, s) {
  const out = execFileSync(
    'wrk',
    ['-t2', '-c8', `-d${s}s`, '--timeout', '30s', '--latency', '-s', LUA, `${url}/v1/responses`, '--', 'bench', new Date().toISOString()],
    {
      encoding: 'utf8',
    },
  );
  const r = JSON.parse(
    out
      .trim()
      .split('\n')
      .findLast((l) => l.startsWith('{')),
  );
  if (r.non2xx || r.errors) throw new Error(out);
  return { requests: r.requests, perSecond: (r.requests * BATCH) / (r.durationUs / 1e6), p99: r.p99Us / 1000 };
}

// AB_DURABLE=0 runs PostgreSQL as the full bench does (fsync and synchronous commit off).
const pg = pglite ? null : await startPostgres({ durable: process.env.AB_DURABLE !== '0' });
const postmaster = pg ? Number(readFileSync(join(pg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) : 0;
const floorDir = pglite ? mkdtempSync(join(tmpdir(), 'tellus-ab-floor-')) : null;
const floor = await spawnServer(
  [join(ROOT, 'scripts/bench/floor-server.mjs')],
  pg ? { DATABASE_URL: pg.url } : { FLOOR_PGLITE_DIR: floorDir, DATABASE_URL: '' },
);
const collector = await startCollector({ databaseUrl: pg?.url });
const baseDir = process.env.AB_BASE;
let base = null;
if (baseDir) {
  if (!pg) throw new Error('AB_BASE compares on PostgreSQL only');
  const { default: pgClient } = await import('pg');
  const admin = new pgClient.Client({ connectionString: pg.url });
  await admin.connect();
  await admin.query('CREATE DATABASE ab_base');
  await admin.end();
  const url = new URL(pg.url);
  url.pathname = '/ab_base';
  base = await startCollector({ databaseUrl: url.toString(), cli: join(baseDir, 'packages/collector/dist/cli.js') });
}
const measure = (server) => {
  const n0 = ticksOf(server.pid);
  const p0 = pg ? clusterTicks(postmaster) : null;
  const r = wrk(server.url, seconds);
  const node = ((ticksOf(server.pid) - n0) * TICK_MS) / r.requests;
  const db = p0 ? (ticksSince(postmaster, p0) * TICK_MS) / r.requests : NaN;
  return { ...r, node, db };
};
const fmt = (r) => `${Math.round(r.perSecond)}/s p99 ${r.p99.toFixed(0)} ms, cpu/batch node ${r.node.toFixed(2)} ms db ${r.db.toFixed(2)} ms`;
try {
  wrk(floor.url, 1);
  wrk(collector.url, 1);
  if (base) wrk(base.url, 1);
  for (let i = 0; i < rounds; i++) {
    // The base goes first in odd rounds, so neither build always follows the floor.
    const b = base && i % 2 ? measure(base) : null;
    const f = measure(floor);
    const c = measure(collector);
    const b2 = base && !b ? measure(base) : b;
    const against = b2 ? ` | base ${fmt(b2)} | ratio ${(b2.perSecond / f.perSecond).toFixed(2)}` : '';
    console.log(`floor ${fmt(f)} | collector ${fmt(c)} | ratio ${(c.perSecond / f.perSecond).toFixed(2)}${against}`);
  }
} finally {
  await collector.stop();
  await base?.stop();
  await floor.stop();
  await pg?.stop();
  if (floorDir) rmSync(floorDir, { recursive: true, force: true });
}
