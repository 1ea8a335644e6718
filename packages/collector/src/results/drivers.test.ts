import { describe, expect, it } from 'vitest';
import { keyDrivers, type DriverDimension } from './drivers.js';
import { correlations, shapleyR2 } from './stats/shapley.js';

const dims = (...ids: string[]): DriverDimension[] => ids.map((id) => ({ id, label: id, min: 1, max: 5 }));
const times = <T>(rows: T[], n: number): T[] => Array.from({ length: n }, () => rows).flat();

describe('Shapley decomposition of R²', () => {
  it('gives uncorrelated predictors their squared correlations: y = 2·x1 + x2 → 0.8 and 0.2', () => {
    // x1 and x2 are orthogonal with equal variance, so r(y,x1)² = 4/5 and r(y,x2)² = 1/5, R² = 1.
    const rows = [
      [4, 4],
      [4, 2],
      [2, 4],
      [2, 2],
    ].map(([x1, x2]) => [2 * x1! + x2!, x1!, x2!]);
    const { r2, values } = shapleyR2(correlations(rows));
    expect(r2).toBeCloseTo(1, 10);
    expect(values[0]).toBeCloseTo(0.8, 10);
    expect(values[1]).toBeCloseTo(0.2, 10);
  });

  it('splits shared variance between correlated predictors as worked out by hand', () => {
    // r(y,x1) = 0.8, r(y,x2) = 0.3, r(x1,x2) = 0.8.
    // R² = (0.64 + 0.09 − 2·0.8·0.3·0.8) / (1 − 0.64) = 0.346 / 0.36 = 0.961111.
    // φ1 = ½(0.64 + (0.961111 − 0.09)) = 0.755556, φ2 = ½(0.09 + (0.961111 − 0.64)) = 0.205556.
    const x1 = [1, 2, 3, 4, 5];
    const x2 = [2, 1, 4, 3, 5];
    const y = [1, 3, 2, 5, 4];
    const rows = y.map((v, i) => [v, x1[i]!, x2[i]!]);
    const corr = correlations(rows);
    expect(corr[0]![1]).toBeCloseTo(0.8, 12);
    expect(corr[0]![2]).toBeCloseTo(0.3, 12);
    expect(corr[1]![2]).toBeCloseTo(0.8, 12);
    const { r2, values } = shapleyR2(corr);
    expect(r2).toBeCloseTo(0.961111, 6);
    expect(values[0]).toBeCloseTo(0.755556, 6);
    expect(values[1]).toBeCloseTo(0.205556, 6);
  });

  it('gives a duplicated predictor half each and a constant one nothing', () => {
    const rows = [1, 2, 3, 4, 5, 6].map((x, i) => [x + (i % 2), x, x, 3]);
    const { r2, values } = shapleyR2(correlations(rows));
    expect(values[0]).toBeCloseTo(values[1]!, 10);
    expect(values[0]! + values[1]!).toBeCloseTo(r2, 10);
    expect(values[2]).toBe(0);
  });
});

describe('keyDrivers', () => {
  // Trust drives the headline and is rated low; looks are rated high and drive nothing.
  const base = [
    [10, 5, 5],
    [9, 4, 4],
    [6, 3, 5],
    [3, 1, 4],
    [2, 1, 5],
    [7, 3, 4],
  ];
  const rows = times(base, 6); // 36 respondents

  it('ranks dimensions by share of explained variance and puts the low, important one in "fix first"', () => {
    const analysis = keyDrivers(dims('trust', 'looks'), rows, { resamples: 100, seed: 7 })!;
    expect(analysis.n).toBe(36);
    const [trust, looks] = analysis.drivers;
    expect(trust!.id).toBe('trust');
    expect(trust!.importance + looks!.importance).toBeCloseTo(1, 10);
    expect(trust!.importance).toBeGreaterThan(0.9);
    // Means over the base block: trust 17/6, looks 27/6.
    expect(trust!.mean).toBeCloseTo(17 / 6, 10);
    expect(trust!.position).toBeCloseTo((17 / 6 - 1) / 4, 10);
    expect(trust!.quadrant).toBe('fix-first');
    expect(looks!.quadrant).toBe('maintain');
    expect(trust!.ci95![0]).toBeLessThanOrEqual(trust!.importance);
    expect(trust!.ci95![1]).toBeGreaterThanOrEqual(trust!.importance);
  });

  it('gives the same intervals for the same data and seed', () => {
    const a = keyDrivers(dims('trust', 'looks'), rows, { resamples: 50, seed: 3 });
    const b = keyDrivers(dims('trust', 'looks'), rows, { resamples: 50, seed: 3 });
    expect(a).toEqual(b);
  });

  it('refuses to rank below the minimum number of complete respondents', () => {
    expect(keyDrivers(dims('trust', 'looks'), base)).toBeNull();
    expect(keyDrivers([], rows)).toBeNull();
  });
});
