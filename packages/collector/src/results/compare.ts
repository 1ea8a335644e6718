// Verdicts for each group against the rest of the survey: a two-sample z-test per headline score, Holm-corrected across the groups shown.
import { SMALL_SAMPLE, type MeanScore, type NpsScore, type ShareScore } from '@tellus/schema';
import { holm } from './stats/holm.js';
import { twoSidedP } from './stats/normal.js';
import type { GroupComparison, GroupResult, Headline, HeadlineScores } from './types.js';

export type Metric = 'nps' | 'csat' | 'ces';
const METRICS: readonly Metric[] = ['nps', 'csat', 'ces'];

/** Family-wise error rate the verdicts keep across the groups shown. */
export const ALPHA = 0.05;

/** Sums of a per-respondent coding of a score: NPS as +1/0/−1, CSAT as 1/0, CES as the answer itself. */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

export const npsMoments = (s: NpsScore): Moments => ({ n: s.n, sum: s.promoters - s.detractors, sumSq: s.promoters + s.detractors });
export const csatMoments = (s: ShareScore): Moments => ({ n: s.n, sum: s.satisfied, sumSq: s.satisfied });
export function cesMoments(s: MeanScore): Moments {
  if (s.mean === null || s.n === 0) return { n: 0, sum: 0, sumSq: 0 };
  const sd = s.sd ?? 0;
  return { n: s.n, sum: s.mean * s.n, sumSq: (s.n - 1) * sd * sd + s.n * s.mean * s.mean };
}

const minus = (a: Moments, b: Moments): Moments => ({ n: a.n - b.n, sum: a.sum - b.sum, sumSq: a.sumSq - b.sumSq });

/** Points on the score's own scale per unit of the coding: NPS and CSAT are percentages. */
const SCALE: Record<Metric, number> = { nps: 100, csat: 100, ces: 1 };

/**
 * Unpooled two-sample z statistic for a difference of means (Welch's statistic with the normal
 * reference, fair once both sides have at least SMALL_SAMPLE answers), and its two-sided p-value.
 */
export function twoSampleZ(a: Moments, b: Moments): { z: number; p: number } {
  const mean = (m: Moments) => m.sum / m.n;
  // Rounding in the subtraction for "the rest" can leave a hair below zero.
  const variance = (m: Moments) => Math.max(0, (m.sumSq - m.n * mean(m) ** 2) / (m.n - 1));
  const diff = mean(a) - mean(b);
  const se = Math.sqrt(variance(a) / a.n + variance(b) / b.n);
  if (se === 0) return diff === 0 ? { z: 0, p: 1 } : { z: diff > 0 ? Infinity : -Infinity, p: 0 };
  const z = diff / se;
  return { z, p: twoSidedP(z) };
}

function momentsOf(scores: HeadlineScores, metric: Metric): Moments | null {
  if (metric === 'nps') return scores.nps ? npsMoments(scores.nps) : null;
  if (metric === 'csat') return scores.csat ? csatMoments(scores.csat) : null;
  return scores.ces ? cesMoments(scores.ces) : null;
}

const TOO_FEW: GroupComparison = { verdict: 'too-few', difference: null, statistic: null, p: null, pAdjusted: null };

/**
 * Each group's verdict per headline score against everyone else in the results (overall minus the group).
 * Groups or rests under SMALL_SAMPLE answers get "too-few" and are left out of the Holm family, so a
 * branch with one answer is never coloured; the others are "better"/"worse" when the Holm-adjusted
 * p-value is under ALPHA, else "no-difference".
 */
export function compareGroups(headline: Headline, overall: HeadlineScores, groups: readonly GroupResult[]): GroupResult[] {
  const vsRest = groups.map(() => ({}) as NonNullable<GroupResult['vsRest']>);
  for (const metric of METRICS) {
    const all = headline[metric] ? momentsOf(overall, metric) : null;
    if (!all) continue;
    const tested: { index: number; difference: number; z: number; p: number }[] = [];
    groups.forEach((g, index) => {
      const mine = momentsOf(g.scores, metric);
      const rest = mine && minus(all, mine);
      if (!mine || !rest || mine.n < SMALL_SAMPLE || rest.n < SMALL_SAMPLE) {
        vsRest[index]![metric] = TOO_FEW;
        return;
      }
      const { z, p } = twoSampleZ(mine, rest);
      tested.push({ index, difference: SCALE[metric] * (mine.sum / mine.n - rest.sum / rest.n), z, p });
    });
    const adjusted = holm(tested.map((t) => t.p));
    tested.forEach((t, k) => {
      const pAdjusted = adjusted[k]!;
      const verdict = pAdjusted < ALPHA ? (t.difference > 0 ? 'better' : 'worse') : 'no-difference';
      vsRest[t.index]![metric] = { verdict, difference: t.difference, statistic: t.z, p: t.p, pAdjusted };
    });
  }
  return groups.map((g, i) => ({ ...g, vsRest: vsRest[i]! }));
}
