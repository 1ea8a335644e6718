import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, silentLogger } from '@tellus/collector';
import type { SurveyResponse } from '@tellus/schema';
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookPayload } from '../../packages/collector/src/webhook/dispatcher.js';
import { verifySignature } from '../../packages/collector/src/webhook/sign.js';
import { row, survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Storage, SurveySettings } from '../../packages/collector/src/storage/types.js';
import { ADMIN, seededStorage } from './seed.js';

const SECRET = 'a-long-webhook-secret-0123456789';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

/** A local receiver answering with the given statuses in turn (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(statuses[Math.min(got.length - 1, statuses.length - 1)] ?? 200).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

const settingsStore = (map: Record<string, Partial<SurveySettings>>) => ({
  getSurveySettings: async (id: string): Promise<SurveySettings> => ({ webhookUrl: null, webhookSecret: null, retentionDays: null, ...map[id] }),
});

const strip = ({ siteKey: _s, receivedAt: _r, ...r }: ReturnType<typeof row>): SurveyResponse => r;
const done = strip(row('2026-03-02T10:00:00.000Z', { nps: 2, why: 'Rude agent' }, { agent: 'bruno' }));
const partial = strip(row('2026-03-02T10:01:00.000Z', { nps: 9 }, {}, false));

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function dispatcher(options: Parameters<typeof createWebhookDispatcher>[0]): WebhookDispatcher {
  const d = createWebhookDispatcher(options);
  cleanup.push(() => d.close());
  return d;
}

describe('webhook dispatcher', () => {
  it('posts each completed response once, signed with the survey secret', async () => {
    const r = await receiver([200]);
    cleanup.push(r.close);
    const d = dispatcher({ storage: settingsStore({ 'post-chat': { webhookUrl: r.url, webhookSecret: SECRET } }) });
    d.onIngested([done, partial], 'shop');
    await d.idle();
    expect(r.got).toHaveLength(1);
    const [hit] = r.got;
    expect(hit!.headers['content-type']).toBe('application/json');
    expect(verifySignature(SECRET, hit!.body, hit!.headers['x-tellus-signature'] as string)).toBe(true);
    expect(verifySignature('another-secret-0123456789', hit!.body, hit!.headers['x-tellus-signature'] as string)).toBe(false);
    expect(Math.abs(Number(hit!.headers['x-tellus-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    const payload = JSON.parse(hit!.body) as WebhookPayload;
    expect(payload).toMatchObject({ event: 'response.completed', deliveryId: `${done.id}:1`, siteKey: 'shop', surveyId: 'post-chat' });
    expect(payload.response).toEqual(done);
  });

  it('retries server errors with backoff and keeps the delivery id', async () => {
    const r = await receiver([500, 503, 200]);
    cleanup.push(r.close);
    const d = dispatcher({ storage: settingsStore({ 'post-chat': { webhookUrl: r.url, webhookSecret: SECRET } }), baseDelayMs: 5 });
    d.onIngested([done], 'shop');
    await d.idle();
    expect(r.got).toHaveLength(3);
    expect(new Set(r.got.map((g) => (JSON.parse(g.body) as WebhookPayload).deliveryId)).size).toBe(1);
    expect(r.got.every((g) => verifySignature(SECRET, g.body, g.headers['x-tellus-signature'] as string))).toBe(true);
  });

  it('stops after the bounded number of attempts, and at once on a 4xx refusal', async () => {
    const failing = await receiver([500]);
    const refusing = await receiver([410]);
    cleanup.push(failing.close, refusing.close);
    const errors: string[] = [];
    const logger = { info() {}, warn() {}, error: (msg: string) => void errors.push(msg) };
    const d = dispatcher({
      storage: settingsStore({ 'post-chat': { webhookUrl: failing.url }, other: { webhookUrl: refusing.url } }),
      baseDelayMs: 2,
      maxAttempts: 4,
      logger,
    });
    d.onIngested([done, { ...done, id: '0190f000-0000-7000-8000-0000000000ff', surveyId: 'other' }], 'shop');
    await d.idle();
    expect(failing.got).toHaveLength(4);
    expect(refusing.got).toHaveLength(1);
    expect(errors).toEqual(['webhook delivery failed', 'webhook delivery failed']);
    // Without a secret the request is still sent, just unsigned.
    expect(failing.got[0]!.headers['x-tellus-signature']).toBeUndefined();
  });

  it('retries when the receiver is unreachable', async () => {
    const gone = await receiver([200]);
    await gone.close(); // nothing listens on this port any more
    const d = dispatcher({ storage: settingsStore({ 'post-chat': { webhookUrl: gone.url } }), baseDelayMs: 2, maxAttempts: 3 });
    const seen: number[] = [];
    d.onIngested([done]);
    seen.push(d.pending);
    await d.idle();
    expect(seen[0]).toBeGreaterThan(0);
    expect(d.pending).toBe(0);
  });

  it('never blocks or throws into ingestion, even when settings cannot be read', async () => {
    const hanging = createServer(() => {}); // accepts and never answers
    await new Promise<void>((ok) => hanging.listen(0, '127.0.0.1', ok));
    cleanup.push(() => new Promise<void>((ok) => { hanging.closeAllConnections(); hanging.close(() => ok()); }));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
    const d = dispatcher({ storage: settingsStore({ 'post-chat': { webhookUrl: url } }), timeoutMs: 50, baseDelayMs: 1, maxAttempts: 2 });
    const t = performance.now();
    d.onIngested([done]);
    expect(performance.now() - t).toBeLessThan(20);
    const broken = dispatcher({ storage: { getSurveySettings: () => Promise.reject(new Error('db down')) } });
    expect(() => broken.onIngested([done])).not.toThrow();
    await Promise.all([d.idle(), broken.idle()]);
  });

  it('sends nothing for surveys without a webhook', async () => {
    const r = await receiver([200]);
    cleanup.push(r.close);
    const d = dispatcher({ storage: settingsStore({}) });
    d.onIngested([done]);
    await d.idle();
    expect(r.got).toHaveLength(0);
  });
});

describe('PUT /v1/admin/surveys/:id/settings', () => {
  let storage: Storage | undefined;
  afterEach(async () => {
    await storage?.close();
    storage = undefined;
  });

  it('stores webhook and retention settings and never reads the secret back', async () => {
    storage = await seededStorage(survey, []);
    const app = createApp({ storage, adminToken: ADMIN, logger: silentLogger });
    const put = (body: unknown) =>
      app.request('/v1/admin/surveys/post-chat/settings', {
        method: 'PUT',
        headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const res = await put({ webhookUrl: 'https://desk.example.com/hooks/tellus', webhookSecret: SECRET, retentionDays: 365 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ settings: { webhookUrl: 'https://desk.example.com/hooks/tellus', webhookSecretSet: true, retentionDays: 365 } });
    expect(await storage.getSurveySettings('post-chat')).toEqual({ webhookUrl: 'https://desk.example.com/hooks/tellus', webhookSecret: SECRET, retentionDays: 365 });

    const bad = await put({ webhookUrl: 'javascript:alert(1)', webhookSecret: 'short', retentionDays: 0, extra: 1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['extra', 'webhookUrl', 'webhookSecret', 'retentionDays']);

    expect((await put({ webhookUrl: null })).status).toBe(200);
    expect((await storage.getSurveySettings('post-chat')).webhookUrl).toBeNull();
    expect((await app.request('/v1/admin/surveys/post-chat/settings', { method: 'PUT', body: '{}' })).status).toBe(401);
    expect((await app.request('/v1/admin/surveys/nope/settings', { headers: { Authorization: `Bearer ${ADMIN}` } })).status).toBe(404);
  });
});
