// Shared bench plumbing: ports, percentiles, uuid v7, request bodies, child processes and a throwaway PostgreSQL.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'packages/collector/dist/cli.js');
/** PG_BIN, else the newest Debian PostgreSQL install (the version follows the distribution's release). */
const PG_ROOT = '/usr/lib/postgresql';
const PG_MAJORS = existsSync(PG_ROOT) ? readdirSync(PG_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a) : [];
export const PG_BIN = process.env.PG_BIN ?? join(PG_ROOT, PG_MAJORS[0] ?? '15', 'bin');
/** The major version the bench runs on, for its labels. */
export const PG_MAJOR = /postgresql\/(\d+)\//.exec(PG_BIN)?.[1] ?? '';
export const BATCH = 50;

/** The survey every benchmark answers: a CSAT rating, an NPS and a comment, like the demo's. */
export const SURVEY = {
  id: 'bench',
  version: 1,
  trigger: { event: 'bench_go' },
  throttle: { recontactDays: 0, ignoreGlobalCooldown: true },
  questions: [
    { id: 'csat', type: 'rating', scale: 5, style: 'stars', text: 'How satisfied are you?', required: true },
    { id: 'nps', type: 'nps', text: 'Would you recommend us?' },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
};

export const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** The p-quantile (0..1) of numbers, nearest rank. */
export const quantile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
};
export const median = (values) => quantile(values, 0.5);

export function uuidv7() {
  const b = randomBytes(16);
  b.writeUIntBE(Date.now(), 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** One request body: `n` completed responses with fresh ids. */
export function batchBody(siteKey, n = BATCH) {
  const now = new Date().toISOString();
  return JSON.stringify({
    siteKey,
    responses: Array.from({ length: n }, (_, i) => ({
      id: uuidv7(),
      surveyId: SURVEY.id,
      surveyVersion: 1,
      seq: 0,
      completed: true,
      answers: { csat: (i % 5) + 1, nps: i % 11, why: 'Quick delivery, friendly agent.' },
      meta: { url: 'https://shop.example/checkout', locale: 'en', channel: 'web', location: `branch-${i % 5}` },
      anonId: uuidv7(),
      createdAt: now,
      updatedAt: now,
    })),
  });
}

/** Resident memory of a process in bytes (Linux /proc), or NaN where unavailable. */
export function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

function run(cmd, args, user) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} exited ${code}: ${out}`))));
  });
}

export const hasPostgres = () => existsSync(join(PG_BIN, 'initdb'));

/** A throwaway PostgreSQL cluster with default durability (as test/helpers/postgres.ts, in plain JS). */
export async function startPostgres() {
  const user =
    process.getuid?.() === 0
      ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) }
      : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'tellus-bench-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  await run(join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], user);
  const port = await freePort();
  await run(join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`, 'start'], user);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await run(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], user).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Spawns a node script that prints `listening <port>` (or the collector's JSON "listening" log) and resolves with its URL. */
export function spawnServer(args, env = {}) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => fail(new Error(`no "listening" within 60 s:\n${out}`)), 60_000);
    const onData = (d) => {
      out += d;
      const m = /"msg":"listening"[^\n]*"port":(\d+)|^listening (\d+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume(); // keep draining request logs so a full pipe never stalls the server
      ok({
        url: `http://127.0.0.1:${m[1] ?? m[2]}`,
        pid: child.pid,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited ${code}:\n${out}`));
    });
  });
}

/** Starts the built collector (`tellus serve`) with rate limits out of the way, and creates the bench site and survey. */
export async function startCollector({ databaseUrl, origins = ['https://bench.example'] } = {}) {
  const dir = databaseUrl ? null : mkdtempSync(join(tmpdir(), 'tellus-bench-pglite-'));
  const env = {
    TELLUS_ADMIN_TOKEN: 'bench-token',
    TELLUS_RATE_BURST: '100000000',
    TELLUS_RATE_PER_SECOND: '100000000',
    DATABASE_URL: databaseUrl ?? '',
    ...(dir ? { TELLUS_DATA_DIR: dir } : {}),
  };
  const server = await spawnServer([CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], env);
  const admin = { authorization: 'Bearer bench-token', 'content-type': 'application/json' };
  let res = await fetch(`${server.url}/v1/admin/sites`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'bench', origins }) });
  if (!res.ok) throw new Error(`creating the bench site: ${res.status} ${await res.text()}`);
  res = await fetch(`${server.url}/v1/admin/surveys/bench`, { method: 'PUT', headers: admin, body: JSON.stringify({ siteKey: 'bench', survey: SURVEY }) });
  if (!res.ok) throw new Error(`pushing the bench survey: ${res.status} ${await res.text()}`);
  return {
    ...server,
    async stop() {
      await server.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
