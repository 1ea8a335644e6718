import { describe, expect, it } from 'vitest';
import { distribution, scoreCes, scoreCesTally, scoreCsat, scoreCsatTally, scoreNps, scoreNpsTally } from './scoring.js';

// Expected figures computed by hand (adjusted Wald / Agresti–Coull / Student t), see comments.
describe('scoreNps', () => {
  it('scores a balanced sample as 0 with an adjusted-Wald interval', () => {
    // promoters 4, passives 2, detractors 4; n'=13, p'=d'=4.75/13, SE=√(0.7308/13)=0.23709
    const r = scoreNps([10, 9, 8, 7, 6, 0, 10, 9, 3, 5]);
    expect(r).toMatchObject({ score: 0, promoters: 4, passives: 2, detractors: 4, n: 10, smallSample: true });
    expect(r.ci95![0]).toBeCloseTo(-46.469, 2);
    expect(r.ci95![1]).toBeCloseTo(46.469, 2);
  });

  it('clamps the interval of an all-promoter sample at 100', () => {
    // n'=8, p'=0.71875, d'=0.09375, SE=0.22964 → [17.49, 107.5] → [17.49, 100]
    const r = scoreNps([9, 10, 10, 9, 10]);
    expect(r.score).toBe(100);
    expect(r.ci95![0]).toBeCloseTo(17.491, 2);
    expect(r.ci95![1]).toBe(100);
  });

  it('gives no score and no interval when nobody answered', () => {
    expect(scoreNps([])).toEqual({ score: null, promoters: 0, passives: 0, detractors: 0, n: 0, ci95: null, smallSample: true });
  });

  it('scores all detractors as -100 and stops flagging a small sample at 30 answers', () => {
    const r = scoreNps(Array.from({ length: 30 }, (_, i) => i % 7));
    expect(r.score).toBe(-100);
    expect(r.ci95![0]).toBe(-100);
    expect(r.smallSample).toBe(false);
  });
});

describe('scoreCsat', () => {
  it('counts the top two boxes of a 5-point scale as satisfied', () => {
    // 3 of 5 satisfied; ñ=5+z², p̃=(3+z²/2)/ñ=0.55655, half=0.32746
    const r = scoreCsat([5, 4, 3, 5, 1], 5);
    expect(r).toMatchObject({ score: 60, satisfied: 3, n: 5 });
    expect(r.ci95![0]).toBeCloseTo(22.909, 2);
    expect(r.ci95![1]).toBeCloseTo(88.401, 2);
  });

  it('counts only the top box on a 3-point scale', () => {
    expect(scoreCsat([3, 2, 2, 3], 3).score).toBe(50);
  });

  it('gives no score when nobody answered', () => {
    expect(scoreCsat([], 5)).toMatchObject({ score: null, n: 0, ci95: null });
  });
});

describe('scoreCes', () => {
  it('gives the mean with a Student-t interval', () => {
    // mean 3, s=√2.5, t(4)=2.776 → half=1.96293
    const r = scoreCes([1, 2, 3, 4, 5]);
    expect(r.mean).toBe(3);
    expect(r.ci95![0]).toBeCloseTo(1.0371, 3);
    expect(r.ci95![1]).toBeCloseTo(4.9629, 3);
    expect(r.sd).toBeCloseTo(Math.sqrt(2.5), 10); // Σ(v − 3)² = 10 over n − 1 = 4
  });

  it('has a mean but no interval for a single answer, and nothing for none', () => {
    expect(scoreCes([6])).toMatchObject({ mean: 6, n: 1, ci95: null });
    expect(scoreCes([])).toMatchObject({ mean: null, n: 0, ci95: null });
  });
});

describe('distribution', () => {
  it('counts each value, keyed as text, including keys that look like Object builtins', () => {
    expect(distribution([1, 2, 2, 'up', 'constructor'])).toEqual({ '1': 1, '2': 2, up: 1, constructor: 1 });
  });
});

describe('tallies', () => {
  const spread = (tally: [number, number][]) => tally.flatMap(([v, times]) => Array.from({ length: times }, () => v));
  const tallies: [number, number][][] = [
    [],
    [[7, 1]],
    [
      [10, 600],
      [3, 400],
      [8, 0],
    ],
    Array.from({ length: 11 }, (_, v) => [v, 3 + ((v * 7) % 5)] as [number, number]),
  ];

  it('scores NPS and CSAT from how often each answer was given exactly as from the answers listed one by one', () => {
    for (const t of tallies) {
      expect(scoreNpsTally(new Map(t))).toEqual(scoreNps(spread(t)));
      expect(scoreCsatTally(t, 10)).toEqual(scoreCsat(spread(t), 10));
    }
  });

  it('gives the mean, deviation and interval of a tally as of the answers one by one', () => {
    for (const t of tallies) {
      const byTally = scoreCesTally(t);
      const byList = spread(t).reduce((a, v) => a + v, 0) / Math.max(1, spread(t).length);
      expect(byTally.n).toBe(spread(t).length);
      if (byTally.n) expect(byTally.mean).toBeCloseTo(byList, 12);
      const listed = scoreCes(spread(t));
      expect(byTally.sd ?? -1).toBeCloseTo(listed.sd ?? -1, 10);
      expect(byTally.ci95?.[0] ?? -1).toBeCloseTo(listed.ci95?.[0] ?? -1, 10);
    }
  });

  it('ignores answers given zero times', () => {
    expect(
      scoreCesTally([
        [4, 0],
        [2, 2],
      ]),
    ).toMatchObject({ mean: 2, n: 2, sd: 0 });
  });
});
