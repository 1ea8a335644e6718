// `node scripts/bench/pg-profile.mjs`: where the database's CPU goes during ingestion. Runs wrk (as ab-ingest does)
// against the floor and the collector on one throwaway PostgreSQL with pg_stat_statements (track = all, utility on),
// then prints per statement total_exec_time / calls / shared blocks / WAL bytes per batch, the WAL per batch from
// pg_stat_wal, and the CPU of the cluster's processes by backend type (autovacuum workers included), read from /proc.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { BATCH, ROOT, spawnServer, startCollector, startPostgres } from './util.mjs';

const LUA = join(ROOT, 'scripts/bench/wrk-ingest.lua');
const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
const TICK_MS = 10;
const PG_BIN = execFileSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'], { encoding: 'utf8' }).trim();

function stat(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}
const typeOf = (pid) => {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    const m =
      /^postgres: (autovacuum worker|autovacuum launcher|walwriter|checkpointer|background writer|logical replication launcher|stats collector|walsender)/.exec(
        cmd,
      );
    return m ? m[1] : cmd.startsWith('postgres: ') ? 'backend' : 'postmaster';
  } catch {
    return 'gone';
  }
};

/** Samples the cluster's processes every 50 ms; returns CPU ms per backend type since the start. */
function watchCluster(postmaster) {
  const first = new Map();
  const last = new Map();
  const sample = () => {
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      const s = stat(p);
      if (!s || (s.ppid !== postmaster && Number(p) !== postmaster)) continue;
      const seen = last.get(p);
      if (!seen) first.set(p, s.ticks), last.set(p, { type: typeOf(p), ticks: s.ticks, fresh: true });
      else seen.ticks = s.ticks;
    }
  };
  sample();
  // Processes alive at the start count from their ticks then; processes born later count from zero.
  for (const v of last.values()) v.fresh = false;
  const timer = setInterval(sample, 50);
  return () => {
    clearInterval(timer);
    sample();
    const by = {};
    for (const [p, v] of last) by[v.type] = (by[v.type] ?? 0) + (v.ticks - (v.fresh ? 0 : first.get(p))) * TICK_MS;
    return by;
  };
}

function wrk(url, s) {
  const out = execFileSync('wrk', ['-t2', '-c8', `-d${s}s`, '--timeout', '30s', '-s', LUA, `${url}/v1/responses`, '--', 'bench', new Date().toISOString()], {
    encoding: 'utf8',
  });
  const r = JSON.parse(
    out
      .trim()
      .split('\n')
      .findLast((l) => l.startsWith('{')),
  );
  if (r.non2xx || r.errors) throw new Error(out);
  return r;
}

const cluster = await startPostgres();
// The settings go in the file: ALTER SYSTEM knows pg_stat_statements' parameters only once the library is loaded.
appendFileSync(
  join(cluster.dataDir, 'postgresql.conf'),
  (process.env.PROFILE_EXPLAIN
    ? "\nshared_preload_libraries = 'pg_stat_statements,auto_explain'\nauto_explain.log_min_duration = 0\nauto_explain.log_analyze = on\nauto_explain.log_buffers = on\nauto_explain.log_wal = on\nauto_explain.log_nested_statements = on\nauto_explain.sample_rate = 0.01\n"
    : "\nshared_preload_libraries = 'pg_stat_statements'\n") +
    'pg_stat_statements.track = all\npg_stat_statements.track_utility = on\npg_stat_statements.max = 10000\npg_stat_statements.track_planning = on\n',
);
execFileSync(
  'runuser',
  ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), '-D', cluster.dataDir, '-w', '-m', 'fast', '-l', join(cluster.dataDir, '..', 'log'), 'restart'],
  { stdio: 'ignore' },
);
const db = new pg.Client({ connectionString: cluster.url });
await db.connect();
await db.query('CREATE EXTENSION pg_stat_statements');
const postmaster = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

const profileArgs = (name) =>
  process.env.PROFILE_CPU ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_CPU}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
