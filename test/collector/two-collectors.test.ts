// Two spawned collector processes on one real PostgreSQL: exactly one row per id, highest seq, graceful stop.
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../scripts/postgres.mjs';
import { ADMIN, fullSurvey, makeResponse, ORIGIN, rng } from './fixtures.js';
import { ensureBuilt, runCli, startCollector, type RunningCollector } from './spawn.js';

let db: TestPostgres;
let a: RunningCollector;
let b: RunningCollector;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  ensureBuilt();
  db = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'tellus-two-'));
  env = { DATABASE_URL: db.url, TELLUS_ADMIN_TOKEN: ADMIN, TELLUS_RATE_BURST: '100000', TELLUS_RATE_PER_SECOND: '100000' };
  // Both processes start at once: migrations must serialise between them.
  [a, b] = await Promise.all([startCollector(env), startCollector(env)]);
  // Configure through the CLI against the same database the servers use.
  expect((await runCli(['sites', 'add', 'shop', '--origin', ORIGIN], env)).code).toBe(0);
  const file = join(dir, 'post-chat.json');
  writeFileSync(file, JSON.stringify(fullSurvey()));
  const pushed = await runCli(['surveys', 'push', '--site', 'shop', file], env);
  expect(pushed.code, pushed.stderr).toBe(0);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Ack = { accepted: string[]; duplicates: string[]; rejected: { id: string; error: string }[] };

async function send(url: string, responses: unknown[]): Promise<{ status: number; body: Ack }> {
  const res = await fetch(`${url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN },
    body: JSON.stringify({ siteKey: 'shop', responses }),
  });
  return { status: res.status, body: (await res.json()) as Ack };
}

describe('two collector processes on one PostgreSQL', () => {
  it('store exactly one row per id with the highest seq when ingesting overlapping batches concurrently', async () => {
    const random = rng(20260301);
    const ids = Array.from({ length: 300 }, () => makeResponse('post-chat', { completed: false, answers: {} }));
    const highest = new Map<string, number>();
    // 8 clients × 12 batches of 50, every batch a random pick of the 300 ids at random seqs, sent
    // alternately to each process; later seqs carry different answers so a lost update would show.
    const clients = Array.from({ length: 8 }, async (_, c) => {
      const acks: Ack[] = [];
      for (let n = 0; n < 12; n++) {
        const batch = Array.from({ length: 50 }, () => {
          const base = ids[Math.floor(random() * ids.length)]!;
          const seq = Math.floor(random() * 40);
          highest.set(base.id, Math.max(highest.get(base.id) ?? -1, seq));
          return { ...base, seq, completed: seq >= 30, answers: { csat: (seq % 5) + 1, nps: seq % 11 } };
        });
        const { status, body } = await send((c + n) % 2 ? a.url : b.url, batch);
        expect(status).toBe(200);
        expect(body.rejected).toEqual([]);
        expect(body.accepted.length + body.duplicates.length).toBe(50);
        acks.push(body);
      }
      return acks;
    });
    await Promise.all(clients);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; seq: number; answers: { csat: number; nps: number }; completed: boolean }>(
        "SELECT id::text, seq, answers, completed FROM responses WHERE survey_id = 'post-chat'",
      );
      expect(rows.length).toBe(highest.size);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      for (const row of rows) {
        const seq = highest.get(row.id);
        expect(row.seq).toBe(seq);
        expect(row.answers).toEqual({ csat: (seq! % 5) + 1, nps: seq! % 11 });
        expect(row.completed).toBe(seq! >= 30);
      }
    } finally {
      await client.end();
    }
  });

  it('finishes an in-flight request on SIGTERM, refuses new connections, and exits 0', async () => {
    const c = await startCollector(env);
    const item = makeResponse();
    const body = JSON.stringify({ siteKey: 'shop', responses: [item] });
    const half = Math.floor(body.length / 2);
    // Send half a request, signal, then the rest: the server must still answer it.
    let sentHalf!: () => void;
    const halfSent = new Promise<void>((r) => (sentHalf = r));
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${c.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, half), () => sentHalf());
      void c.waitForLog('shutting down').then(() => req.end(body.slice(half)));
    });
    await halfSent;
    // A request on a second, later connection coming back proves the server has accepted and
    // parsed the first one (connections are accepted in order): no timer needed.
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
    c.child.kill('SIGTERM');
    const res = await answered;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ accepted: [item.id] });
    await expect(fetch(`${c.url}/healthz`)).rejects.toThrow();
    expect(await c.exited).toBe(0);
    expect(c.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['signal', 'shutting down', 'stopped']));
  });
});
