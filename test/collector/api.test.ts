// The collector's HTTP API in-process (app.request) on PGlite: every rejection code, CORS, surveys, admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, openPGliteStorage, type Storage } from '@tellus/collector';
import { ADMIN, fullSurvey, makeResponse, ORIGIN } from './fixtures.js';
import { SESSION_COOKIE, startSession } from '../../packages/collector/src/http/admin.js';

let storage: Storage;
let app: ReturnType<typeof createApp>;
const logs: Record<string, unknown>[] = [];
const logger = {
  info: (msg: string, f = {}) => logs.push({ level: 'info', msg, ...f }),
  warn: (msg: string, f = {}) => logs.push({ level: 'warn', msg, ...f }),
  error: (msg: string, f = {}) => logs.push({ level: 'error', msg, ...f }),
};

const admin = (path: string, init: RequestInit = {}) =>
  app.request(path, { ...init, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...init.headers } });

const post = (body: unknown, headers: Record<string, string> = {}) =>
  app.request('/v1/responses', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : body instanceof Uint8Array ? new Blob([body as Uint8Array<ArrayBuffer>]) : JSON.stringify(body),
  });

beforeAll(async () => {
  storage = await openPGliteStorage();
  await storage.migrate();
  app = createApp({ storage, adminToken: ADMIN, logger, limits: { maxBody: 64 * 1024, rate: { burst: 1000, perSecond: 1000 } } });
  expect((await admin('/v1/admin/sites', { method: 'POST', body: JSON.stringify({ key: 'shop', name: 'Shop', origins: [ORIGIN] }) })).status).toBe(201);
  expect((await admin('/v1/admin/sites', { method: 'POST', body: JSON.stringify({ key: 'other', origins: ['https://other.example'] }) })).status).toBe(201);
  expect((await admin('/v1/admin/surveys/post-chat', { method: 'PUT', body: JSON.stringify({ siteKey: 'shop', survey: fullSurvey() }) })).status).toBe(201);
  expect((await admin('/v1/admin/surveys/theirs', { method: 'PUT', body: JSON.stringify({ siteKey: 'other', survey: fullSurvey('theirs') }) })).status).toBe(
    201,
  );
});
afterAll(async () => {
  await storage?.close();
});

