import { describe, expect, it } from 'vitest';
import { computeResults } from './compute.js';
import { parseResultsQuery } from './query.js';
import { row, rows, survey } from './test-fixtures.js';

describe('computeResults', () => {
  it('counts responses and completions, including partial responses', async () => {
    const r = await computeResults(survey, rows);
    expect(r.n).toBe(5);
    expect(r.completed).toBe(4);
    expect(r.attributes).toEqual(['location']);
    expect(r.headline).toEqual({ nps: { questionId: 'nps' }, csat: { questionId: 'csat', scale: 5 }, ces: { questionId: 'effort' } });
  });

  it('scores NPS from valid answers only, with counts and the adjusted-Wald interval', async () => {
    const { scores } = await computeResults(survey, rows);
    // 10, 9, 7, 3 (11 is out of range): 2 promoters, 1 passive, 1 detractor → (2 − 1) / 4 = 25.
    expect(scores.nps).toMatchObject({ score: 25, promoters: 2, passives: 1, detractors: 1, n: 4, smallSample: true });
    expect(scores.nps?.ci95?.[0]).toBeCloseTo(-44.16, 2);
    expect(scores.nps?.ci95?.[1]).toBeCloseTo(72.73, 2);
  });

  it('scores CSAT as top-2-box of the rating question and CES as a mean', async () => {
    const { scores } = await computeResults(survey, rows);
    // 5, 4, 3, 1 on a 5-point scale (6 is out of range): 4 and 5 satisfied → 50 %.
    expect(scores.csat).toMatchObject({ score: 50, satisfied: 2, n: 4 });
    // 2, 3, 7 → mean 4.
    expect(scores.ces).toMatchObject({ mean: 4, n: 3 });
  });

  it('gives each question its distribution', async () => {
    const r = await computeResults(survey, rows);
    const q = Object.fromEntries(r.questions.map((x) => [x.id, x]));
    expect(q.nps).toMatchObject({ type: 'nps', n: 4, text: 'Recommend us?' });
    expect(q.nps?.type === 'nps' && q.nps.distribution).toEqual({ 0: 0, 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 0, 7: 1, 8: 0, 9: 1, 10: 1 });
    expect(q.csat?.type === 'rating' && q.csat.distribution).toEqual({ 1: 1, 2: 0, 3: 1, 4: 1, 5: 1 });
    expect(q.csat?.type === 'rating' && q.csat.mean.mean).toBe(3.25);
    expect(q.effort?.type === 'ces' && q.effort.distribution).toEqual({ 1: 0, 2: 1, 3: 1, 4: 0, 5: 0, 6: 0, 7: 1 });
    expect(q.topic).toEqual({
      id: 'topic',
      type: 'choice',
      text: 'Topic',
      n: 3,
      multiple: true,
      options: [
        { id: 'x', text: 'Billing', count: 2 },
        { id: 'y', text: 'Delivery', count: 1 },
        { id: 'z', text: 'Returns', count: 0 },
      ],
      other: 1,
    });
    expect(q.thumb).toEqual({ id: 'thumb', type: 'thumbs', text: 'Helpful?', n: 2, up: 1, down: 1 });
    expect(q.grid?.type === 'matrix' && q.grid.n).toBe(2);
    expect(q.grid?.type === 'matrix' && q.grid.rows.map((x) => [x.id, x.n, x.mean.mean, x.distribution])).toEqual([
      ['a', 2, 4, { 1: 0, 2: 0, 3: 1, 4: 0, 5: 1 }],
      ['b', 1, 4, { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 }],
    ]);
    // Blank text is no answer.
    expect(q.why).toEqual({ id: 'why', type: 'text', text: 'Why?', n: 3 });
  });

  it('lists comments newest first with the headline score of their response', async () => {
    const { comments } = await computeResults(survey, rows);
    expect(comments.map((c) => [c.text, c.score])).toEqual([
      ['Later', null],
      ['Too slow', 3],
      ['Great', 10],
    ]);
    expect(comments[2]).toMatchObject({ questionId: 'why', createdAt: '2026-03-02T10:00:00.000Z', meta: { location: 'riga' } });
  });

  it('keeps only the newest comments up to the limit', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      ...rows[0]!,
      id: `0190f000-0000-7000-8000-${String(1000 + i).padStart(12, '0')}`,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      answers: { why: `comment ${i}` },
    }));
    const { comments } = await computeResults(survey, many);
    expect(comments).toHaveLength(20);
    expect(comments[0]?.text).toBe('comment 59');
    expect(comments[19]?.text).toBe('comment 40');
  });

  it('builds a daily series in UTC buckets with empty days filled', async () => {
    const { series } = await computeResults(survey, rows, { interval: 'day' });
    expect(series).toHaveLength(31); // 2 March to 1 April
    expect(series[0]).toMatchObject({ start: '2026-03-02', n: 2 });
    expect(series[0]?.scores.nps?.score).toBe(100);
    expect(series[1]).toMatchObject({ start: '2026-03-03', n: 1 });
    expect(series[1]?.scores.nps?.score).toBe(0);
    expect(series[2]).toMatchObject({ start: '2026-03-04', n: 0 });
    expect(series[2]?.scores.nps?.score).toBeNull();
    expect(series[7]?.scores.nps?.score).toBe(-100);
    expect(series[30]).toMatchObject({ start: '2026-04-01', n: 1 });
  });

  it('builds weekly series starting on Mondays and monthly series', async () => {
    const weeks = await computeResults(survey, rows, { interval: 'week' });
    expect(weeks.series.map((p) => [p.start, p.n])).toEqual([
      ['2026-03-02', 3],
      ['2026-03-09', 1],
      ['2026-03-16', 0],
      ['2026-03-23', 0],
      ['2026-03-30', 1],
    ]);
    const months = await computeResults(survey, rows, { interval: 'month' });
    expect(months.series.map((p) => [p.start, p.n, p.scores.csat?.score])).toEqual([
      ['2026-03-01', 4, 50],
      ['2026-04-01', 1, null],
    ]);
  });

  it('groups by a meta attribute with each group scored, missing values as (none)', async () => {
    const { groups, groupBy } = await computeResults(survey, rows, { groupBy: 'location' });
    expect(groupBy).toBe('location');
    expect(groups.map((g) => [g.value, g.n, g.scores.nps?.score, g.scores.csat?.score])).toEqual([
      ['riga', 3, 100, 100],
      ['(none)', 1, -100, 0],
      ['tallinn', 1, 0, 0],
    ]);
  });

  it('groups locales by language unless asked for exact tags, and gives each group a verdict', async () => {
    const mixed = ['en-US', 'en', 'EN_gb', 'lv', 'lv-LV', 'fa-IR'].map((locale, i) => row(`2026-03-0${1 + i}T00:00:00.000Z`, { nps: 9 }, { locale }));
    const byLanguage = await computeResults(survey, mixed, { groupBy: 'locale' });
    expect(byLanguage.groups.map((g) => [g.value, g.n])).toEqual([
      ['en', 3],
      ['lv', 2],
      ['fa', 1],
    ]);
    expect(byLanguage.groups[0]!.vsRest.nps).toMatchObject({ verdict: 'too-few' });
    const byTag = await computeResults(survey, mixed, { groupBy: 'locale', localeGrouping: 'tag' });
    expect(byTag.groups.map((g) => g.value).sort()).toEqual(['EN_gb', 'en', 'en-US', 'fa-IR', 'lv', 'lv-LV']);
    expect(parseResultsQuery({ localeGrouping: 'dialect' })).toMatchObject({ ok: false, param: 'localeGrouping' });
  });

  it('returns the largest groups only, saying how many were left out', async () => {
    const many = Array.from({ length: 30 }, (_, i) => row(`2026-03-0${1 + (i % 9)}T00:00:00.000Z`, { nps: 9 }, { orderId: `o${i % 12}` }));
    const r = await computeResults(survey, many, { groupBy: 'orderId', groupLimit: 5 });
    expect(r.groups).toHaveLength(5);
    expect(r.groupsOmitted).toBe(7);
    expect(r.groups.map((g) => g.n)).toEqual([3, 3, 3, 3, 3]);
  });

  it('filters by from (inclusive) and to (exclusive) and fills the series across the range', async () => {
    const q = parseResultsQuery({ from: '2026-03-03', to: '2026-03-09' });
    if (!q.ok) throw new Error(q.error);
    const r = await computeResults(survey, rows, q.value);
    expect(r.n).toBe(2); // 3 March 00:00 and 9 March 12:00 (date-only `to` includes that day)
    expect(r.range).toEqual({ from: '2026-03-03T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z' });
    expect(r.series.map((p) => p.start)).toEqual(['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09']);
  });

  it('returns empty scores for a survey without responses', async () => {
    const r = await computeResults(survey, []);
    expect(r.n).toBe(0);
    expect(r.scores.nps).toMatchObject({ score: null, n: 0 });
    expect(r.series).toEqual([]);
    expect(r.comments).toEqual([]);
  });

  it('uses the survey default locale for question text', async () => {
    const r = await computeResults({ ...survey, defaultLocale: 'lv' }, []);
    expect(r.questions[0]?.text).toBe('Ieteiktu?');
  });
});

describe('parseResultsQuery', () => {
  it('rejects bad parameters by name', () => {
    expect(parseResultsQuery({ from: 'yesterday' })).toMatchObject({ ok: false, param: 'from' });
    expect(parseResultsQuery({ interval: 'hour' })).toMatchObject({ ok: false, param: 'interval' });
    expect(parseResultsQuery({ groupBy: '__proto__' })).toMatchObject({ ok: false, param: 'groupBy' });
    expect(parseResultsQuery({ from: '2026-03-05', to: '2026-03-01' })).toMatchObject({ ok: false, param: 'to' });
  });

  it('defaults to daily intervals without bounds', () => {
    expect(parseResultsQuery({})).toEqual({ ok: true, value: { interval: 'day' } });
  });
});
