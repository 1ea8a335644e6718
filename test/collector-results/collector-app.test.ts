// The results half wired into the real collector app: ingest → results, export, webhook, erasure, no IP kept.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../packages/collector/src/server.js';
import { silentLogger } from '../../packages/collector/src/log.js';
import { openPGliteStorage } from '../../packages/collector/src/storage/pglite.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { createDeliveryWorker, type DeliveryWorker } from '../../packages/collector/src/deliveries/worker.js';
import { verifySignature } from '../../packages/collector/src/deliveries/sign.js';
import { row, survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Results } from '../../packages/collector/src/results/types.js';
import { ADMIN } from './seed.js';

const IP = '203.0.113.77';
const SECRET = 'integration-secret-0123456789';
const admin = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };

let dir: string;
let storage: Storage;
let webhooks: DeliveryWorker;
let app: ReturnType<typeof createApp>;
let hook: Server;
const hookBodies: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tellus-results-'));
  storage = await openPGliteStorage(dir);
  await storage.migrate();
  await storage.upsertSite({ key: 'shop', origins: ['https://shop.example.com'] });
  await storage.putSurvey('shop', survey);
  webhooks = createDeliveryWorker({ deliveries: storage.deliveries, surveys: storage, backoff: { baseDelayMs: 5 } });
  app = createApp({ storage, adminToken: ADMIN, logger: silentLogger, deliveries: webhooks });
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hookBodies.push({ body, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => hook.listen(0, '127.0.0.1', ok));
});

afterAll(async () => {
  await webhooks?.close();
  await new Promise<void>((ok) => hook.close(() => ok()));
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

const strip = ({ siteKey: _s, receivedAt: _r, ...r }: ReturnType<typeof row>) => r;

describe('results half inside createApp', () => {
  it('posts completed responses to the webhook set through the settings API', async () => {
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const put = await app.request('/v1/admin/surveys/post-chat/settings', {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ webhookUrl: url, webhookSecret: SECRET }),
    });
    expect(put.status).toBe(200);

    const items = [
      { ...strip(row('2026-03-02T10:00:00.000Z', { nps: 10, why: 'Lovely' }, { location: 'riga' })), anonId: 'anon-1' },
      { ...strip(row('2026-03-02T11:00:00.000Z', { nps: 4 }, { location: 'tallinn' })), anonId: 'anon-2' },
      strip(row('2026-03-02T12:00:00.000Z', { nps: 8 }, { location: 'riga' }, false)),
    ];
    const res = await app.request('/v1/responses', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: 'https://shop.example.com', 'X-Forwarded-For': IP, 'X-Real-IP': IP },
      body: JSON.stringify({ siteKey: 'shop', responses: items }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { accepted: string[] }).accepted).toHaveLength(3);
    await webhooks.settled();
    expect(hookBodies).toHaveLength(2); // the partial is not sent
    expect(hookBodies.every((h) => verifySignature(SECRET, h.body, h.headers))).toBe(true);
    expect(hookBodies.map((h) => JSON.parse(h.body).response.id).sort()).toEqual([items[0]!.id, items[1]!.id].sort());

    // A retry of the same batch is all duplicates and sends nothing again.
    await app.request('/v1/responses', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://shop.example.com' },
      body: JSON.stringify({ siteKey: 'shop', responses: items }),
    });
    await webhooks.settled();
    expect(hookBodies).toHaveLength(2);
  });

  it('serves results, exports and the dashboard from the same app', async () => {
    const r = (await (await app.request('/v1/surveys/post-chat/results?groupBy=location', { headers: admin })).json()) as Results;
    expect(r.n).toBe(3);
    expect(r.scores.nps).toMatchObject({ score: 0, promoters: 1, passives: 1, detractors: 1 });
    expect(r.groups.map((g) => [g.value, g.n])).toEqual([
      ['riga', 2],
      ['tallinn', 1],
    ]);
    const csv = await app.request('/v1/surveys/post-chat/responses.csv', { headers: admin });
    expect((await csv.text()).split('\r\n').filter(Boolean)).toHaveLength(4);
    const page = await app.request('/dashboard', { headers: { Authorization: `Bearer ${ADMIN}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await app.request('/dashboard')).status).toBe(401);
  });

  it('erases one respondent', async () => {
    const res = await app.request('/v1/respondents/anon-1', { method: 'DELETE', headers: admin });
    expect(await res.json()).toEqual({ deleted: 1 });
    const r = (await (await app.request('/v1/surveys/post-chat/results', { headers: admin })).json()) as Results;
    expect(r.n).toBe(2);
  });

  it('keeps no client IP address anywhere in the database', async () => {
    await storage.close();
    const db = await PGlite.create(dir);
    try {
      const tables = await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rows.length).toBeGreaterThanOrEqual(4);
      let dump = '';
      for (const { tablename } of tables.rows) {
        const rows = await db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${tablename}" t`);
        dump += rows.rows.map((x) => x.j).join('\n');
      }
      expect(dump).toContain('tallinn'); // the dump really holds the responses
      expect(dump).not.toContain(IP);
    } finally {
      await db.close();
      storage = await openPGliteStorage(dir); // afterAll closes it again
    }
  });
});
