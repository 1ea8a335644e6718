// Insights (matrix means per group, key drivers, themes) through the route on PGlite and a real PostgreSQL, read within their caps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightsFromStorage } from '../../packages/collector/src/results/insights-from-storage.js';
import type { Insights } from '../../packages/collector/src/results/insights.js';
import { openPostgresStorage } from '../../packages/collector/src/storage/postgres.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { startPostgres, type TestPostgres } from '../../scripts/postgres.mjs';
import { resultsApp } from './app.js';
import { qualityRows, qualitySurvey } from './insight-data.js';
import { ADMIN, ingestRows, seededStorage } from './seed.js';

let pg: TestPostgres;
let onPg: Storage;
let onLite: Storage;
const data = qualityRows();
const auth = { Authorization: `Bearer ${ADMIN}` };

beforeAll(async () => {
  pg = await startPostgres();
  onPg = await openPostgresStorage(pg.url);
  await onPg.migrate();
  await onPg.upsertSite({ key: 'shop', origins: [] });
  await onPg.putSurvey('shop', qualitySurvey);
  await ingestRows(onPg, data);
  onLite = await seededStorage(qualitySurvey, data);
}, 120_000);

afterAll(async () => {
  await onPg?.close();
  await onLite?.close();
  await pg?.stop();
});

