// Deliveries across a SIGKILL of the collector process, on PGlite and PostgreSQL, and two collector processes sharing one outbox.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../scripts/postgres.mjs';
import { freePort } from '../../scripts/free-port.mjs';
import type { SurveyResponse } from '@tellus/schema';
import { verifySignature } from '../../packages/collector/src/deliveries/sign.js';
import { ADMIN, fullSurvey, makeResponse, ORIGIN } from './fixtures.js';
import { ensureBuilt, runCli, startCollector, type RunningCollector } from './spawn.js';
import { httpReceiver, smtpReceiver, type HttpReceiver, type Received, type SmtpReceiver } from '../helpers/receivers.js';

const SECRET = 'durable-webhook-secret-0123456789';
const admin = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };

let dir: string;
let pg: TestPostgres;
let smtp: SmtpReceiver;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tellus-durable-'));
  writeFileSync(join(dir, 'post-chat.json'), JSON.stringify(fullSurvey()));
  // Every first attempt at a mail is refused with a 451, so e-mail is retried too.
  [pg, smtp] = await Promise.all([startPostgres(), smtpReceiver({ rejectFirst: 1 })]);
});
afterAll(async () => {
  await smtp?.close();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const serverEnv = (storage: Record<string, string>) => ({
  ...storage,
  TELLUS_ADMIN_TOKEN: ADMIN,
  TELLUS_RATE_BURST: '100000',
  TELLUS_RATE_PER_SECOND: '100000',
  TELLUS_DELIVERY_POLL_MS: '50',
  TELLUS_DELIVERY_RETRY_MS: '50',
  TELLUS_DELIVERY_LEASE_MS: '3000',
  TELLUS_SMTP_URL: smtp.url,
  TELLUS_PUBLIC_URL: 'https://tellus.lumo.example',
});

async function setUp(storage: Record<string, string>): Promise<void> {
  const env = { ...storage, TELLUS_ADMIN_TOKEN: ADMIN };
  const site = await runCli(['sites', 'add', 'shop', '--origin', ORIGIN], env);
  expect(site.code, site.stderr).toBe(0);
  const pushed = await runCli(['surveys', 'push', '--site', 'shop', join(dir, 'post-chat.json')], env);
  expect(pushed.code, pushed.stderr).toBe(0);
}

async function configure(url: string, hookPort: number): Promise<void> {
  const hook = `http://127.0.0.1:${hookPort}`;
  const settings = await fetch(`${url}/v1/admin/surveys/post-chat/settings`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ webhookUrl: `${hook}/hook`, webhookSecret: SECRET }),
  });
  expect(settings.status).toBe(200);
  const rules = [
    {
      id: 'detractors',
      when: [{ question: 'nps', lte: 6 }],
      destinations: [
        { type: 'slack', url: `${hook}/slack` },
        { type: 'email', to: ['care@lumo.example'] },
      ],
    },
  ];
  const saved = await fetch(`${url}/v1/admin/surveys/post-chat/rules`, { method: 'PUT', headers: admin, body: JSON.stringify({ rules }) });
  expect(saved.status, await saved.clone().text()).toBe(200);
}

