// Scores counts into the results shape: a pure function of the survey, the counts and the options. Histograms are
// scored as tallies, so the work follows the distinct answers, not the responses behind them.
import { localize, scoreCesTally, scoreCsatTally, scoreNpsTally, type Question, type Survey } from '@tellus/schema';
import { bucketKey, bucketRange } from './buckets.js';
import { compareGroups } from './compare.js';
import { headlineOf, rankGroups, type Counts, type HeadlineCounts, type Histogram, type QuestionCounts, type ResultsOptions } from './counts.js';
import type { GroupResult, Headline, HeadlineScores, QuestionResult, Results, SeriesPoint } from './types.js';

/** Count per value from `min` to `max`, keyed by the value as text (zero-filled). */
function distribution(h: Histogram, min: number, max: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let v = min; v <= max; v++) out[String(v)] = h.get(v) ?? 0;
  return out;
}

const total = (h: Histogram) => [...h.values()].reduce((a, b) => a + b, 0);

function scoresOf(h: Headline, c: HeadlineCounts): HeadlineScores {
  return {
    nps: h.nps ? scoreNpsTally(c.nps) : null,
    csat: h.csat ? scoreCsatTally(c.csat, h.csat.scale) : null,
    ces: h.ces ? scoreCesTally(c.ces) : null,
  };
}

function questionResult(q: Question, c: QuestionCounts, locale: string): QuestionResult {
  const base = { id: q.id, text: localize(q.text, locale), n: c.n };
  switch (q.type) {
    case 'nps':
    case 'ces':
    case 'rating': {
      const values = c.kind === 'scale' ? c.values : new Map<number, number>();
      if (q.type === 'nps') return { ...base, type: 'nps', distribution: distribution(values, 0, 10), nps: scoreNpsTally(values) };
      if (q.type === 'ces') return { ...base, type: 'ces', distribution: distribution(values, 1, 7), ces: scoreCesTally(values) };
      return {
        ...base,
        type: 'rating',
        scale: q.scale,
        distribution: distribution(values, 1, q.scale),
        csat: scoreCsatTally(values, q.scale),
        mean: scoreCesTally(values),
      };
    }
    case 'choice':
      return {
        ...base,
        type: 'choice',
        multiple: q.multiple ?? false,
        options: q.options.map((o) => ({ id: o.id, text: localize(o.text, locale), count: c.kind === 'choice' ? (c.options.get(o.id) ?? 0) : 0 })),
        other: c.kind === 'choice' ? c.other : 0,
      };
    case 'thumbs': {
      const up = c.kind === 'thumbs' ? c.up : 0;
      return { ...base, type: 'thumbs', up, down: c.n - up };
    }
    case 'matrix':
      return {
        ...base,
        type: 'matrix',
        scale: q.scale,
        rows: q.rows.map((r) => {
          const h = (c.kind === 'matrix' && c.rows.get(r.id)) || new Map<number, number>();
          return { id: r.id, text: localize(r.text, locale), n: total(h), distribution: distribution(h, 1, q.scale), mean: scoreCesTally(h) };
        }),
      };
    case 'text':
      return { ...base, type: 'text' };
    case 'contact':
    case 'consent':
    case 'cta':
      return { ...base, type: q.type };
  }
}

/** Results of counts made for the same survey and options (countsFromRows or countsFromTotals). */
export function scoreCounts(survey: Survey, counts: Counts, options: ResultsOptions = {}): Results {
  const { from, to, groupBy } = options;
  const interval = options.interval ?? 'day';
  const headline = headlineOf(survey);
  const locale = survey.defaultLocale ?? 'en';

  const keys = [...counts.buckets.keys()].sort((a, b) => a - b);
  let starts: Date[] = keys.map((k) => new Date(k));
  const first = from ?? (keys.length ? new Date(keys[0] as number) : null);
  const last = to ? new Date(to.getTime() - 1) : keys.length ? new Date(keys[keys.length - 1] as number) : null;
  if (first && last) starts = bucketRange(first, last, interval) ?? starts;
  const empty: HeadlineCounts = { n: 0, nps: new Map(), csat: new Map(), ces: new Map() };
  const series: SeriesPoint[] = starts.map((s) => {
    const b = counts.buckets.get(s.getTime()) ?? empty;
    return { start: bucketKey(s), n: b.n, scores: scoresOf(headline, b) };
  });
  // Sort on counts first and score only the groups returned.
  const groups: GroupResult[] = rankGroups(counts, options.groupLimit).map(([value, g]) => ({ value, n: g.n, scores: scoresOf(headline, g), vsRest: {} }));
  const scores = scoresOf(headline, counts.overall);

  return {
    surveyId: survey.id,
    surveyVersion: survey.version,
    name: survey.name ?? null,
    range: { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null },
    interval,
    groupBy: groupBy ?? null,
    attributes: counts.attributes,
    n: counts.n,
    completed: counts.completed,
    headline,
    scores,
    questions: survey.questions.map((q) => questionResult(q, counts.questions.get(q.id)!, locale)),
    series,
    groups: compareGroups(headline, scores, groups),
    groupsOmitted: Math.max(0, counts.groups.size - groups.length),
    comments: counts.comments,
  };
}
