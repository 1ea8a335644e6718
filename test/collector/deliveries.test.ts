// The outbox in one process on a real PGlite, with real local HTTP and SMTP receivers: webhooks, alert rules, follow-ups, digests.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Survey, SurveyResponse } from '@tellus/schema';
import { createApp } from '../../packages/collector/src/server.js';
import { silentLogger } from '../../packages/collector/src/log.js';
import { openPGliteStorage } from '../../packages/collector/src/storage/pglite.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from '../../packages/collector/src/deliveries/worker.js';
import { createMailer } from '../../packages/collector/src/deliveries/smtp.js';
import { verifySignature } from '../../packages/collector/src/deliveries/sign.js';
import { queueDigests } from '../../packages/collector/src/alerts/digest-schedule.js';
import { lastPeriod } from '../../packages/collector/src/alerts/digest.js';
import type { DeliveryView, ResponseEvent } from '../../packages/collector/src/deliveries/types.js';
import { ADMIN, fullSurvey, makeResponse, ORIGIN, uuidv7 } from './fixtures.js';
import { httpReceiver, smtpReceiver, type HttpReceiver, type SmtpReceiver } from '../helpers/receivers.js';

const SECRET = 'a-long-webhook-secret-0123456789';
const admin = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };

let storage: Storage;
let app: ReturnType<typeof createApp>;
let worker: DeliveryWorker | undefined;
let smtp: SmtpReceiver;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  storage = await openPGliteStorage();
  await storage.migrate();
  await storage.upsertSite({ key: 'shop', name: 'Lumo', origins: [ORIGIN] });
  smtp = await smtpReceiver();
});
afterAll(async () => {
  await smtp?.close();
  await storage?.close();
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  for (const f of cleanup.splice(0).reverse()) await f();
});

let surveyCount = 0;
/** A fresh survey per test, so deliveries of one test never meet another's. */
async function freshSurvey(): Promise<Survey> {
  const survey = fullSurvey(`deliv-${++surveyCount}`);
  await storage.putSurvey('shop', survey);
  return survey;
}

function start(options: Partial<DeliveryWorkerOptions> = {}) {
  worker = createDeliveryWorker({
    deliveries: storage.deliveries,
    surveys: storage,
    logger: silentLogger,
    pollMs: 20,
    backoff: { baseDelayMs: 10, maxDelayMs: 50 },
    mailer: createMailer({ url: smtp.url, from: 'Tellus <alerts@lumo.example>' }),
    dashboardUrl: 'https://tellus.lumo.example',
    ...options,
  });
  app = createApp({ storage, adminToken: ADMIN, logger: silentLogger, deliveries: worker });
}

async function receiver(statuses: Parameters<typeof httpReceiver>[0]): Promise<HttpReceiver> {
  const r = await httpReceiver(statuses);
  cleanup.push(r.close);
  return r;
}