const apps = new Map<Storage, ReturnType<typeof resultsApp>>();
const app = (storage: Storage) => apps.get(storage) ?? apps.set(storage, resultsApp(storage, ADMIN)).get(storage)!;
const insights = async (storage: Storage, query = 'groupBy=location') => {
  const res = await app(storage).request(`/v1/surveys/post-chat/insights?${query}`, { headers: auth });
  expect(res.status).toBe(200);
  return (await res.json()) as Insights;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const trustOf = (r: (typeof data)[number]) => (r.answers.quality as Record<string, number>).trust!;

describe.each([
  ['PGlite', () => onLite],
  ['PostgreSQL', () => onPg],
])('insights on %s', (_name, storage) => {
  it('gives matrix row means with intervals overall and per group', async () => {
    const r = await insights(storage());
    expect(r.sample).toEqual({ read: 240, limit: 3000, complete: true });
    expect(r.themes.sample).toMatchObject({ limit: 2000, complete: true });
    const [matrix] = r.matrices;
    expect(matrix!.groups).toEqual(['riga', 'tehran']);
    const trust = matrix!.rows.find((row) => row.id === 'trust')!;
    expect(trust.overall.n).toBe(240);
    expect(trust.overall.mean).toBeCloseTo(mean(data.map(trustOf)), 10);
    expect(trust.overall.ci95![0]).toBeLessThan(trust.overall.mean!);
    const tehran = data.filter((d) => d.meta.location === 'tehran').map(trustOf);
    expect(trust.groups[1]!.mean).toBeCloseTo(mean(tehran), 10); // 1 to 4, 30 times each: 2.5
    expect(trust.groups[1]!.mean).toBeCloseTo(2.5, 10);
  });

  it('finds trust as the key driver of NPS, low and important: fix it first, overall and in Tehran', async () => {
    const { drivers } = await insights(storage());
    expect(drivers.outcome).toEqual({ questionId: 'nps', type: 'nps', text: 'Recommend us?' });
    const top = drivers.overall!.drivers[0]!;
    expect(top).toMatchObject({ id: 'quality.trust', label: 'Trust', quadrant: 'fix-first' });
    expect(top.importance).toBeGreaterThan(0.8);
    expect(top.ci95![0]).toBeGreaterThan(0.5);
    expect(drivers.overall!.drivers.reduce((s, d) => s + d.importance, 0)).toBeCloseTo(1, 10);
    const tehran = drivers.groups.find((g) => g.value === 'tehran')!.analysis!;
    expect(tehran.n).toBe(120);
    expect(tehran.drivers[0]).toMatchObject({ id: 'quality.trust', quadrant: 'fix-first' });
  });

  it('finds Persian detractor and English promoter themes, each linking to its comments', async () => {
    const { themes } = await insights(storage());
    expect(themes.sides).toEqual({ low: 'detractors', high: 'promoters' });
    const fa = themes.languages.find((l) => l.language === 'fa')!;
    const delay = fa.themes.find((t) => t.term === 'تاخیر')!;
    expect(delay.side).toBe('low');
    // Every Tehran detractor wrote about the delay, in one of three spellings.
    const delayed = data.filter((d) => typeof d.answers.why === 'string' && d.meta.location === 'tehran' && (d.answers.nps as number) <= 6);
    expect(delay.low).toBe(delayed.length);
    expect(delay.comments.length).toBe(Math.min(20, delayed.length));
    for (const id of delay.comments) expect(themes.comments[id]).toMatchObject({ questionId: 'why', meta: { location: 'tehran' } });
    const en = themes.languages.find((l) => l.language === 'en')!;
    expect(en.themes.find((t) => t.term === 'friendly')).toMatchObject({ side: 'high' });
    expect(en.themes.find((t) => t.term === 'awful')).toMatchObject({ side: 'low' });
    expect(fa.themes.find((t) => t.term === 'عالی')).toMatchObject({ side: 'high' });
  });

  it('gives the same insights on both engines', async () => {
    const [a, b] = await Promise.all([insights(onPg, 'groupBy=locale'), insights(onLite, 'groupBy=locale')]);
    expect(a).toEqual(b);
    expect(a.matrices[0]!.groups).toEqual(['en', 'fa']); // en-US and fa-IR by language
  });

  it('reads no more than its caps, and says it sampled', async () => {
    const r = await insightsFromStorage(storage(), qualitySurvey, { limits: { responses: 50, texts: 10 } });
    expect(r.sample).toEqual({ read: 50, limit: 50, complete: false });
    expect(r.matrices[0]!.rows[0]!.overall.n).toBe(50);
    expect(r.themes.sample).toEqual({ read: 10, limit: 10, complete: false });
    // The newest 50: the last 50 rows created.
    expect(r.matrices[0]!.rows[2]!.overall.mean).toBeCloseTo(mean(data.slice(-50).map(trustOf)), 10);
  });
});

describe('polling with ETag', () => {
  it('answers 304 to an unchanged results or insights request, and 200 again after new answers', async () => {
    const storage = await seededStorage(qualitySurvey, data.slice(0, 40));
    try {
      for (const path of ['/v1/surveys/post-chat/results?groupBy=location', '/v1/surveys/post-chat/insights']) {
        const first = await app(storage).request(path, { headers: auth });
        const tag = first.headers.get('etag');
        expect(tag).toMatch(/^W\/"/);
        expect(first.headers.get('cache-control')).toBe('no-store');
        const again = await app(storage).request(path, { headers: { ...auth, 'If-None-Match': tag! } });
        expect(again.status).toBe(304);
        expect(await again.text()).toBe('');
        await ingestRows(
          storage,
          qualityRows(1, Date.UTC(2026, 5, 1)).map((r) => ({ ...r, id: crypto.randomUUID() })),
        );
        const changed = await app(storage).request(path, { headers: { ...auth, 'If-None-Match': tag! } });
        expect(changed.status).toBe(200);
        expect(changed.headers.get('etag')).not.toBe(tag);
      }
    } finally {
      await storage.close();
    }
  });

  it('answers 400 with the parameter for a bad filter and 404 for an unknown survey', async () => {
    const bad = await app(onLite).request('/v1/surveys/post-chat/insights?groupBy=__proto__', { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ param: 'groupBy' });
    expect((await app(onLite).request('/v1/surveys/nope/insights', { headers: auth })).status).toBe(404);
    expect((await app(onLite).request('/v1/surveys/post-chat/insights')).status).toBe(401);
  });
});