describe('POST /v1/responses', () => {
  it('accepts a valid batch as application/json and as text/plain (sendBeacon)', async () => {
    const a = makeResponse();
    const b = makeResponse();
    const r1 = await post({ siteKey: 'shop', responses: [a] }, { origin: ORIGIN });
    expect(r1.status).toBe(200);
    expect(r1.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(r1.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await r1.json()).toEqual({ accepted: [a.id], duplicates: [], rejected: [] });
    const r2 = await post(JSON.stringify({ siteKey: 'shop', responses: [b] }), { 'content-type': 'text/plain;charset=UTF-8' });
    expect(await r2.json()).toEqual({ accepted: [b.id], duplicates: [], rejected: [] });
    expect(await storage.countResponses({ surveyId: 'post-chat' })).toBeGreaterThanOrEqual(2);
  });

  it('reports duplicates and keeps the highest seq when seqs arrive out of order', async () => {
    const base = makeResponse('post-chat', { completed: false, answers: { csat: 2 } });
    const s5 = { ...base, seq: 5, completed: true, answers: { csat: 5, nps: 10 } };
    const s2 = { ...base, seq: 2, answers: { csat: 3 } };
    expect(await (await post({ siteKey: 'shop', responses: [s5] })).json()).toMatchObject({ accepted: [base.id] });
    expect(await (await post({ siteKey: 'shop', responses: [s2] })).json()).toMatchObject({ accepted: [], duplicates: [base.id] });
    expect(await (await post({ siteKey: 'shop', responses: [s5] })).json()).toMatchObject({ accepted: [], duplicates: [base.id] });
    const rows = [];
    for await (const r of storage.iterateResponses({ surveyId: 'post-chat' })) if (r.id === base.id) rows.push(r);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seq: 5, completed: true, answers: { csat: 5, nps: 10 } });
  });

  it('rejects items one by one with their id and reason, storing the valid ones', async () => {
    const good = makeResponse();
    const badShape = { ...makeResponse(), seq: -1 };
    const badAnswer = makeResponse('post-chat', { answers: { csat: 9 } });
    const unknownQuestion = makeResponse('post-chat', { answers: { csat: 4, nope: 1 } });
    const missingRequired = makeResponse('post-chat', { answers: { nps: 3 } });
    const unknownSurvey = makeResponse('no-such-survey');
    const unknownVersion = makeResponse('post-chat', { surveyVersion: 7 });
    const otherSitesSurvey = makeResponse('theirs');
    const nul = makeResponse('post-chat', { answers: { csat: 1, why: 'a\u0000b' } });
    const surrogate = makeResponse('post-chat', { meta: { agent: 'x\ud800' } });
    const year0 = makeResponse('post-chat', { createdAt: '0000-01-01T00:00:00Z' });
    const res = await post({
      siteKey: 'shop',
      responses: [good, badShape, badAnswer, unknownQuestion, missingRequired, unknownSurvey, unknownVersion, otherSitesSurvey, nul, surrogate, year0, 42],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: string[]; rejected: { id: string; error: string }[] };
    expect(body.accepted).toEqual([good.id]);
    const byId = Object.fromEntries(body.rejected.map((r) => [r.id, r.error]));
    expect(byId[badShape.id]).toMatch(/^seq: /);
    expect(byId[badAnswer.id]).toMatch(/answers\.csat: must be a whole number from 1 to 5/);
    expect(byId[unknownQuestion.id]).toMatch(/answers\.nope: unknown question/);
    expect(byId[missingRequired.id]).toMatch(/answers\.csat: required/);
    expect(byId[unknownSurvey.id]).toMatch(/unknown survey/);
    expect(byId[unknownVersion.id]).toMatch(/unknown survey "post-chat" version 7/);
    expect(byId[otherSitesSurvey.id]).toMatch(/unknown survey/);
    expect(byId[nul.id]).toMatch(/NUL/);
    expect(byId[surrogate.id]).toMatch(/surrogate/);
    expect(byId[year0.id]).toMatch(/createdAt/);
    expect(body.rejected.find((r) => r.id === '')?.error).toBeTruthy();
    expect(body.rejected).toHaveLength(11);
  });

  it('answers 415 for a content type other than JSON or text/plain', async () => {
    const body = JSON.stringify({ siteKey: 'shop', responses: [makeResponse()] });
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const res = await post(body, { 'content-type': type });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: 'unsupported content type' });
    }
    const none = await app.request('/v1/responses', { method: 'POST', body: new Blob([body]) });
    expect(none.status).toBe(415);
  });

  it('answers 413 over the body limit, whether declared up front or streamed', async () => {
    const big = JSON.stringify({ siteKey: 'shop', responses: [makeResponse('post-chat', { meta: { x: 'y'.repeat(70_000) } })] });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: 'body too large', limit: 64 * 1024 });
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 8192) c.enqueue(bytes.slice(i, i + 8192));
        c.close();
      },
    });
    const streamed = await app.request('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      // @ts-expect-error Node's fetch needs this for a stream body
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
  });

  it('answers 400 for malformed JSON, invalid UTF-8, deep nesting and bad envelopes', async () => {
    const nest = (n: number): unknown => (n === 0 ? 1 : [nest(n - 1)]);
    const cases: [string | Uint8Array, RegExp][] = [
      ['{"siteKey": "shop", "responses": [', /malformed JSON/],
      ['', /malformed JSON/],
      [new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), /UTF-8/],
      ['['.repeat(5000) + ']'.repeat(5000), /nested too deeply/],
      // A batch in shape proves its depth, so the text is scanned only when one is not: one deep item fails the request.
      [JSON.stringify({ siteKey: 'shop', responses: [makeResponse(), { ...makeResponse(), answers: { csat: nest(40) } }] }), /nested too deeply/],
      [JSON.stringify({ siteKey: 'shop', responses: [makeResponse()], extra: nest(40) }), /nested too deeply/],
      [`{"siteKey":"shop","responses":[${'['.repeat(40)}`, /nested too deeply/],
      [JSON.stringify({ siteKey: 'shop', responses: [{ ...makeResponse(), meta: { note: '\u0000' }, answers: { csat: nest(40) } }] }), /nested too deeply/],
      [JSON.stringify({ siteKey: 'shop' }), /invalid batch/],
      [JSON.stringify({ siteKey: 'shop', responses: [] }), /invalid batch/],
      [JSON.stringify({ siteKey: 'shop', responses: Array.from({ length: 51 }, () => ({})) }), /invalid batch/],
      [JSON.stringify({ siteKey: "shop'; DROP TABLE sites;--", responses: [{}] }), /invalid batch/],
      ['{"siteKey":"shop","responses":[{}],"__proto__":{"polluted":true}}', /forbidden key/],
      ['null', /invalid batch/],
      ['"just a string"', /invalid batch/],
    ];
    for (const [body, error] of cases) {
      const res = await post(body);
      expect(res.status, String(body).slice(0, 40)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(error);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists every envelope problem with its path', async () => {
    const res = await post({ siteKey: 'shop', responses: [], extra: 1 });
    const body = (await res.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path).sort()).toEqual(['extra', 'responses']);
  });

  it('answers 403 for an unknown site key and for an origin the site does not allow', async () => {
    const unknown = await post({ siteKey: 'nope', responses: [makeResponse()] });
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toEqual({ error: 'unknown site key' });
    const wrongOrigin = await post({ siteKey: 'shop', responses: [makeResponse()] }, { origin: 'https://evil.example' });
    expect(wrongOrigin.status).toBe(403);
    expect(await wrongOrigin.json()).toEqual({ error: 'origin not allowed' });
    // Another site's origin is not this site's.
    expect((await post({ siteKey: 'shop', responses: [makeResponse()] }, { origin: 'https://other.example' })).status).toBe(403);
    // The error is readable by the page, so the SDK can dead-letter instead of retrying.
    expect(wrongOrigin.headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });

  it('answers 429 with Retry-After once a site+client exceeds its bucket, per site', async () => {
    const limited = createApp({ storage, adminToken: ADMIN, logger, limits: { rate: { burst: 3, perSecond: 0.5 } } });
    const send = (siteKey: string) =>
      limited.request('/v1/responses', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ siteKey, responses: [makeResponse()] }),
      });
    for (let i = 0; i < 3; i++) expect((await send('shop')).status).toBe(200);
    const res = await send('shop');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    expect(await res.json()).toMatchObject({ error: 'rate limited', retryAfter: 2 });
    // Another site's bucket is untouched.
    expect((await send('other')).status).not.toBe(429);
  });

  it('answers preflights only for origins some site allows, never with credentials', async () => {
    const ok = await app.request('/v1/responses', {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    expect(ok.headers.get('vary')).toMatch(/Origin/);
    const bad = await app.request('/v1/responses', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(bad.status).toBe(403);
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET /v1/sites/:siteKey/surveys', () => {
  it('serves the latest active definitions with ETag, Cache-Control and CORS, and 304 when unchanged', async () => {
    const res = await app.request('/v1/sites/shop/surveys', { headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { surveys: { id: string; version: number }[] };
    expect(body.surveys.map((s) => s.id)).toEqual(['post-chat']);
    expect(res.headers.get('cache-control')).toMatch(/max-age=60/);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await app.request('/v1/sites/shop/surveys', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    // A new version changes the ETag; an ended survey is not served.
    await admin('/v1/admin/surveys/post-chat', {
      method: 'PUT',
      body: JSON.stringify({ siteKey: 'shop', survey: { ...fullSurvey(), version: 2, name: 'v2' } }),
    });
    const ended = { ...fullSurvey('old-one'), trigger: { startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' } };
    expect((await admin('/v1/admin/surveys/old-one', { method: 'PUT', body: JSON.stringify({ siteKey: 'shop', survey: ended }) })).status).toBe(201);
    const changed = await app.request('/v1/sites/shop/surveys', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    const next = (await changed.json()) as { surveys: { id: string; version: number }[] };
    expect(next.surveys.map((s) => [s.id, s.version])).toEqual([['post-chat', 2]]);
  });

  it('refuses other origins and unknown sites, and answers its own preflight', async () => {
    expect((await app.request('/v1/sites/shop/surveys', { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await app.request('/v1/sites/nope/surveys')).status).toBe(404);
    const pre = await app.request('/v1/sites/shop/surveys', { method: 'OPTIONS', headers: { origin: ORIGIN } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/If-None-Match/);
  });
});

describe('admin API', () => {
  it('answers 401 JSON without the bearer token or with a wrong one', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: ADMIN }] as Record<string, string>[]) {
      const res = await app.request('/v1/admin/surveys', { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: expect.any(String) });
    }
    const noToken = createApp({ storage, logger });
    expect((await noToken.request('/v1/admin/sites', { headers: { authorization: 'Bearer ' } })).status).toBe(401);
  });

  it('refuses the dashboard session cookie on the admin API and on erasure: those take the bearer token only', async () => {
    const cookie = `${SESSION_COOKIE}=${await startSession({ storage, adminToken: ADMIN })}`;
    const routes: [string, string][] = [
      ['GET', '/v1/admin/sites'],
      ['POST', '/v1/admin/sites'],
      ['GET', '/v1/admin/surveys'],
      ['PUT', '/v1/admin/surveys/post-chat'],
      ['PUT', '/v1/admin/surveys/post-chat/settings'],
      ['DELETE', '/v1/respondents/anon_1'],
    ];
    for (const [method, path] of routes) {
      const res = await app.request(path, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
      });
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
    // The same cookie does open the results (a read), so the refusals above are about the route, not the cookie.
    expect((await app.request('/v1/surveys/post-chat/results', { headers: { cookie } })).status).not.toBe(401);
  });

  it('validates sites: key and origins', async () => {
    const res = await admin('/v1/admin/sites', {
      method: 'POST',
      body: JSON.stringify({ key: 'bad key!', origins: ['https://ok.example', 'https://x.example/path', 'ftp://a'] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path)).toEqual(['key', 'origins[1]', 'origins[2]']);
    // Warm the site cache, then change the origins: the change applies at once in this process.
    expect((await post({ siteKey: 'shop', responses: [makeResponse()] }, { origin: 'http://localhost:5173' })).status).toBe(403);
    const upd = await admin('/v1/admin/sites', { method: 'POST', body: JSON.stringify({ key: 'shop', origins: [ORIGIN, 'http://localhost:5173'] }) });
    expect(upd.status).toBe(200);
    expect((await post({ siteKey: 'shop', responses: [makeResponse()] }, { origin: 'http://localhost:5173' })).status).toBe(200);
    expect(await upd.json()).toMatchObject({ site: { key: 'shop', name: 'Shop', origins: [ORIGIN, 'http://localhost:5173'] } });
    const list = (await (await admin('/v1/admin/sites')).json()) as { sites: { key: string }[] };
    expect(list.sites.map((s) => s.key)).toEqual(expect.arrayContaining(['shop', 'other']));
  });

  it('validates surveys with @tellus/schema and lists every issue with its path', async () => {
    const bad = {
      id: 'broken',
      version: 1,
      questions: [
        { id: 'q', type: 'rating', scale: 20, text: 'x' },
        { id: 'q', type: 'nps', text: 'y' },
      ],
    };
    const res = await admin('/v1/admin/surveys/broken', { method: 'PUT', body: JSON.stringify({ siteKey: 'shop', survey: bad }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toBe('invalid survey');
    expect(body.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['questions[0].scale']));
    const mismatch = await admin('/v1/admin/surveys/other-id', { method: 'PUT', body: JSON.stringify({ siteKey: 'shop', survey: fullSurvey('post-chat') }) });
    expect(((await mismatch.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('id');
    const noSite = await admin('/v1/admin/surveys/x1', { method: 'PUT', body: JSON.stringify({ siteKey: 'ghost', survey: fullSurvey('x1') }) });
    expect(noSite.status).toBe(400);
    const stolen = await admin('/v1/admin/surveys/theirs', { method: 'PUT', body: JSON.stringify({ siteKey: 'shop', survey: fullSurvey('theirs') }) });
    expect(stolen.status).toBe(409);
    expect(await storage.getSurvey('broken')).toBeNull();
  });

  it('upserts a survey idempotently and lists the latest versions', async () => {
    const put = () => admin('/v1/admin/surveys/csat-only', { method: 'PUT', body: JSON.stringify({ siteKey: 'shop', survey: fullSurvey('csat-only') }) });
    const first = await put();
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ id: 'csat-only', version: 1, created: true });
    const second = await put();
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ id: 'csat-only', version: 1, created: false });
    const list = (await (await admin('/v1/admin/surveys?siteKey=shop')).json()) as { surveys: { id: string; version: number; siteKey: string }[] };
    expect(list.surveys.find((s) => s.id === 'csat-only')).toMatchObject({ version: 1, siteKey: 'shop' });
    const one = (await (await admin('/v1/admin/surveys/csat-only')).json()) as { survey: { definition: { id: string } } };
    expect(one.survey.definition.id).toBe('csat-only');
    expect((await admin('/v1/admin/surveys/none-such')).status).toBe(404);
  });
});

describe('operations', () => {
  it('answers /healthz', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers unknown paths with 404 JSON', async () => {
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not found' });
  });

  it('logs one line per request with method, path, status and ms, never the client address or query', async () => {
    logs.length = 0;
    await app.request('/healthz?token=secret', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const lines = logs.filter((l) => l.msg === 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GET', path: '/healthz', status: 200, ms: expect.any(Number) });
    expect(JSON.stringify(logs)).not.toMatch(/203\.0\.113|secret/);
  });
});

describe('server faults', () => {
  it('isolates an item the database refuses (data error) instead of failing the batch', async () => {
    const picky: Storage = {
      ...storage,
      async ingest(siteKey, items) {
        if (items.some((r) => r.answers.why === 'db-refuses')) throw Object.assign(new Error('invalid input'), { code: '22P02' });
        return storage.ingest(siteKey, items);
      },
    };
    const local = createApp({ storage: picky, adminToken: ADMIN, logger });
    const good = makeResponse();
    const refused = makeResponse('post-chat', { answers: { csat: 1, why: 'db-refuses' } });
    const res = await local.request('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ siteKey: 'shop', responses: [good, refused] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: [good.id], duplicates: [], rejected: [{ id: refused.id, error: 'contains a value that cannot be stored' }] });
  });

  it('answers 500 JSON for a real server fault and logs it, without leaking the message', async () => {
    const broken: Storage = {
      ...storage,
      ingest: async () => {
        throw new Error('connection terminated: secret-host:5432');
      },
    };
    const local = createApp({ storage: broken, adminToken: ADMIN, logger });
    logs.length = 0;
    const res = await local.request('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ siteKey: 'shop', responses: [makeResponse()] }),
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error' });
    expect(logs.find((l) => l.level === 'error')).toMatchObject({ msg: 'unhandled error', path: '/v1/responses' });
  });
});

describe('forged floods (issue 8, item 5)', () => {
  const hostedPost = (target: ReturnType<typeof createApp>, surveyId: string, responses: unknown[], headers: Record<string, string> = {}) =>
    target.request(`/s/${surveyId}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', host: 'collector.example', ...headers },
      body: JSON.stringify({ siteKey: 'shop', responses }),
    });

  it('spends one rate-limit token per stored item, so one request cannot carry a flood', async () => {
    const limited = createApp({ storage, adminToken: ADMIN, logger, limits: { rate: { burst: 10, perSecond: 0.01 } } });
    const send = (n: number) =>
      limited.request('/v1/responses', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ siteKey: 'shop', responses: Array.from({ length: n }, () => makeResponse()) }),
      });
    expect((await send(8)).status).toBe(200);
    const res = await send(5);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(1);
    expect((await send(2)).status).toBe(200);
  });

  it('takes at most a few items per hosted-page request, on its own tighter budget', async () => {
    const limited = createApp({ storage, adminToken: ADMIN, logger, limits: { hostedMaxItems: 2, hostedRate: { burst: 3, perSecond: 0.01 } } });
    const tooMany = await hostedPost(limited, 'post-chat', [makeResponse(), makeResponse(), makeResponse()]);
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ maxItems: 2 });
    expect((await hostedPost(limited, 'post-chat', [makeResponse(), makeResponse()])).status).toBe(200);
    expect((await hostedPost(limited, 'post-chat', [makeResponse()])).status).toBe(200);
    // No Origin at all, as in the measured flood: the fourth item is over the hosted budget.
    const flood = await hostedPost(limited, 'post-chat', [makeResponse()]);
    expect(flood.status).toBe(429);
    expect(flood.headers.get('retry-after')).toBeTruthy();
  });

  it('refuses answers to a survey whose end date has passed, on both ingest routes', async () => {
    const day = 86_400_000;
    const ended = { ...fullSurvey('ended'), trigger: { endsAt: new Date(Date.now() - 2 * day).toISOString() } };
    const endingNow = { ...fullSurvey('just-ended'), trigger: { endsAt: new Date(Date.now() - 60_000).toISOString() } };
    for (const survey of [ended, endingNow]) {
      expect((await admin(`/v1/admin/surveys/${survey.id}`, { method: 'PUT', body: JSON.stringify({ siteKey: 'shop', survey }) })).status).toBe(201);
    }
    const late = makeResponse('ended');
    const sdk = (await (await post({ siteKey: 'shop', responses: [late] }, { origin: ORIGIN })).json()) as { rejected: { id: string; error: string }[] };
    expect(sdk.rejected).toEqual([{ id: late.id, error: expect.stringContaining('survey "ended" ended at') }]);
    const hostedLate = makeResponse('ended');
    const hosted = (await (await hostedPost(app, 'ended', [hostedLate])).json()) as { rejected: { id: string }[] };
    expect(hosted.rejected.map((r) => r.id)).toEqual([hostedLate.id]);
    // Answered before the end and delivered a little later (the visitor was offline): still taken.
    const answeredInTime = makeResponse('just-ended', { createdAt: new Date(Date.now() - 10 * 60_000).toISOString() });
    const offline = (await (await post({ siteKey: 'shop', responses: [answeredInTime] }, { origin: ORIGIN })).json()) as { accepted: string[] };
    expect(offline.accepted).toEqual([answeredInTime.id]);
    expect(await storage.countResponses({ surveyId: 'ended' })).toBe(0);
  });

  it('clamps a createdAt in the future to the receive time, so retention sees the row', async () => {
    const before = Date.now();
    const future = makeResponse('post-chat', { createdAt: '2099-06-01T00:00:00.000Z', updatedAt: '2099-06-01T00:00:00.000Z', anonId: 'anon_future' });
    expect(((await (await post({ siteKey: 'shop', responses: [future] }, { origin: ORIGIN })).json()) as { accepted: string[] }).accepted).toEqual([future.id]);
    let stored: { createdAt: string; updatedAt: string } | undefined;
    for await (const r of storage.iterateResponses({ surveyId: 'post-chat' })) if (r.id === future.id) stored = r;
    expect(Date.parse(stored!.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(stored!.createdAt)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(stored!.updatedAt)).toBeLessThanOrEqual(Date.now());
    // One day of retention, judged two days from now: the row goes.
    expect(await storage.deleteOlderThan('post-chat', new Date(Date.now() + 86_400_000))).toBeGreaterThan(0);
    expect(await storage.deleteRespondent('anon_future')).toBe(0);
  });

  it('keeps the anonId, site and survey of a response when a later seq tries to change them', async () => {
    const first = makeResponse('post-chat', { anonId: 'anon_owner', completed: false, answers: { csat: 5 } });
    expect(((await (await post({ siteKey: 'shop', responses: [first] }, { origin: ORIGIN })).json()) as { accepted: string[] }).accepted).toEqual([first.id]);
    const hijack = { ...first, seq: 1, anonId: 'anon_thief', answers: { csat: 1 }, completed: true };
    const res = (await (await post({ siteKey: 'shop', responses: [hijack] }, { origin: ORIGIN })).json()) as { accepted: string[] };
    expect(res.accepted).toEqual([]);
    const otherSurvey = { ...first, seq: 2, surveyId: 'theirs' };
    await app.request('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://other.example' },
      body: JSON.stringify({ siteKey: 'other', responses: [otherSurvey] }),
    });
    const rows = [];
    for await (const r of storage.iterateResponses({ surveyId: 'post-chat' })) if (r.id === first.id) rows.push(r);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ anonId: 'anon_owner', siteKey: 'shop', seq: 0, answers: { csat: 5 } });
    // A later seq from the same respondent still moves the answer on.
    const next = { ...first, seq: 3, answers: { csat: 4 }, completed: true };
    expect(((await (await post({ siteKey: 'shop', responses: [next] }, { origin: ORIGIN })).json()) as { accepted: string[] }).accepted).toEqual([first.id]);
  });
});

describe('proxy headers (issue 8, item 6)', () => {
  const sendVia = (target: ReturnType<typeof createApp>, forwardedFor: string) =>
    target.request('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ siteKey: 'shop', responses: [makeResponse()] }),
    });

  it('rate-limits by the address the trusted proxy saw (right of X-Forwarded-For), not what the client wrote', async () => {
    const proxied = createApp({ storage, adminToken: ADMIN, logger, limits: { trustProxy: true, rate: { burst: 1, perSecond: 0.01 } } });
    expect((await sendVia(proxied, '198.51.100.1, 203.0.113.7')).status).toBe(200);
    // The same client with a new forged left-most entry is still the same bucket.
    expect((await sendVia(proxied, '198.51.100.2, 203.0.113.7')).status).toBe(429);
    expect((await sendVia(proxied, '198.51.100.1, 203.0.113.8')).status).toBe(200);
    // Two proxies of ours: the client is second from the right.
    const twoHops = createApp({ storage, adminToken: ADMIN, logger, limits: { trustProxy: true, proxyHops: 2, rate: { burst: 1, perSecond: 0.01 } } });
    expect((await sendVia(twoHops, 'forged, 203.0.113.9, 10.0.0.1')).status).toBe(200);
    expect((await sendVia(twoHops, 'forged-again, 203.0.113.9, 10.0.0.2')).status).toBe(429);
  });

  it('marks the session cookie Secure when a trusted proxy says the browser used HTTPS', async () => {
    const form = { method: 'POST', body: `token=${ADMIN}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' } };
    const proxied = createApp({ storage, adminToken: ADMIN, logger, limits: { trustProxy: true } });
    const viaProxy = await proxied.request('/dashboard/login', form);
    expect(viaProxy.status).toBe(303);
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure/);
    // Without TELLUS_TRUST_PROXY the header is the client's word and changes nothing.
    const direct = await app.request('/dashboard/login', form);
    expect(direct.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});

describe('no 500 from client input (issue 8, item 8)', () => {
  it('answers malformed widget paths, CRLF in the sign-in redirect and far-off dates with 4xx', async () => {
    for (const path of ['/widget/%', '/widget/%E0%A4%A', '/widget/..%2f..%2fpackage.json', '/widget/%00.js']) {
      const res = await app.request(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const crlf = await app.request(`/dashboard/surveys/x%0D%0ASet-Cookie:%20evil=1?token=${ADMIN}`);
    expect(crlf.status).toBe(303);
    expect(crlf.headers.get('location')).toBe('/dashboard/surveys/x%0D%0ASet-Cookie:%20evil=1');
    expect(crlf.headers.get('set-cookie')).not.toContain('evil');
    for (const query of ['from=-271821-04-20', 'to=+275760-09-13', 'from=1999-12-31', 'to=2100-01-02']) {
      for (const path of ['/v1/surveys/post-chat/results', '/v1/surveys/post-chat/responses.csv']) {
        const res = await admin(`${path}?${query}`);
        expect([path, query, res.status]).toEqual([path, query, 400]);
        expect(await res.json()).toMatchObject({ param: query.split('=')[0] });
      }
    }
  });

  it('ends an export that fails after its first byte with a marker, or fails before it with JSON, logging no SQL and writing nothing to stdout', async () => {
    /** Storage whose `failingCall`-th read of the responses throws after one row, with SQL and parameters on the error. */
    const failingOn = (failingCall: number): Storage => {
      let calls = 0;
      return {
        ...storage,
        async *iterateResponses(filter) {
          const call = ++calls;
          let n = 0;
          for await (const r of storage.iterateResponses(filter)) {
            if (call === failingCall && n++ === 1)
              throw Object.assign(new Error('canceling statement due to statement timeout'), {
                code: '57014',
                query: 'SELECT secret_sql',
                params: ['secret-param'],
              });
            yield r;
          }
        },
      };
    };
    await storage.ingest('shop', [makeResponse(), makeResponse(), makeResponse()]);
    const exportWith = (target: Storage, format: string) =>
      createApp({ storage: target, adminToken: ADMIN, logger }).request(`/v1/surveys/post-chat/responses.${format}`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
    const written: string[] = [];
    const stdout = process.stdout.write.bind(process.stdout);
    const stderr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    logs.length = 0;
    try {
      // NDJSON streams from its only pass; CSV streams from its second (the first learns the columns).
      for (const [format, call, marker] of [
        ['ndjson', 1, '{"error":"the export failed before the end; this file is incomplete"}'],
        ['csv', 2, '"#ERROR: the export failed before the end; this file is incomplete"'],
      ] as const) {
        const res = await exportWith(failingOn(call), format);
        const body = await res.text();
        expect([format, res.status]).toEqual([format, 200]);
        expect(body.trimEnd().split(/\r?\n/).pop()).toBe(marker);
      }
      // A failure before the first byte is still an error response: JSON, and nothing of the SQL.
      const early = await exportWith(failingOn(1), 'csv');
      expect(early.status).toBe(500);
      expect(await early.json()).toEqual({ error: 'internal error' });
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    expect(written.join('')).not.toMatch(/secret/);
    expect(JSON.stringify(logs)).not.toMatch(/secret/);
    expect(logs.find((l) => l.msg === 'export failed after the first byte')).toMatchObject({ level: 'error', code: '57014' });
  });
});

describe('sessions and admin hygiene (issue 8, item 10)', () => {
  const signIn = async (target = app) => {
    const res = await target.request('/dashboard/login', {
      method: 'POST',
      body: `token=${encodeURIComponent(ADMIN)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(303);
    return /tellus_admin=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  };

  it('ends the session on the server at sign-out, so a copied cookie stops working too', async () => {
    const cookie = `${SESSION_COOKIE}=${await signIn()}`;
    expect((await app.request('/dashboard/api/surveys', { headers: { cookie } })).status).toBe(200);
    const out = await app.request('/dashboard/logout', { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    // The browser dropped it; whoever copied it before still holds the value: it is dead on the server.
    expect((await app.request('/dashboard/api/surveys', { headers: { cookie } })).status).toBe(401);
    expect((await app.request('/dashboard', { headers: { cookie } })).status).toBe(401);
  });

  it('throttles failed admin authentication per client, refusing even the right token until it cools down', async () => {
    const guarded = createApp({ storage, adminToken: ADMIN, logger, limits: { trustProxy: true, adminFailures: { burst: 3, perSecond: 0.01 } } });
    const from = (ip: string, token: string) => guarded.request('/v1/admin/sites', { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.50', `guess-${i}`)).status).toBe(401);
    const throttled = await from('203.0.113.50', ADMIN);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBeTruthy();
    // The sign-in form shares the budget.
    const form = await guarded.request('/dashboard/login', {
      method: 'POST',
      body: `token=${ADMIN}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.50' },
    });
    expect(form.status).toBe(429);
    // Another client is not punished for it.
    expect((await from('203.0.113.51', ADMIN)).status).toBe(200);
  });

  it('sends no-store and nosniff on admin JSON, and the security headers on every page, JSON route and error', async () => {
    for (const path of [
      '/v1/admin/sites',
      '/v1/admin/surveys',
      '/v1/surveys/post-chat/results',
      '/v1/surveys/post-chat/responses.csv',
      '/v1/admin/surveys/post-chat/settings',
    ]) {
      const res = await admin(path);
      expect([path, res.status, res.headers.get('cache-control'), res.headers.get('x-content-type-options')]).toEqual([path, 200, 'no-store', 'nosniff']);
    }
    const responses = [
      await app.request('/healthz'),
      await app.request('/dashboard'),
      await app.request('/nope'),
      await post('{', { origin: ORIGIN }),
      await app.request('/s/post-chat'),
      await admin('/v1/admin/sites'),
    ];
    for (const res of responses) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    }
    // A page's own policy is kept, not overwritten.
    expect(responses[1]!.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });
});

describe('per-batch survey lookups', () => {
  it('looks each unknown survey version up once per batch, however many items answer it, and rejects each of them', async () => {
    const getSurvey = storage.getSurvey.bind(storage);
    const asked: string[] = [];
    storage.getSurvey = ((id: string, version?: number) => {
      asked.push(`${id}@${version}`);
      return getSurvey(id, version);
    }) as Storage['getSurvey'];
    try {
      const unknown = Array.from({ length: 6 }, () => makeResponse('no-such-survey'));
      const wrongVersion = Array.from({ length: 4 }, () => makeResponse('post-chat', { surveyVersion: 99 }));
      const res = await post({ siteKey: 'shop', responses: [...unknown, ...wrongVersion] }, { origin: ORIGIN });
      const ack = (await res.json()) as { accepted: string[]; rejected: { id: string; error: string }[] };
      expect(ack.accepted).toEqual([]);
      expect(ack.rejected).toEqual([
        ...unknown.map((r) => ({ id: r.id, error: 'unknown survey "no-such-survey" version 1' })),
        ...wrongVersion.map((r) => ({ id: r.id, error: 'unknown survey "post-chat" version 99' })),
      ]);
      expect(asked.sort()).toEqual(['no-such-survey@1', 'post-chat@99']);
    } finally {
      storage.getSurvey = getSurvey;
    }
  });
});