async function ingest(responses: SurveyResponse[]) {
  const res = await app.request('/v1/responses', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
    body: JSON.stringify({ siteKey: 'shop', responses }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { accepted: string[] };
}

async function deliveries(query = ''): Promise<{ counts: Record<string, number>; deliveries: DeliveryView[] }> {
  const res = await app.request(`/v1/admin/deliveries${query}`, { headers: admin });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const put = (path: string, body: unknown) => app.request(path, { method: 'PUT', headers: admin, body: JSON.stringify(body) });

describe('survey webhook through the outbox', () => {
  it('retries a 500 until the receiver takes it, with one event id and a signature over timestamp and body', async () => {
    start();
    const survey = await freshSurvey();
    const hook = await receiver([500, 200]);
    expect((await put(`/v1/admin/surveys/${survey.id}/settings`, { webhookUrl: `${hook.url}/hook`, webhookSecret: SECRET })).status).toBe(200);
    const done = makeResponse(survey.id, { seq: 3 });
    const partial = makeResponse(survey.id, { completed: false, answers: { csat: 2 } });
    await ingest([done, partial]);
    await hook.waitFor((g) => g.some((x) => x.status === 200));
    const list = await until(
      () => deliveries(`?surveyId=${survey.id}`),
      (d) => d.counts.delivered === 1,
      'delivered',
    );
    expect(list.deliveries).toEqual([expect.objectContaining({ id: `${done.id}:3`, kind: 'webhook', status: 'delivered', attempts: 2, lastError: null })]);
    expect(JSON.stringify(list)).not.toContain(SECRET);

    expect(hook.got).toHaveLength(2); // the partial response is never sent
    const ids = hook.got.map((g) => g.headers['x-tellus-event-id']);
    expect(ids).toEqual([`${done.id}:3`, `${done.id}:3`]);
    expect(hook.got[0]!.body).toBe(hook.got[1]!.body);
    for (const g of hook.got) expect(verifySignature(SECRET, g.body, g.headers, { toleranceSeconds: 300 })).toBe(true);
    const payload = JSON.parse(hook.got[1]!.body) as ResponseEvent;
    expect(payload).toMatchObject({ event: 'response.completed', deliveryId: `${done.id}:3`, siteKey: 'shop', surveyId: survey.id });
    expect(payload.response).toEqual(done);
    // The same batch again is all duplicates: no second delivery.
    await ingest([done]);
    await worker!.settled();
    expect((await deliveries(`?surveyId=${survey.id}`)).deliveries).toHaveLength(1);
  });

  it('keeps a refused delivery as failed with its last error, and sends it again on retry', async () => {
    start();
    const survey = await freshSurvey();
    let refuse = true;
    const hook = await receiver(() => (refuse ? 410 : 200));
    await put(`/v1/admin/surveys/${survey.id}/settings`, { webhookUrl: hook.url });
    const r = makeResponse(survey.id);
    await ingest([r]);
    const failed = await until(
      () => deliveries('?status=failed'),
      (d) => d.deliveries.some((x) => x.responseId === r.id),
      'failed',
    );
    const row = failed.deliveries.find((x) => x.responseId === r.id)!;
    expect(row).toMatchObject({ status: 'failed', lastError: 'HTTP 410', attempts: 1 });
    expect(hook.got).toHaveLength(1);
    refuse = false;
    const retry = await app.request(`/v1/admin/deliveries/${encodeURIComponent(row.id)}/retry`, { method: 'POST', headers: admin });
    expect(retry.status).toBe(200);
    await hook.waitFor((g) => g.length === 2);
    await until(
      () => deliveries(`?surveyId=${survey.id}`),
      (d) => d.counts.delivered === 1,
      'delivered after retry',
    );
    expect((await app.request(`/v1/admin/deliveries/${encodeURIComponent(row.id)}/retry`, { method: 'POST', headers: admin })).status).toBe(404);
    expect((await app.request('/v1/admin/deliveries')).status).toBe(401);
    expect((await app.request('/v1/admin/deliveries?status=lost', { headers: admin })).status).toBe(400);
  });

  it('stops retrying once the retry window has passed and keeps the delivery, failed, with the last error', async () => {
    start({ retryForMs: 0 });
    const survey = await freshSurvey();
    const hook = await receiver([503]);
    await put(`/v1/admin/surveys/${survey.id}/settings`, { webhookUrl: hook.url });
    const r = makeResponse(survey.id);
    await ingest([r]);
    const list = await until(
      () => deliveries(`?surveyId=${survey.id}`),
      (d) => d.counts.failed === 1,
      'failed',
    );
    expect(list.deliveries[0]).toMatchObject({ status: 'failed', lastError: 'HTTP 503' });
  });
});

describe('alert rules', () => {
  it('send Slack, Teams, webhook and e-mail alerts for matching responses only', async () => {
    start();
    const survey = await freshSurvey();
    const slack = await receiver([200]);
    const teams = await receiver([500, 200]);
    const hook = await receiver([200]);
    const rules = [
      {
        id: 'detractors',
        name: 'Detractor',
        when: [{ question: 'nps', lte: 6 }],
        destinations: [
          { type: 'slack', url: `${slack.url}/services/T/B/X` },
          { type: 'teams', url: `${teams.url}/webhook` },
          { type: 'email', to: ['care@lumo.example'], template: { title: 'Detractor at {{location}}: {{score}}' } },
        ],
      },
      {
        id: 'riga-complaints',
        when: [
          { question: 'kind', in: ['complaint'] },
          { attribute: 'location', eq: 'riga-centre' },
        ],
        destinations: [{ type: 'webhook', url: hook.url, secret: SECRET }],
      },
    ];
    const saved = await put(`/v1/admin/surveys/${survey.id}/rules`, { rules });
    expect(saved.status).toBe(200);
    const shown = (await saved.json()) as { rules: { destinations: Record<string, unknown>[] }[] };
    expect(shown.rules[1]!.destinations[0]).toEqual({ type: 'webhook', url: hook.url, secretSet: true });

    const detractor = makeResponse(survey.id, {
      answers: { csat: 2, nps: 3, why: 'Waited 40 minutes' },
      meta: { url: 'https://shop.example/', locale: 'en', location: 'tallinn', agent: 'bruno' },
    });
    const complaint = makeResponse(survey.id, { answers: { csat: 4, nps: 9, kind: { selected: ['complaint'] } }, meta: { location: 'riga-centre' } });
    const happy = makeResponse(survey.id, { answers: { csat: 5, nps: 10 }, meta: { location: 'riga-centre' } });
    const unfinished = makeResponse(survey.id, { completed: false, answers: { csat: 1, nps: 0 } });
    await ingest([detractor, complaint, happy, unfinished]);

    await slack.waitFor((g) => g.length >= 1);
    await teams.waitFor((g) => g.some((x) => x.status === 200));
    await hook.waitFor((g) => g.length >= 1);
    await smtp.waitFor((m) => m.some((x) => x.raw.includes(detractor.id)));
    await until(
      () => deliveries(`?surveyId=${survey.id}`),
      (d) => d.counts.delivered === 4 && d.counts.pending === 0,
      'all delivered',
    );
    await worker!.settled();

    expect(slack.got).toHaveLength(1);
    const slackBody = JSON.parse(slack.got[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(slackBody.text).toBe('Detractor · NPS 3/10');
    expect(slack.got[0]!.body).toContain('Waited 40 minutes');
    expect(slack.got[0]!.body).toContain(`https://tellus.lumo.example/dashboard/surveys/${survey.id}?response=${detractor.id}`);
    expect(teams.got.map((g) => g.headers['x-tellus-event-id'])).toEqual([`alert:${detractor.id}:detractors:1`, `alert:${detractor.id}:detractors:1`]);
    expect(JSON.parse(teams.got[1]!.body)).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
    expect(hook.got).toHaveLength(1);
    const alert = JSON.parse(hook.got[0]!.body) as ResponseEvent;
    expect(alert).toMatchObject({ event: 'alert.triggered', rule: { id: 'riga-complaints', name: null } });
    expect(alert.response.id).toBe(complaint.id);
    expect(verifySignature(SECRET, hook.got[0]!.body, hook.got[0]!.headers)).toBe(true);
    const mails = smtp.mails.filter((m) => m.raw.includes(detractor.id));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['care@lumo.example']);
    expect(mails[0]!.raw).toContain('Subject: Detractor at tallinn: NPS 3/10');
    expect(mails[0]!.raw).toContain('text/html');
    expect(mails[0]!.raw).toContain('text/plain');
    // Nothing for the happy or the unfinished response.
    const all = JSON.stringify([slack.got, teams.got, hook.got, smtp.mails]);
    expect(all).not.toContain(happy.id);
    expect(all).not.toContain(unfinished.id);
  });

  it('refuse invalid rules with the path of each problem', async () => {
    start();
    const survey = await freshSurvey();
    const res = await put(`/v1/admin/surveys/${survey.id}/rules`, { rules: [{ id: 'x', when: [{ question: 'nps', below: 3 }], destinations: [] }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['[0].when[0].below', '[0].destinations']));
    expect((await put('/v1/admin/surveys/nope/rules', { rules: [] })).status).toBe(404);
    const unasked = await put(`/v1/admin/surveys/${survey.id}/rules`, {
      rules: [{ id: 'x', when: [{ question: 'mood', eq: 1 }], destinations: [{ type: 'email', to: ['a@b.example'] }] }],
    });
    expect(((await unasked.json()) as { issues: unknown }).issues).toEqual([
      { path: '[0].when[0].question', message: `survey "${survey.id}" has no question "mood"` },
    ]);
    const bad = await app.request(`/v1/admin/surveys/${survey.id}/rules`, { method: 'PUT', headers: admin, body: '{"rules":' });
    expect(bad.status).toBe(400);
  });
});

describe('follow-ups', () => {
  it('mark alerted responses open, contacted or resolved, count "closed within 24 h" per branch, and export it', async () => {
    start();
    const survey = await freshSurvey();
    const hook = await receiver([200]);
    await put(`/v1/admin/surveys/${survey.id}/rules`, {
      rules: [{ id: 'low', when: [{ question: 'csat', lte: 2 }], destinations: [{ type: 'webhook', url: hook.url }] }],
    });
    const riga = makeResponse(survey.id, { answers: { csat: 1 }, meta: { location: 'riga' } });
    const riga2 = makeResponse(survey.id, { answers: { csat: 2 }, meta: { location: 'riga' } });
    const tallinn = makeResponse(survey.id, { answers: { csat: 2 }, meta: { location: 'tallinn' } });
    const fine = makeResponse(survey.id, { answers: { csat: 5 }, meta: { location: 'tallinn' } });
    await ingest([riga, riga2, tallinn, fine]);

    const list = async () =>
      (await (await app.request(`/v1/admin/surveys/${survey.id}/follow-ups`, { headers: admin })).json()) as {
        closedLoop: unknown[];
        followUps: { responseId: string; status: string }[];
      };
    const before = await list();
    expect(before.followUps.map((f) => f.status)).toEqual(['open', 'open', 'open']);
    expect(before.followUps.map((f) => f.responseId)).not.toContain(fine.id);

    const mark = (id: string, body: unknown) => put(`/v1/admin/follow-ups/${id}`, body);
    expect((await mark(riga.id, { status: 'contacted', by: 'Anna' })).status).toBe(200);
    const resolved = await mark(riga.id, { status: 'resolved', by: 'Anna' });
    expect(((await resolved.json()) as { followUp: unknown }).followUp).toMatchObject({ status: 'resolved', statusBy: 'Anna', closedAt: expect.any(String) });
    expect((await mark(fine.id, { status: 'resolved' })).status).toBe(404);
    expect((await mark(riga.id, { status: 'done' })).status).toBe(400);

    const after = await list();
    expect(after.closedLoop).toEqual([
      { group: 'riga', alerted: 2, closedWithin24h: 1, open: 1 },
      { group: 'tallinn', alerted: 1, closedWithin24h: 0, open: 1 },
    ]);
    const csv = await (await app.request(`/v1/surveys/${survey.id}/responses.csv`, { headers: admin })).text();
    const [header, ...lines] = csv.trim().split('\r\n');
    expect(header).toContain('followUp.status,followUp.by,followUp.at,followUp.alertedAt');
    expect(lines.find((l) => l.startsWith(riga.id))).toContain(',resolved,Anna,');
  });
});

describe('erasure', () => {
  it('removes the deliveries and follow-ups of erased responses', async () => {
    start();
    const survey = await freshSurvey();
    const hook = await receiver([200]);
    await put(`/v1/admin/surveys/${survey.id}/rules`, { rules: [{ id: 'all', when: [], destinations: [{ type: 'webhook', url: hook.url }] }] });
    const r = makeResponse(survey.id, { anonId: 'anon_erase_me' });
    await ingest([r]);
    await until(
      () => deliveries(`?surveyId=${survey.id}`),
      (d) => d.counts.delivered === 1,
      'delivered',
    );
    expect(await storage.deleteRespondent('anon_erase_me')).toBe(1);
    expect((await deliveries(`?surveyId=${survey.id}`)).deliveries).toEqual([]);
    expect(await storage.alerts.getFollowUp(r.id)).toBeNull();
  });
});

/** The decoded text/plain and text/html parts of a raw MIME message (quoted-printable or base64, as nodemailer picks). */
function mimeParts(raw: string): Record<string, string> {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) throw new Error('not a multipart message');
  const parts: Record<string, string> = {};
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const body = part.slice(split + 4).replace(/\r\n$/, '');
    const type = /content-type:\s*(text\/(?:plain|html))/i.exec(head)?.[1]?.toLowerCase();
    if (!type) continue;
    const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
    parts[type] =
      encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : encoding === 'quoted-printable'
          ? Buffer.from(
              body
                .replace(/=\r\n/g, '')
                .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
                .split('')
                .map((c) => c.charCodeAt(0)),
            ).toString('utf8')
          : body;
    parts[type] = parts[type]!.replace(/\r\n/g, '\n');
  }
  return parts;
}

describe('digests', () => {
  it('queue one digest per site and period, sent as HTML with a plain-text part', async () => {
    start();
    expect((await put('/v1/admin/sites/shop/digest', { frequency: 'weekly', recipients: ['owner@lumo.example'] })).status).toBe(200);
    expect((await put('/v1/admin/sites/shop/digest', { frequency: 'hourly', recipients: [] })).status).toBe(400);
    const now = new Date();
    // Last week's comments on a survey of the site: Persian detractors on delay, English promoters on friendliness, one hostile comment.
    const themed: Survey = {
      id: 'digest-themes',
      version: 1,
      name: 'Delivery feedback',
      questions: [
        { id: 'nps', type: 'nps', text: 'Would you recommend us?' },
        { id: 'why', type: 'text', text: 'Why?' },
      ],
    };
    await storage.putSurvey('shop', themed);
    const weekStart = lastPeriod('weekly', now).from.getTime();
    const written = (nps: number, locale: string, texts: string[]) =>
      [0, 1, 2, 3].flatMap((copy) =>
        texts.map((why, i) => {
          const at = weekStart + 86_400_000 + (copy * texts.length + i) * 60_000;
          const createdAt = new Date(at).toISOString();
          return makeResponse(themed.id, { id: uuidv7(at), answers: { nps, why }, meta: { locale, location: 'riga' }, createdAt, updatedAt: createdAt });
        }),
      );
    await storage.ingest('shop', [
      ...written(2, 'fa', ['تأخیر زیاد در ارسال', 'تاخير در ارسال بسته', 'بسته دیر رسید، تاخیر']),
      ...written(10, 'fa', ['پشتیبانی عالی بود', 'عالي و سريع']),
      ...written(10, 'en', ['Friendly and quick', 'So friendly!', 'Friendly staff']),
      ...written(3, 'en', ['Slow and late', 'Late again']),
      ...written(0, 'en', ['<img src=x onerror=alert(1)> terrible']).slice(0, 1),
    ]);
    expect(await queueDigests(storage, now, 'https://tellus.lumo.example')).toBe(1);
    expect(await queueDigests(storage, now)).toBe(0); // the period's delivery id exists already
    worker!.poke();
    await smtp.waitFor((m) => m.some((x) => x.to.includes('owner@lumo.example')));
    const mail = smtp.mails.find((x) => x.to.includes('owner@lumo.example'))!;
    expect(mail.to).toEqual(['owner@lumo.example']);
    expect(mail.raw).toMatch(/X-Tellus-Event-Id: digest:shop:\d{4}-W\d\d/i);
    expect(mail.raw).toContain('text/plain');
    expect(mail.raw).toContain('text/html');
    const { 'text/plain': text, 'text/html': html } = mimeParts(mail.raw);
    expect(text).toContain('Delivery feedback\n');
    const link = (term: string, language: string) =>
      `https://tellus.lumo.example/dashboard/surveys/digest-themes?range=7&theme=${encodeURIComponent(term)}&themeLanguage=${language}#themes-h`;
    expect(text).toContain(
      [
        '  Themes in 41 comments',
        '    Said by detractors:',
        `      - Late, 8 comments: ${link('late', 'en')}`,
        `      - تأخیر, 12 comments: ${link('تاخیر', 'fa')}`,
        '    Said by promoters:',
        `      - Friendly, 12 comments: ${link('friendly', 'en')}`,
        `      - عالي, 8 comments: ${link('عالی', 'fa')}`,
      ].join('\n'),
    );
    expect(html).toContain(`<a href="${link('تاخیر', 'fa').replace(/&/g, '&amp;')}" style="color:#0550ae"><bdi lang="fa">تأخیر</bdi></a>`);
    expect(html).toContain('<bdi lang="en">Friendly</bdi></a> <span style="color:#57606a">· 12 comments</span>');
    expect(html).not.toContain('<img');
    const preview = await app.request('/v1/admin/sites/shop/digest/preview?format=text', { headers: admin });
    expect(await preview.text()).toContain('Lumo');
    await put('/v1/admin/sites/shop/digest', null);
  });
});

describe('outbox housekeeping', () => {
  it('prunes delivered rows past their keep time and never a failed one', async () => {
    start();
    const survey = await freshSurvey();
    const ok = await receiver([200]);
    await put(`/v1/admin/surveys/${survey.id}/settings`, { webhookUrl: ok.url });
    await ingest([makeResponse(survey.id)]);
    await until(
      () => deliveries(`?surveyId=${survey.id}`),
      (d) => d.counts.delivered === 1,
      'delivered',
    );
    const failedBefore = (await deliveries()).counts.failed;
    expect(failedBefore).toBeGreaterThan(0); // from the tests above
    expect(await storage.deliveries.pruneDelivered(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    const after = await deliveries();
    expect(after.counts.delivered).toBe(0);
    expect(after.counts.failed).toBe(failedBefore);
  });
});
