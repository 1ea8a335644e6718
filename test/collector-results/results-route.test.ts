import { createApp, silentLogger } from '@tellus/collector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Results } from '../../packages/collector/src/results/types.js';
import { startSession, SESSION_COOKIE } from '../../packages/collector/src/http/admin.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { ADMIN, seededStorage } from './seed.js';

let storage: Storage;
let app: ReturnType<typeof createApp>;
const auth = { Authorization: `Bearer ${ADMIN}` };

beforeAll(async () => {
  storage = await seededStorage(survey, rows);
  app = createApp({ storage, adminToken: ADMIN, logger: silentLogger });
});
afterAll(async () => {
  await storage.close();
});

describe('GET /v1/surveys/:id/results', () => {
  it('computes results from stored responses', async () => {
    const res = await app.request('/v1/surveys/post-chat/results?groupBy=location&interval=week', { headers: auth });
    expect(res.status).toBe(200);
    const r = (await res.json()) as Results;
    expect(r).toMatchObject({ surveyId: 'post-chat', surveyVersion: 2, n: 5, completed: 4, interval: 'week', groupBy: 'location' });
    expect(r.scores.nps).toMatchObject({ score: 25, promoters: 2, passives: 1, detractors: 1, n: 4 });
    expect(r.scores.csat?.score).toBe(50);
    expect(r.scores.ces?.mean).toBe(4);
    expect(r.series.map((p) => p.n)).toEqual([3, 1, 0, 0, 1]);
    expect(r.groups.map((g) => [g.value, g.n])).toEqual([['riga', 3], ['(none)', 1], ['tallinn', 1]]);
    expect(r.comments.map((c) => c.text)).toEqual(['Later', 'Too slow', 'Great']);
  });

  it('filters by from and to in the database', async () => {
    const r = (await (await app.request('/v1/surveys/post-chat/results?from=2026-03-03&to=2026-03-09', { headers: auth })).json()) as Results;
    expect(r.n).toBe(2);
    expect(r.scores.nps).toMatchObject({ n: 2, score: -50 });
  });

  it('counts only completed responses when asked', async () => {
    const r = (await (await app.request('/v1/surveys/post-chat/results?completed=1', { headers: auth })).json()) as Results;
    expect([r.n, r.completed]).toEqual([4, 4]);
    // 10, 9, 7 (the partial's 3 drops out): (2 − 0) / 3.
    expect(r.scores.nps).toMatchObject({ n: 3, promoters: 2, detractors: 0 });
    expect(r.scores.nps?.score).toBeCloseTo(66.67, 2);
  });

  it('accepts the dashboard session cookie instead of the bearer token', async () => {
    const res = await app.request('/v1/surveys/post-chat/results', { headers: { Cookie: `other=1; ${SESSION_COOKIE}=${await startSession({ storage, adminToken: ADMIN })}` } });
    expect(res.status).toBe(200);
  });

  it('answers 401 without the token, 404 for an unknown survey and 400 for bad parameters', async () => {
    const anon = await app.request('/v1/surveys/post-chat/results');
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toContain('Bearer');
    expect((await app.request('/v1/surveys/post-chat/results', { headers: { Cookie: `${SESSION_COOKIE}=forged` } })).status).toBe(401);
    // A session minted 13 hours ago has expired; one minted under another token never worked.
    const stale = await startSession({ storage, adminToken: ADMIN }, Date.now() - 13 * 3600_000);
    expect((await app.request('/v1/surveys/post-chat/results', { headers: { Cookie: `${SESSION_COOKIE}=${stale}` } })).status).toBe(401);
    const foreign = await startSession({ storage, adminToken: 'some-other-token-of-24-chars' });
    expect((await app.request('/v1/surveys/post-chat/results', { headers: { Cookie: `${SESSION_COOKIE}=${foreign}` } })).status).toBe(401);
    expect((await app.request('/v1/surveys/nope/results', { headers: auth })).status).toBe(404);
    const bad = await app.request('/v1/surveys/post-chat/results?from=soon', { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ param: 'from' });
  });

  it('refuses every request when no admin token is configured', async () => {
    const open = createApp({ storage, adminToken: undefined, logger: silentLogger });
    const res = await open.request('/v1/surveys/post-chat/results', { headers: { Authorization: 'Bearer ' } });
    expect(res.status).toBe(401);
    // The same guard as the admin API, with the same hint on how to turn it on.
    expect(await res.json()).toEqual({ error: 'admin API disabled: set TELLUS_ADMIN_TOKEN' });
  });
});
