// Key drivers: how much each rated dimension explains the headline score (Shapley R², bootstrap intervals), against its current mean.
import { seededRandom } from './stats/random.js';
import { correlationsOf, pack, shapleyR2 } from './stats/shapley.js';

/** A rated dimension: a matrix row or a rating/CES question, with its answer scale. */
export interface DriverDimension {
  id: string;
  label: string;
  min: number;
  max: number;
}

/** important & low: fix first · important & high: strength · less important & low: watch · less important & high: maintain. */
export type Quadrant = 'fix-first' | 'strength' | 'watch' | 'maintain';

export interface Driver {
  id: string;
  label: string;
  /** Share of the explained variance (Shapley R² over the model's R²), 0–1; the shares add up to 1. */
  importance: number;
  /** 95% percentile bootstrap interval of the share. */
  ci95: [number, number] | null;
  /** Mean answer over the respondents analysed, on the dimension's own scale. */
  mean: number;
  /** The mean placed on 0–1 (min → 0, max → 1), so dimensions on different scales compare. */
  position: number;
  quadrant: Quadrant;
}

export interface DriverAnalysis {
  /** Respondents who answered the headline and every dimension. */
  n: number;
  /** R² of the headline regressed on all dimensions together. */
  r2: number;
  drivers: Driver[];
}

export interface DriverOptions {
  /** Bootstrap resamples for the intervals (0: none). */
  resamples?: number;
  seed?: number;
  /** Fewer complete respondents than this give no analysis. */
  minN?: number;
}

export const DRIVER_DEFAULTS = { resamples: 200, seed: 1, minN: 30 } as const;
/** Exact Shapley values cost 2^k regressions: dimensions past this many are left out (and said to be). */
export const MAX_DIMENSIONS = 10;

const shares = (values: number[], r2: number) => values.map((v) => (r2 > 0 ? v / r2 : 0));
const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;

/**
 * Ranks `dimensions` by how much of the headline's variance they explain together (Shapley decomposition
 * of R²) and places each against the mean of all dimensions' positions: above-average importance with a
 * below-average mean is the "fix this first" quadrant. `rows` are complete respondents:
 * `[headline, dimension 1, …, dimension k]`. Null below `minN` respondents.
 */
export function keyDrivers(dimensions: readonly DriverDimension[], rows: readonly (readonly number[])[], options: DriverOptions = {}): DriverAnalysis | null {
  const { resamples, seed, minN } = { ...DRIVER_DEFAULTS, ...options };
  const k = dimensions.length;
  if (k === 0 || rows.length < Math.max(minN, 3)) return null;
  const packed = pack(rows);
  const { r2, values } = shapleyR2(correlationsOf(packed));
  const importance = shares(values, r2);

  let ci: ([number, number] | null)[] = dimensions.map(() => null);
  if (resamples > 0) {
    const random = seededRandom(seed);
    const draws: number[][] = dimensions.map(() => []);
    const pick = new Uint32Array(rows.length);
    for (let b = 0; b < resamples; b++) {
      for (let i = 0; i < rows.length; i++) pick[i] = Math.floor(random() * rows.length);
      const s = shapleyR2(correlationsOf(packed, pick));
      shares(s.values, s.r2).forEach((v, j) => draws[j]!.push(v));
    }
    ci = draws.map((d) => {
      const sorted = d.sort((a, b) => a - b);
      return [percentile(sorted, 0.025), percentile(sorted, 0.975)];
    });
  }

  const means = dimensions.map((_, j) => rows.reduce((s, r) => s + r[j + 1]!, 0) / rows.length);
  const positions = dimensions.map((d, j) => (d.max > d.min ? (means[j]! - d.min) / (d.max - d.min) : 0));
  const averagePosition = positions.reduce((a, b) => a + b, 0) / k;
  const drivers = dimensions.map((d, j): Driver => {
    const important = importance[j]! > 1 / k;
    const low = positions[j]! < averagePosition;
    return {
      id: d.id,
      label: d.label,
      importance: importance[j]!,
      ci95: ci[j]!,
      mean: means[j]!,
      position: positions[j]!,
      quadrant: important ? (low ? 'fix-first' : 'strength') : low ? 'watch' : 'maintain',
    };
  });
  return { n: rows.length, r2, drivers: drivers.sort((a, b) => b.importance - a.importance) };
}
