// The all-surveys overview: each survey's headline score this period, its trend, and its change against the period before.
import { SMALL_SAMPLE, type Survey } from '@tellus/schema';
import { ALPHA, cesMoments, csatMoments, npsMoments, twoSampleZ, type Metric, type Moments } from './compare.js';
import { resultsFromStorage } from './from-storage.js';
import { holm } from './stats/holm.js';
import type { Interval, Results } from './types.js';

export interface OverviewRow {
  id: string;
  name: string | null;
  version: number;
  /** The survey's headline metric: NPS, else CSAT, else CES; null for a survey without a score question. */
  metric: Metric | null;
  score: number | null;
  ci95: [number, number] | null;
  /** Responses in the period. */
  n: number;
  /** The headline score per bucket of the period, oldest first. */
  spark: { start: string; n: number; score: number | null }[];
  previous: { n: number; score: number | null } | null;
  /** This period against the one before, tested like a group against the rest and Holm-corrected across the surveys. */
  change: { difference: number | null; verdict: 'up' | 'down' | 'no-clear-change' | 'too-few'; pAdjusted: number | null } | null;
}

export interface Overview {
  /** Days in the period, or null for all time (no previous period then). */
  days: number | null;
  from: string | null;
  to: string;
  interval: Interval;
  surveys: OverviewRow[];
}

const DAY = 86_400_000;

function headlineOf(r: Results): { metric: Metric | null; score: number | null; ci95: [number, number] | null; moments: Moments | null } {
  const { nps, csat, ces } = r.scores;
  if (nps) return { metric: 'nps', score: nps.score, ci95: nps.ci95, moments: npsMoments(nps) };
  if (csat) return { metric: 'csat', score: csat.score, ci95: csat.ci95, moments: csatMoments(csat) };
  if (ces) return { metric: 'ces', score: ces.mean, ci95: ces.ci95, moments: cesMoments(ces) };
  return { metric: null, score: null, ci95: null, moments: null };
}

const seriesScore = (p: Results['series'][number], m: Metric | null) =>
  m === 'nps' ? (p.scores.nps?.score ?? null) : m === 'csat' ? (p.scores.csat?.score ?? null) : m === 'ces' ? (p.scores.ces?.mean ?? null) : null;

/** Every survey's overview row for the `days` up to and including `today` (UTC), or all time when `days` is null. */
export async function overviewFromStorage(
  storage: Parameters<typeof resultsFromStorage>[0],
  surveys: readonly Survey[],
  days: number | null,
  today = new Date(),
): Promise<Overview> {
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + DAY);
  const from = days === null ? null : new Date(end.getTime() - days * DAY);
  const before = days === null ? null : new Date(end.getTime() - 2 * days * DAY);
  const interval: Interval = days === null || days > 120 ? 'month' : days > 31 ? 'week' : 'day';
  const rows: (OverviewRow & { test: { p: number; difference: number } | null })[] = [];
  for (const survey of surveys) {
    const current = await resultsFromStorage(storage, survey, { interval, commentLimit: 0, to: end, ...(from && { from }) });
    const previous = from && before ? await resultsFromStorage(storage, survey, { interval, commentLimit: 0, from: before, to: from }) : null;
    const now = headlineOf(current);
    const then = previous ? headlineOf(previous) : null;
    let test: { p: number; difference: number } | null = null;
    if (now.moments && then?.moments && now.moments.n >= SMALL_SAMPLE && then.moments.n >= SMALL_SAMPLE) {
      const scale = now.metric === 'ces' ? 1 : 100;
      test = { p: twoSampleZ(now.moments, then.moments).p, difference: scale * (now.moments.sum / now.moments.n - then.moments.sum / then.moments.n) };
    }
    rows.push({
      id: survey.id,
      name: survey.name ?? null,
      version: survey.version,
      metric: now.metric,
      score: now.score,
      ci95: now.ci95,
      n: current.n,
      spark: current.series.map((p) => ({ start: p.start, n: p.n, score: seriesScore(p, now.metric) })),
      previous: previous ? { n: previous.n, score: then?.score ?? null } : null,
      change: null,
      test,
    });
  }
  const tested = rows.filter((r) => r.test);
  const adjusted = holm(tested.map((r) => r.test!.p));
  const pOf = new Map(tested.map((r, i) => [r, adjusted[i]!]));
  return {
    days,
    from: from?.toISOString().slice(0, 10) ?? null,
    to: new Date(end.getTime() - DAY).toISOString().slice(0, 10),
    interval,
    surveys: rows.map((tested) => {
      const { test, ...row } = tested;
      if (!row.previous || !row.metric) return row;
      const difference = row.score !== null && row.previous.score !== null ? row.score - row.previous.score : null;
      if (!test) return { ...row, change: { difference, verdict: 'too-few', pAdjusted: null } };
      const pAdjusted = pOf.get(tested)!;
      const verdict = pAdjusted < ALPHA ? (test.difference > 0 ? 'up' : 'down') : 'no-clear-change';
      return { ...row, change: { difference, verdict, pAdjusted } };
    }),
  };
}
