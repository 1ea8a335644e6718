// The real thing for end-to-end tests: the `tellus` CLI collector on a temp PGlite dir, plus the demo server in front of it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../../demo/server.mjs';
import { ensureBuilt } from '../../helpers/build.js';
import { startPostgres, type TestPostgres } from '../../../scripts/postgres.mjs';
import { exited, freePort, until } from './processes.js';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'packages/collector/dist/cli.js');
export const SURVEY_IDS = readdirSync(join(root, 'demo/surveys'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

/** A stored response as the collector exports it (NDJSON): the SDK's response plus where and when it landed. */
export interface Row {
  id: string;
  surveyId: string;
  surveyVersion: number;
  seq: number;
  completed: boolean;
  answers: Record<string, unknown>;
  meta: Record<string, string | number | boolean | null>;
  siteKey: string;
  receivedAt: string;
}

export interface Stack {
  demo: DemoServer;
  demoUrl: string;
  collectorUrl: string;
  adminToken: string;
  /** Every stored row of the demo surveys, read through the collector's admin export API. */
  rows(): Promise<Row[]>;
  /** Polls until `accept(rows)` holds, or fails with the rows it saw. */
  waitForRows(accept: (rows: Row[]) => boolean, timeoutMs?: number): Promise<Row[]>;
  /** Observes (and may cut) requests on their way through the demo server to the collector. */
  setProxyHook(fn: ProxyHook | undefined): void;
  killCollector(signal?: NodeJS.Signals): Promise<void>;
  startCollector(): Promise<void>;
  collectorOutput(): string;
  close(): Promise<void>;
}

export interface StackOptions {
  /** 'pglite' (the default a new user gets) or a throwaway PostgreSQL cluster. */
  db?: 'pglite' | 'postgres';
}
export type ProxyHook = NonNullable<DemoServerOptions['onProxy']>;

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'tellus-e2e-'));
  const adminToken = 'e2e-admin-token-of-24-characters';
  const collectorPort = await freePort();
  const collectorUrl = `http://127.0.0.1:${collectorPort}`;
  let hook: ProxyHook | undefined;
  const demo = await startDemoServer({ collectorUrl, onProxy: (phase, req) => hook?.(phase, req) });
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(collectorPort), TELLUS_DATA_DIR: dataDir, TELLUS_ADMIN_TOKEN: adminToken };
  delete env.DATABASE_URL;
  let postgres: TestPostgres | undefined;
  let sql: pg.Pool | undefined;
  if (options.db === 'postgres') {
    postgres = await startPostgres();
    env.DATABASE_URL = postgres.url;
    sql = new pg.Pool({ connectionString: postgres.url, max: 2 });
  }

  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tellus ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  };
  run(['sites', 'add', 'demo', '--origin', demo.url, '--origin', demo.url.replace('127.0.0.1', 'localhost')]);
  run(['surveys', 'push', '--site', 'demo', ...SURVEY_IDS.map((id) => join(root, 'demo/surveys', `${id}.json`))]);

  let child: ChildProcess | undefined;
  let output = '';
  const startCollector = async () => {
    child = spawn(process.execPath, [cli, 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const proc = child;
    await until(
      async () => {
        if (proc.exitCode !== null) throw new Error(`collector exited ${proc.exitCode}:\n${output}`);
        return (await fetch(`${collectorUrl}/healthz`).then((r) => r.ok, () => false)) ? true : undefined;
      },
      30_000,
      () => `collector never healthy:\n${output}`,
    );
  };
  const killCollector = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    if ((await exited(child, 15_000)) === null) {
      child.kill('SIGKILL');
      await exited(child, 5_000);
    }
  };
  await startCollector();

  const rows = async (): Promise<Row[]> => {
    // On PostgreSQL the table is read directly; PGlite belongs to the collector process, so it is read through the API.
    if (sql) {
      const r = await sql.query(
        'select id, survey_id, survey_version, seq, completed, answers, meta, site_key, received_at from responses order by created_at, id',
      );
      return r.rows.map((x: Record<string, unknown>) => ({
        id: String(x.id),
        surveyId: String(x.survey_id),
        surveyVersion: Number(x.survey_version),
        seq: Number(x.seq),
        completed: Boolean(x.completed),
        answers: x.answers as Row['answers'],
        meta: x.meta as Row['meta'],
        siteKey: String(x.site_key),
        receivedAt: new Date(x.received_at as string).toISOString(),
      }));
    }
    const all: Row[] = [];
    for (const id of SURVEY_IDS) {
      const r = await fetch(`${collectorUrl}/v1/surveys/${id}/responses.ndjson`, { headers: { authorization: `Bearer ${adminToken}` } });
      if (!r.ok) throw new Error(`export of ${id} answered ${r.status}: ${await r.text()}`);
      for (const line of (await r.text()).split('\n')) if (line.trim()) all.push(JSON.parse(line) as Row);
    }
    return all;
  };

  return {
    demo,
    demoUrl: demo.url,
    collectorUrl,
    adminToken,
    rows,
    async waitForRows(accept, timeoutMs = 20_000) {
      let last: Row[] = [];
      return until(
        async () => {
          last = await rows().catch(() => last);
          return accept(last) ? last : undefined;
        },
        timeoutMs,
        () => `rows never matched; last seen ${JSON.stringify(last.map((r) => ({ id: r.id, surveyId: r.surveyId, seq: r.seq, completed: r.completed })))}`,
        200,
      );
    },
    setProxyHook: (fn) => void (hook = fn),
    killCollector,
    startCollector,
    collectorOutput: () => output,
    async close() {
      await killCollector('SIGTERM');
      await demo.close();
      await sql?.end();
      await postgres?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
