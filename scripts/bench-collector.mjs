// Ingestion throughput of the built collector (responses/s, batches of 50, concurrent clients on 127.0.0.1), on PGlite and PostgreSQL.
// Run: node scripts/bench-collector.mjs [--quick]; or import { benchCollector } from another script.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'packages/collector/dist/cli.js');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const TOKEN = 'bench-token';
const ORIGIN = 'https://bench.example';
const BATCH = 50;

const SURVEY = {
  id: 'bench',
  version: 1,
  questions: [
    { id: 'csat', type: 'rating', scale: 5, text: 'How satisfied are you?', required: true },
    { id: 'nps', type: 'nps', text: 'Would you recommend us?' },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
};

function uuidv7() {
  const b = randomBytes(16);
  b.writeUIntBE(Date.now(), 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function makeBatch(n) {
  const now = new Date().toISOString();
  return JSON.stringify({
    siteKey: 'bench',
    responses: Array.from({ length: n }, (_, i) => ({
      id: uuidv7(),
      surveyId: 'bench',
      surveyVersion: 1,
      seq: 0,
      completed: true,
      answers: { csat: (i % 5) + 1, nps: i % 11, why: 'Quick delivery, friendly agent.' },
      meta: { url: 'https://bench.example/checkout', locale: 'en', channel: 'web', agent: `agent-${i % 7}` },
      anonId: `anon_${i}`,
      createdAt: now,
      updatedAt: now,
    })),
  });
}

function run(cmd, args, user) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${out}`))));
  });
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** A throwaway PostgreSQL cluster (same approach as test/helpers/postgres.ts, in plain JS for node). */
async function startPostgres() {
  const user =
    process.getuid?.() === 0
      ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) }
      : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'tellus-bench-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  await run(join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], user);
  const port = await freePort();
  // Default durability (fsync on): the figure should mean something for a real deployment.
  await run(join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start'], user);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await run(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], user).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function startCollector(env, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', ...args], {
      env: { ...process.env, ...env, TELLUS_ADMIN_TOKEN: TOKEN, TELLUS_RATE_BURST: '1000000', TELLUS_RATE_PER_SECOND: '1000000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${err}`)), 60_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /"msg":"listening"[^\n]*"port":(\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stdout.resume(); // keep draining request logs so the pipe never blocks the server
        const stop = () =>
          new Promise((r) => {
            child.once('exit', r);
            child.kill('SIGTERM');
          });
        resolve({ url: `http://127.0.0.1:${m[1]}`, stop });
      }
    });
    child.on('exit', (code) => reject(new Error(`collector exited ${code}: ${err}`)));
  });
}

async function setup(url) {
  const admin = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  let res = await fetch(`${url}/v1/admin/sites`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'bench', origins: [ORIGIN] }) });
  if (!res.ok) throw new Error(`site: ${res.status} ${await res.text()}`);
  res = await fetch(`${url}/v1/admin/surveys/bench`, { method: 'PUT', headers: admin, body: JSON.stringify({ siteKey: 'bench', survey: SURVEY }) });
  if (!res.ok) throw new Error(`survey: ${res.status} ${await res.text()}`);
}

async function drive(url, { clients, batchesPerClient }) {
  // Bodies are built up front so the clients measure the collector, not JSON.stringify.
  const bodies = Array.from({ length: clients }, () => Array.from({ length: batchesPerClient }, () => makeBatch(BATCH)));
  const latencies = [];
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    bodies.map(async (mine) => {
      for (const body of mine) {
        const t = performance.now();
        const res = await fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body });
        const ack = await res.json();
        if (res.status !== 200 || ack.accepted.length !== BATCH) throw new Error(`unexpected answer ${res.status}: ${JSON.stringify(ack).slice(0, 300)}`);
        latencies.push(performance.now() - t);
        accepted += ack.accepted.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { responses: accepted, seconds, perSecond: accepted / seconds, p50: q(0.5), p95: q(0.95) };
}

/**
 * Measures each backend with a collector process of its own and returns one row per backend:
 * { backend, clients, batch, responses, seconds, responsesPerSecond, p50Ms, p95Ms }.
 */
export async function benchCollector({ quick = false } = {}) {
  if (!existsSync(CLI)) throw new Error('build first: node scripts/build.mjs');
  const clients = 4;
  const batchesPerClient = quick ? 10 : 60;
  const rows = [];
  const backends = [
    {
      name: 'PGlite (data dir)',
      async start() {
        const dir = mkdtempSync(join(tmpdir(), 'tellus-bench-pglite-'));
        const c = await startCollector({ DATABASE_URL: '' }, ['--data', dir]);
        return { url: c.url, stop: async () => (await c.stop(), rmSync(dir, { recursive: true, force: true })) };
      },
    },
  ];
  if (existsSync(join(PG_BIN, 'initdb')) || process.env.DATABASE_URL) {
    backends.push({
      name: 'PostgreSQL 15',
      async start() {
        const pg = process.env.DATABASE_URL ? null : await startPostgres();
        const c = await startCollector({ DATABASE_URL: process.env.DATABASE_URL || pg.url }, []).catch(async (e) => {
          await pg?.stop();
          throw e;
        });
        return { url: c.url, stop: async () => (await c.stop(), await pg?.stop()) };
      },
    });
  }
  for (const backend of backends) {
    const running = await backend.start();
    try {
      await setup(running.url);
      await drive(running.url, { clients, batchesPerClient: 2 }); // warm-up: JIT, caches, first pages
      const r = await drive(running.url, { clients, batchesPerClient });
      rows.push({
        backend: backend.name,
        clients,
        batch: BATCH,
        responses: r.responses,
        seconds: Number(r.seconds.toFixed(2)),
        responsesPerSecond: Math.round(r.perSecond),
        p50Ms: Number(r.p50.toFixed(1)),
        p95Ms: Number(r.p95.toFixed(1)),
      });
    } finally {
      await running.stop();
    }
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await benchCollector({ quick: process.argv.includes('--quick') });
  console.table(rows);
}