const floor = await spawnServer([...profileArgs('floor'), join(ROOT, 'scripts/bench/floor-server.mjs')], { DATABASE_URL: cluster.url });
// PROFILE_CPU=dir: the floor and the collector run under --cpu-prof, their profiles written there when they stop.
const collector = await startCollector({ databaseUrl: cluster.url, nodeArgs: profileArgs('collector') });

async function profile(name, server) {
  wrk(server.url, 2);
  await new Promise((ok) => setTimeout(ok, 3000)); // let the warm-up's compaction and autovacuum settle
  await db.query('SELECT pg_stat_statements_reset(), pg_stat_reset_shared($1)', ['wal']);
  const stop = watchCluster(postmaster);
  // PROFILE_PERF=dir: also samples the cluster's backends with perf (call graphs) into dir/<name>.data.
  const backends = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && stat(p)?.ppid === postmaster && typeOf(p) === 'backend');
  const perf = process.env.PROFILE_PERF
    ? spawn('perf', ['record', '-F', '997', '-g', '-o', join(process.env.PROFILE_PERF, `${name}.data`), '-p', backends.join(',')], { stdio: 'ignore' })
    : null;
  const r = wrk(server.url, seconds);
  if (perf) {
    perf.kill('SIGINT');
    await new Promise((ok) => perf.once('exit', ok));
  }
  // What the run left behind (a compaction after its last batches) belongs to it too.
  await new Promise((ok) => setTimeout(ok, 2500));
  const cpu = stop();
  const batches = r.requests;
  const wal = (await db.query('SELECT wal_bytes::float8 AS b, wal_fpi::float8 AS fpi, wal_records::float8 AS rec FROM pg_stat_wal')).rows[0];
  const rows = (
    await db.query(`SELECT toplevel, calls::float8 AS calls, total_exec_time AS ms, total_plan_time AS plan, plans::float8 AS plans, shared_blks_hit + shared_blks_read AS blks, shared_blks_dirtied AS dirtied,
      wal_bytes::float8 AS wal, wal_fpi::float8 AS fpi, rows::float8 AS rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q
      FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 25`)
  ).rows;
  console.log(`\n== ${name}: ${batches} batches (${Math.round((batches * BATCH) / seconds)}/s) ==`);
  console.log(
    `WAL per batch: ${(wal.b / batches / 1024).toFixed(1)} KiB, ${(wal.rec / batches).toFixed(0)} records, ${(wal.fpi / batches).toFixed(2)} full-page images`,
  );
  console.log(
    `cluster CPU per batch by process type (ms): ${Object.entries(cpu)
      .map(([k, v]) => `${k} ${(v / batches).toFixed(3)}`)
      .join(', ')}`,
  );
  console.log('ms/batch  plan ms/batch  plans/call  calls/batch  blks/call  dirtied/batch  WALKiB/batch  fpi/batch  top  query');
  for (const s of rows)
    console.log(
      [
        (s.ms / batches).toFixed(3).padStart(8),
        (s.plan / batches).toFixed(3).padStart(13),
        (s.plans / Math.max(1, s.calls)).toFixed(2).padStart(11),
        (s.calls / batches).toFixed(3).padStart(11),
        (s.blks / Math.max(1, s.calls)).toFixed(0).padStart(10),
        (s.dirtied / batches).toFixed(2).padStart(13),
        (s.wal / batches / 1024).toFixed(2).padStart(13),
        (s.fpi / batches).toFixed(2).padStart(10),
        s.toplevel ? ' top' : ' sub',
        s.q,
      ].join(' '),
    );
}
try {
  await profile('floor', floor);
  await profile('collector', collector);
} finally {
  await collector.stop();
  await floor.stop();
  await db.end();
  // PROFILE_EXPLAIN=file: auto_explain's plans (1% of statements, with buffers and WAL) are copied there.
  if (process.env.PROFILE_EXPLAIN) copyFileSync(join(cluster.dataDir, '..', 'log'), process.env.PROFILE_EXPLAIN);
  await cluster.stop();
}
