// `npm start`: builds what is missing, runs the collector on embedded PGlite with the demo site and surveys, serves the demo.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../demo/server.mjs';
import { freePort } from './free-port.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/collector/dist/cli.js');
const dataDir = resolve(root, process.env.TELLUS_DATA_DIR ?? '.tellus-data');
const adminToken = process.env.TELLUS_ADMIN_TOKEN || randomBytes(18).toString('base64url');
const SITE_KEY = 'demo';
const where = (p) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p) || '.');

// When PORT / DEMO_PORT is 0, a free port is picked so both origins are known before the collector starts.
const portFrom = async (value, fallback) => {
  const n = value === undefined || value === '' ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`not a port: ${value}`);
  return n === 0 ? freePort() : n;
};

const fail = (message) => {
  console.error(`\n✖ ${message}`);
  process.exit(1);
};

// 1. One owner per data directory: a second `npm start` says where the first one runs instead of
// fighting it (or rebuilding its files). Only a built tree can be running, so dist/ is there then.
const built = join(root, 'packages/collector/dist/index.js');
const owner = existsSync(built) ? (await import(built)).dataDirOwner?.(dataDir) : null;
if (owner) {
  const at = owner.url ? ` at ${owner.url.replace('127.0.0.1', 'localhost')} (dashboard: ${owner.url.replace('127.0.0.1', 'localhost')}/dashboard)` : '';
  fail(`Tellus is already running on ${where(dataDir)}: process ${owner.pid}${at}. Stop it (Ctrl-C in its terminal) or set TELLUS_DATA_DIR to start another.`);
}

if (adminToken.length < 24) fail('TELLUS_ADMIN_TOKEN must be at least 24 characters; unset it and a random one is made for you');

// 2. Build once after a fresh clone; later starts reuse dist/.
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-missing'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) fail('the build failed (see above)');

const collectorPort = await portFrom(process.env.PORT, 8787);
const demoPort = await portFrom(process.env.DEMO_PORT, collectorPort === 8787 ? 8788 : 0);
const collectorUrl = `http://127.0.0.1:${collectorPort}`;
const show = (port) => `http://localhost:${port}`;
const env = { ...process.env, PORT: String(collectorPort), TELLUS_DATA_DIR: dataDir, TELLUS_ADMIN_TOKEN: adminToken };
delete env.DATABASE_URL; // the demo always runs on the embedded default

/** Runs one `tellus` CLI command on the data dir; PGlite is single-process, so this happens before `serve`. */
function tellus(args) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) fail(`tellus ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
}

// 3. The demo site key allows the demo's own origin (both spellings a browser may use), then the surveys.
const origins = [`http://localhost:${demoPort}`, `http://127.0.0.1:${demoPort}`];
tellus(['sites', 'add', SITE_KEY, ...origins.flatMap((o) => ['--origin', o])]);
const surveyFiles = readdirSync(join(root, 'demo/surveys'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => join('demo/surveys', f));
tellus(['surveys', 'push', '--site', SITE_KEY, ...surveyFiles]);

// 4. The collector, its request log going to a file so this terminal stays readable.
const logPath = `${dataDir}.log`;
const log = createWriteStream(logPath, { flags: 'a' });
const collector = spawn(process.execPath, [cli, 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
collector.stdout.pipe(log);
collector.stderr.pipe(log);
let stopping = false;
const collectorExit = new Promise((done) => collector.once('exit', (code, signal) => done({ code, signal })));
collectorExit.then(({ code, signal }) => {
  if (!stopping) fail(`the collector stopped unexpectedly (${signal ?? `exit ${code}`}); its log: ${where(logPath)}`);
});

const deadline = Date.now() + 30_000;
for (;;) {
  const ok = await fetch(`${collectorUrl}/healthz`).then((r) => r.ok, () => false);
  if (ok) break;
  if (Date.now() > deadline) fail(`the collector did not answer ${collectorUrl}/healthz within 30 s; its log: ${logPath}`);
  await new Promise((r) => setTimeout(r, 150));
}

// 5. The demo site, on its own origin like a real shop, proxying /v1/ to the collector.
const demo = await startDemoServer({ collectorUrl, port: demoPort, host: '127.0.0.1' }).catch((e) => fail(`cannot serve the demo on port ${demoPort}: ${e.message}`));

console.log(`
Tellus demo is running
  Demo site    ${show(demoPort)}/
  Dashboard    ${show(collectorPort)}/dashboard?token=${adminToken}
  Link survey  ${show(collectorPort)}/s/post-purchase?channel=email
  Collector    ${show(collectorPort)}  (PGlite data in ${where(dataDir)}, log in ${where(logPath)})
Press Ctrl-C to stop.`);

// 6. Ctrl-C: stop the demo server, let the collector finish in-flight requests, then leave.
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\nStopping (${signal})…`);
  const demoClosed = demo.close();
  if (collector.exitCode === null && collector.signalCode === null) collector.kill('SIGTERM');
  const kill = setTimeout(() => collector.kill('SIGKILL'), 8_000);
  await Promise.all([demoClosed, collectorExit]);
  clearTimeout(kill);
  log.end();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
