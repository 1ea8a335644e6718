import { scoreCes, scoreCsat, scoreNps } from '@tellus/schema';
import { describe, expect, it } from 'vitest';
import { cesMoments, compareGroups, twoSampleZ } from './compare.js';
import { holm } from './stats/holm.js';
import { twoSidedP } from './stats/normal.js';
import type { GroupResult, Headline, HeadlineScores } from './types.js';

const repeat = (counts: Record<number, number>) => Object.entries(counts).flatMap(([v, c]) => Array<number>(c).fill(Number(v)));
const npsOnly: Headline = { nps: { questionId: 'nps' }, csat: null, ces: null };
const csatOnly: Headline = { nps: null, csat: { questionId: 'csat', scale: 5 }, ces: null };
const npsGroup = (value: string, values: number[]): GroupResult => ({
  value,
  n: values.length,
  scores: { nps: scoreNps(values), csat: null, ces: null },
  vsRest: {},
});
const csatGroup = (value: string, values: number[]): GroupResult => ({
  value,
  n: values.length,
  scores: { nps: null, csat: scoreCsat(values, 5), ces: null },
  vsRest: {},
});

describe('normal tail and Holm', () => {
  it('gives the textbook two-sided p-values', () => {
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(0)).toBeCloseTo(1, 6);
    expect(twoSidedP(-2.575829)).toBeCloseTo(0.01, 6);
    // Far tail keeps relative accuracy: 2·(1 − Φ(7)) = 2.5596e-12.
    expect(twoSidedP(7) / 2.5596e-12).toBeCloseTo(1, 3);
  });

  it('adjusts p-values step-down and keeps them in order', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06.
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((want, i) => expect(adjusted[i]).toBeCloseTo(want, 12));
    expect(holm([0.6, 0.9])).toEqual([1, 1]); // 0.6·2 capped at 1, and 0.9 may not fall below it
    expect(holm([])).toEqual([]);
  });
});

describe('compareGroups', () => {
  it('calls a branch better and the other worse with the hand-computed z and Holm-adjusted p (NPS)', () => {
    // A: 60 promoters, 20 passives, 20 detractors → coded +1/0/−1: mean 0.4, variance (80 − 16)/99.
    // B: 30/30/40 → mean −0.1, variance (70 − 1)/99. z = 0.5 / √((64/99 + 69/99)/100) = 4.31382.
    const a = npsGroup('riga', repeat({ 10: 60, 8: 20, 3: 20 }));
    const b = npsGroup('tallinn', repeat({ 9: 30, 7: 30, 0: 40 }));
    const overall: HeadlineScores = { nps: scoreNps(repeat({ 10: 60, 8: 20, 3: 20, 9: 30, 7: 30, 0: 40 })), csat: null, ces: null };
    const [ra, rb] = compareGroups(npsOnly, overall, [a, b]);
    expect(ra!.vsRest.nps!.verdict).toBe('better');
    expect(ra!.vsRest.nps!.difference).toBeCloseTo(50, 10); // +40 against −10
    expect(ra!.vsRest.nps!.statistic).toBeCloseTo(4.313818, 5);
    expect(ra!.vsRest.nps!.p).toBeCloseTo(1.6046e-5, 8);
    expect(ra!.vsRest.nps!.pAdjusted).toBeCloseTo(2 * 1.6046e-5, 8);
    expect(rb!.vsRest.nps).toMatchObject({ verdict: 'worse' });
    expect(rb!.vsRest.nps!.statistic).toBeCloseTo(-4.313818, 5);
  });

  it('keeps a difference significant alone but not after Holm as "no clear difference" (CSAT)', () => {
    // 43/50 against 34/50 satisfied: z = 0.18 / √((6.02/49 + 10.88/49)/50) = 2.16727, p = 0.03021;
    // two groups tested, so Holm doubles it to 0.0604 > 0.05.
    const a = csatGroup('web', repeat({ 5: 43, 2: 7 }));
    const b = csatGroup('email', repeat({ 4: 34, 1: 16 }));
    const overall: HeadlineScores = { nps: null, csat: scoreCsat([...repeat({ 5: 43, 2: 7 }), ...repeat({ 4: 34, 1: 16 })], 5), ces: null };
    const [ra, rb] = compareGroups(csatOnly, overall, [a, b]);
    expect(ra!.vsRest.csat!.statistic).toBeCloseTo(2.167266, 5);
    expect(ra!.vsRest.csat!.p).toBeCloseTo(0.0302146, 6);
    expect(ra!.vsRest.csat!.pAdjusted).toBeCloseTo(0.0604292, 6);
    expect(ra!.vsRest.csat!.verdict).toBe('no-difference');
    expect(rb!.vsRest.csat!.verdict).toBe('no-difference');
  });

  it('marks groups with too few answers and leaves them out of the correction', () => {
    // 45/50 against 35/50: z = 2.55604, p = 0.010587; the tiny group must not make it 3 tests.
    const a = csatGroup('web', repeat({ 5: 45, 2: 5 }));
    const b = csatGroup('email', repeat({ 4: 35, 1: 15 }));
    const tiny = csatGroup('chat', [1]);
    const all = [...repeat({ 5: 45, 2: 5 }), ...repeat({ 4: 35, 1: 15 }), 1];
    const overall: HeadlineScores = { nps: null, csat: scoreCsat(all, 5), ces: null };
    const [ra, , rt] = compareGroups(csatOnly, overall, [a, b, tiny]);
    expect(rt!.vsRest.csat).toEqual({ verdict: 'too-few', difference: null, statistic: null, p: null, pAdjusted: null });
    // A's rest holds the tiny group's unsatisfied answer too: 35 of 51.
    const z = twoSampleZ({ n: 50, sum: 45, sumSq: 45 }, { n: 51, sum: 35, sumSq: 35 });
    expect(ra!.vsRest.csat!.statistic).toBeCloseTo(z.z, 10);
    expect(ra!.vsRest.csat!.pAdjusted).toBeCloseTo(2 * z.p, 10);
    expect(ra!.vsRest.csat!.verdict).toBe('better');
  });

  it('has no verdict when the rest of the survey is too small to compare against', () => {
    const only = npsGroup('riga', repeat({ 10: 40 }));
    const [r] = compareGroups(npsOnly, only.scores, [only]);
    expect(r!.vsRest.nps!.verdict).toBe('too-few');
  });

  it('tests CES means from the mean and standard deviation alone', () => {
    const values = [1, 2, 3, 4, 5, 7, 7];
    const m = cesMoments(scoreCes(values));
    expect(m.n).toBe(7);
    expect(m.sum).toBeCloseTo(29, 10);
    expect(m.sumSq).toBeCloseTo(
      values.reduce((s, v) => s + v * v, 0),
      10,
    );
  });
});
