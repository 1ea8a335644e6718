// NPS, CSAT and CES scores with 95% confidence intervals, computed the same way everywhere.

const Z95 = 1.959964;
/** Below this many answers a score is flagged and a group is not tested against the rest. */
export const SMALL_SAMPLE = 30;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export interface NpsScore {
  /** Points from −100 to 100; null when nobody answered. */
  score: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  n: number;
  ci95: [number, number] | null;
  smallSample: boolean;
}

/**
 * Net Promoter Score with an adjusted-Wald 95% interval: add 3 to n and ¾ to the promoter and
 * detractor counts, SE = √[(p + d − (p − d)²) / n], interval clamped to ±100.
 */
export function scoreNps(values: readonly number[]): NpsScore {
  return scoreNpsTally(tallyOf(values));
}

/**
 * How often each answer was given, as [answer, times] pairs: scores many answers without listing them one by one
 * (`scoreNpsTally(new Map([[10, 600], [3, 400]]))` is `scoreNps` of 600 tens and 400 threes).
 */
export type Tally = Iterable<readonly [answer: number, times: number]>;

const tallyOf = (values: readonly number[]): Map<number, number> => {
  const out = new Map<number, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
};

/** scoreNps of a tally. */
export function scoreNpsTally(tally: Tally): NpsScore {
  let promoters = 0,
    passives = 0,
    detractors = 0;
  for (const [v, times] of tally) {
    if (v >= 9) promoters += times;
    else if (v >= 7) passives += times;
    else detractors += times;
  }
  const n = promoters + passives + detractors;
  if (n === 0) return { score: null, promoters, passives, detractors, n, ci95: null, smallSample: true };
  const na = n + 3;
  const p = (promoters + 0.75) / na;
  const d = (detractors + 0.75) / na;
  const se = Math.sqrt((p + d - (p - d) ** 2) / na);
  const centre = p - d;
  return {
    score: (100 * (promoters - detractors)) / n,
    promoters,
    passives,
    detractors,
    n,
    ci95: [clamp(100 * (centre - Z95 * se), -100, 100), clamp(100 * (centre + Z95 * se), -100, 100)],
    smallSample: n < SMALL_SAMPLE,
  };
}

export interface ShareScore {
  /** Percent of satisfied answers (0–100); null when nobody answered. */
  score: number | null;
  satisfied: number;
  n: number;
  ci95: [number, number] | null;
  smallSample: boolean;
}

/** The values that count as satisfied: the top two boxes from 4 points up, the top box below that. */
export const csatThreshold = (scale: number) => (scale >= 4 ? scale - 1 : scale);

/** CSAT as the share of top-two-box answers, with an adjusted-Wald (Agresti–Coull) 95% interval. */
export function scoreCsat(values: readonly number[], scale: number): ShareScore {
  return scoreCsatTally(tallyOf(values), scale);
}

/** scoreCsat of a tally. */
export function scoreCsatTally(tally: Tally, scale: number): ShareScore {
  let n = 0,
    satisfied = 0;
  for (const [v, times] of tally) {
    n += times;
    if (v >= csatThreshold(scale)) satisfied += times;
  }
  if (n === 0) return { score: null, satisfied, n, ci95: null, smallSample: true };
  const na = n + Z95 ** 2;
  const p = (satisfied + Z95 ** 2 / 2) / na;
  const half = Z95 * Math.sqrt((p * (1 - p)) / na);
  return {
    score: (100 * satisfied) / n,
    satisfied,
    n,
    ci95: [clamp(100 * (p - half), 0, 100), clamp(100 * (p + half), 0, 100)],
    smallSample: n < SMALL_SAMPLE,
  };
}

// Two-sided 95% Student t quantiles for 1–30 degrees of freedom; the normal value beyond.
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const t95 = (df: number) => T95[df - 1] ?? Z95;

export interface MeanScore {
  /** The mean answer; null when nobody answered. */
  mean: number | null;
  n: number;
  /** Student-t 95% interval of the mean; null below two answers. */
  ci95: [number, number] | null;
  /** Sample standard deviation (n − 1); null below two answers. Lets a group be tested against the rest. */
  sd: number | null;
  smallSample: boolean;
}

/** Customer Effort Score (1–7) as a mean with a Student-t 95% interval. */
export function scoreCes(values: readonly number[]): MeanScore {
  return scoreCesTally(tallyOf(values));
}

/** scoreCes of a tally (any numeric answers: also the mean of a rating or a matrix row). */
export function scoreCesTally(tally: Tally): MeanScore {
  // In answer order, so one tally gives the same float digits however it was collected.
  const pairs = [...tally].filter(([, times]) => times > 0).sort((a, b) => a[0] - b[0]);
  let n = 0,
    sum = 0;
  for (const [v, times] of pairs) {
    n += times;
    sum += v * times;
  }
  if (n === 0) return { mean: null, n, ci95: null, sd: null, smallSample: true };
  const mean = sum / n;
  if (n < 2) return { mean, n, ci95: null, sd: null, smallSample: true };
  const variance = pairs.reduce((a, [v, times]) => a + times * (v - mean) ** 2, 0) / (n - 1);
  const half = (t95(n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
  return { mean, n, ci95: [mean - half, mean + half], sd: Math.sqrt(variance), smallSample: n < SMALL_SAMPLE };
}

/** How often each value occurs, keyed by the value as text. */
export function distribution(values: readonly (number | string)[]): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return { ...out };
}
