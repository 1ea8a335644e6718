// The all-surveys overview on PGlite: this period's headline, its spark, and a tested change against the period before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewFromStorage } from '../../packages/collector/src/results/overview.js';
import { row, survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { resultsApp } from './app.js';
import { ADMIN, seededStorage } from './seed.js';

let storage: Storage;
const day = (d: number) => new Date(Date.UTC(2026, 2, 1) + d * 86_400_000).toISOString();
// 1–30 March: 40 detractors. 31 March – 29 April: 40 promoters and 2 detractors.
const data = [
  ...Array.from({ length: 40 }, (_, i) => row(day(i % 30), { nps: 2 })),
  ...Array.from({ length: 42 }, (_, i) => row(day(30 + (i % 30)), { nps: i < 40 ? 10 : 0 })),
];
const today = new Date(Date.UTC(2026, 3, 29, 15));

beforeAll(async () => {
  storage = await seededStorage(survey, data);
  await storage.putSurvey('shop', { id: 'quiet', version: 1, questions: [{ id: 'q', type: 'thumbs', text: 'Useful?' }] });
});
afterAll(async () => {
  await storage?.close();
});

describe('overview', () => {
  it('scores each survey this period, with a daily spark and a tested change against the period before', async () => {
    const surveys = (await storage.listSurveys()).map((s) => s.definition);
    const o = await overviewFromStorage(storage, surveys, 30, today);
    expect(o).toMatchObject({ days: 30, from: '2026-03-31', to: '2026-04-29', interval: 'day' });
    const chat = o.surveys.find((s) => s.id === 'post-chat')!;
    expect(chat).toMatchObject({ metric: 'nps', n: 42, previous: { n: 40, score: -100 } });
    expect(chat.score).toBeCloseTo((100 * 38) / 42, 10);
    expect(chat.spark).toHaveLength(30);
    expect(chat.spark[0]).toMatchObject({ start: '2026-03-31', n: 2 });
    expect(chat.change).toMatchObject({ verdict: 'up' });
    expect(chat.change!.difference).toBeCloseTo((100 * 38) / 42 + 100, 10);
    const quiet = o.surveys.find((s) => s.id === 'quiet')!;
    expect(quiet).toMatchObject({ metric: null, score: null, n: 0, change: null });
  });

  it('has no previous period for all time, and answers 400 to a bad period', async () => {
    const o = await overviewFromStorage(storage, [survey], null, today);
    expect(o.surveys[0]).toMatchObject({ n: 82, previous: null, change: null });
    const app = resultsApp(storage, ADMIN);
    const bad = await app.request('/dashboard/api/overview?days=0', { headers: { Authorization: `Bearer ${ADMIN}` } });
    expect(bad.status).toBe(400);
    const ok = await app.request('/dashboard/api/overview?days=7', { headers: { Authorization: `Bearer ${ADMIN}` } });
    expect(ok.status).toBe(200);
  });
});
