// Shared bench plumbing: ports, percentiles, uuid v7, request bodies, child processes and a throwaway PostgreSQL.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port.mjs';
import { startPostgres as startCluster } from '../postgres.mjs';

export { hasPostgres, PG_MAJOR } from '../postgres.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'packages/collector/dist/cli.js');
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

export { freePort };

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

/** Samples a process's resident memory every 25 ms until stopped; resolves with the highest seen. */
export function watchRss(pid) {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 25);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssOf(pid));
  };
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

/** A throwaway PostgreSQL cluster with default durability (the bench measures real writes). */
export const startPostgres = () => startCluster({ durable: true });

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

/** The collector refuses admin tokens under 24 characters. */
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-of-24-characters';

/** Starts the built collector (`tellus serve` of `cli`, under node with `nodeArgs`) with rate limits out of the way, and creates the bench site and survey. */
export async function startCollector({ databaseUrl, origins = ['https://bench.example'], dataDir, nodeArgs = [], cli = CLI } = {}) {
  // A dataDir given by the caller outlives this collector (restarts); otherwise a temporary one is removed on stop.
  const dir = databaseUrl ? null : (dataDir ?? mkdtempSync(join(tmpdir(), 'tellus-bench-pglite-')));
  const env = {
    TELLUS_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    TELLUS_RATE_BURST: '100000000',
    TELLUS_RATE_PER_SECOND: '100000000',
    DATABASE_URL: databaseUrl ?? '',
    ...(dir ? { TELLUS_DATA_DIR: dir } : {}),
  };
  const server = await spawnServer([...nodeArgs, cli, 'serve', '--port', '0', '--host', '127.0.0.1'], env);
  const admin = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' };
  let res = await fetch(`${server.url}/v1/admin/sites`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'bench', origins }) });
  if (!res.ok) throw new Error(`creating the bench site: ${res.status} ${await res.text()}`);
  res = await fetch(`${server.url}/v1/admin/surveys/bench`, { method: 'PUT', headers: admin, body: JSON.stringify({ siteKey: 'bench', survey: SURVEY }) });
  if (!res.ok) throw new Error(`pushing the bench survey: ${res.status} ${await res.text()}`);
  return {
    ...server,
    async stop() {
      await server.stop();
      if (dir && !dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