async function ingest(url: string, responses: SurveyResponse[]): Promise<void> {
  const res = await fetch(`${url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ siteKey: 'shop', responses }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { accepted: string[] }).accepted).toHaveLength(responses.length);
}

interface Counts {
  pending: number;
  delivered: number;
  failed: number;
}
async function counts(url: string): Promise<{ counts: Counts; deliveries: { id: string; attempts: number; lastError: string | null }[] }> {
  return (await (await fetch(`${url}/v1/admin/deliveries?limit=1000`, { headers: admin })).json()) as never;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The receiver that comes up after the crash: every event's first request gets a 500, later ones a 200. */
const fiveHundredThenOk = (req: { headers: Record<string, string | string[] | undefined> }, got: Received[]) =>
  got.some((g) => g.headers['x-tellus-event-id'] === req.headers['x-tellus-event-id']) ? 200 : 500;

const batch = () => {
  const detractors = Array.from({ length: 6 }, (_, i) => makeResponse('post-chat', { answers: { csat: 2, nps: i % 7 }, meta: { location: 'riga' } }));
  const promoters = Array.from({ length: 6 }, () => makeResponse('post-chat', { answers: { csat: 5, nps: 10 }, meta: { location: 'tallinn' } }));
  const partial = makeResponse('post-chat', { completed: false, answers: { csat: 1, nps: 0 } });
  return { detractors, promoters, partial, all: [...detractors, ...promoters, partial] };
};

/** Every expected event id ended in a 200 (and, in one process, nothing was sent after its 200); nothing for the rest. */
function checkReceived(got: Received[], b: ReturnType<typeof batch>) {
  const ok = (path: string) => new Set(got.filter((g) => g.path === path && g.status === 200).map((g) => g.headers['x-tellus-event-id'] as string));
  const hooks = ok('/hook');
  expect([...hooks].sort()).toEqual([...b.detractors, ...b.promoters].map((r) => `${r.id}:0`).sort());
  expect([...ok('/slack')].sort()).toEqual(b.detractors.map((r) => `alert:${r.id}:detractors:0`).sort());
  for (const g of got.filter((x) => x.path === '/hook')) expect(verifySignature(SECRET, g.body, g.headers, { toleranceSeconds: 300 })).toBe(true);
  const text = JSON.stringify(got.filter((g) => g.path === '/slack'));
  for (const r of [...b.promoters, b.partial]) expect(text).not.toContain(r.id);
}

async function crashAndRecover(storage: Record<string, string>) {
  const hookPort = await freePort(); // nothing listens there yet: the receiver is down
  let collector: RunningCollector | undefined = await startCollector(serverEnv(storage));
  let receiver: HttpReceiver | undefined;
  try {
    await configure(collector.url, hookPort);
    const b = batch();
    await ingest(collector.url, b.all);
    // Each of the 12 webhooks and 6 Slack alerts has failed at least once against the dead receiver.
    await until(
      () => counts(collector!.url),
      (c) => c.deliveries.filter((d) => d.id.endsWith(':0') && d.lastError !== null).length === 18,
      'failed first attempts',
    );
    // Only e-mail (its SMTP server is up) can have left; nothing reached the dead HTTP receiver.
    expect((await counts(collector.url)).counts.delivered).toBeLessThanOrEqual(6);
    expect(await collector.stop('SIGKILL')).toBeNull();
    receiver = await httpReceiver(fiveHundredThenOk, hookPort);
    collector = await startCollector(serverEnv(storage));
    const done = await until(
      () => counts(collector!.url),
      (c) => c.counts.pending === 0,
      'no pending deliveries',
    );
    // 12 webhooks, 6 Slack alerts, 6 e-mails; none failed, none lost.
    expect(done.counts).toEqual({ pending: 0, delivered: 24, failed: 0 });
    checkReceived(receiver.got, b);
    // In one process an event is not sent again after the receiver acknowledged it.
    const acked = new Set<string>();
    for (const g of receiver.got) {
      const id = g.headers['x-tellus-event-id'] as string;
      expect(acked.has(id), `${id} sent after its 200`).toBe(false);
      if (g.status === 200) acked.add(id);
    }
    const mails = smtp.mails.filter((m) => b.detractors.some((r) => m.raw.includes(r.id)));
    expect(new Set(mails.map((m) => b.detractors.find((r) => m.raw.includes(r.id))!.id)).size).toBe(6);
  } finally {
    await collector?.stop();
    await receiver?.close();
  }
}

describe('deliveries survive a SIGKILL of the collector', () => {
  it('on PGlite: a receiver down, the collector killed, the receiver up (500 then 200): every matching event delivered', async () => {
    const storage = { TELLUS_DATA_DIR: join(dir, 'pglite') };
    await setUp(storage);
    await crashAndRecover(storage);
  }, 240_000);

  it('on PostgreSQL: the same, with the outbox in a real PostgreSQL server', async () => {
    const storage = { DATABASE_URL: pg.url };
    await setUp(storage);
    await crashAndRecover(storage);
  }, 240_000);
});

describe('two collector processes on one PostgreSQL', () => {
  it('share the outbox: each event delivered until acknowledged, none lost when one process is killed', async () => {
    const storage = { DATABASE_URL: pg.url };
    const receiver = await httpReceiver(fiveHundredThenOk);
    const [a, b] = await Promise.all([startCollector(serverEnv(storage)), startCollector(serverEnv(storage))]);
    try {
      await configure(a.url, receiver.port);
      const first = batch();
      const second = batch();
      await Promise.all([ingest(a.url, first.all), ingest(b.url, second.all)]);
      // Kill one process while its deliveries are in flight; the other takes them over once their leases run out.
      await a.stop('SIGKILL');
      const done = await until(
        () => counts(b.url),
        (c) =>
          c.deliveries.filter((d) => [...first.all, ...second.all].some((r) => d.id.includes(r.id))).every((d) => d.attempts > 0) && c.counts.pending === 0,
        'all delivered by the survivor',
      );
      expect(done.counts.failed).toBe(0);
      checkReceived(
        receiver.got.filter((g) => first.all.some((r) => g.body.includes(r.id))),
        first,
      );
      checkReceived(
        receiver.got.filter((g) => second.all.some((r) => g.body.includes(r.id))),
        second,
      );
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await receiver.close();
    }
  }, 240_000);

  it('never send one event twice while both are alive (claims skip what the other holds)', async () => {
    const storage = { DATABASE_URL: pg.url };
    const receiver = await httpReceiver(() => 200);
    const [a, b] = await Promise.all([startCollector(serverEnv(storage)), startCollector(serverEnv(storage))]);
    try {
      await configure(a.url, receiver.port);
      const batches = Array.from({ length: 6 }, batch);
      await Promise.all(batches.map((x, i) => ingest(i % 2 ? a.url : b.url, x.all)));
      const ids = batches.flatMap((x) => [...x.detractors, ...x.promoters]);
      await receiver.waitFor((got) => ids.every((r) => got.some((g) => g.headers['x-tellus-event-id'] === `${r.id}:0`)), 90_000);
      await until(
        () => counts(a.url),
        (c) => c.counts.pending === 0,
        'no pending deliveries',
      );
      const sent = receiver.got.map((g) => g.headers['x-tellus-event-id'] as string).filter((id) => ids.some((r) => id.includes(r.id)));
      expect(sent.length).toBe(new Set(sent).size);
      expect(new Set(sent).size).toBe(ids.length + batches.length * 6);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await receiver.close();
    }
  }, 240_000);
});
