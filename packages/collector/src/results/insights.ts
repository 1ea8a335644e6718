// Insights over a bounded sample of responses: matrix row means per group, key drivers of the headline, and themes in comments.
import { checkAnswer, csatThreshold, localize, scoreCes, type MeanScore, type Question, type Survey } from '@tellus/schema';
import type { StoredResponse } from '../storage/types.js';
import { keyDrivers, MAX_DIMENSIONS, type DriverAnalysis, type DriverDimension } from './drivers.js';
import { groupKeyOf, languageOf } from './group-key.js';
import { findThemes, type LanguageThemes, type ThemeComment } from './themes/index.js';
import type { Comment } from './types.js';

type Row = Pick<StoredResponse, 'id' | 'answers' | 'meta' | 'createdAt'>;

export interface SampleInfo {
  /** Responses read, newest first. */
  read: number;
  limit: number;
  /** True when every response in the range was read (fewer than `limit`): then nothing is estimated from a sample. */
  complete: boolean;
}

export interface MatrixMeans {
  questionId: string;
  text: string;
  scale: number;
  /** The groups in the columns, largest in the sample first. */
  groups: string[];
  rows: { id: string; text: string; overall: MeanScore; groups: MeanScore[] }[];
}

export interface Insights {
  surveyId: string;
  surveyVersion: number;
  range: { from: string | null; to: string | null };
  groupBy: string | null;
  /** The newest responses in the range that matrices and drivers are computed from. */
  sample: SampleInfo;
  matrices: MatrixMeans[];
  drivers: {
    /** The headline answer explained (NPS, else the first rating), or null when the survey has none. */
    outcome: { questionId: string; type: 'nps' | 'rating'; text: string } | null;
    /** Rated dimensions past MAX_DIMENSIONS, left out of the analysis. */
    dimensionsOmitted: number;
    overall: DriverAnalysis | null;
    groups: { value: string; analysis: DriverAnalysis | null }[];
  };
  themes: {
    /** What the two sides are called for this survey's headline. */
    sides: { low: string; high: string } | null;
    /** The newest comments in the range that themes are found in. */
    sample: SampleInfo;
    languages: LanguageThemes[];
    /** The comments the themes link to, by theme comment id (`responseId:questionId`). */
    comments: Record<string, Comment>;
  };
}

export interface InsightsOptions {
  from?: Date;
  to?: Date;
  groupBy?: string;
  localeGrouping?: 'language' | 'tag';
  /** Groups shown for matrices and drivers, largest in the sample first. */
  groupLimit?: number;
  /** Bootstrap resamples for the drivers' intervals (overall; groups get half). */
  resamples?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fits = (q: Question, row: Row): unknown => {
  if (!isRecord(row.answers) || !Object.hasOwn(row.answers, q.id)) return undefined;
  const v = row.answers[q.id];
  return checkAnswer(q, v) === null ? v : undefined;
};

/** A rated dimension and how to read it from a response. */
type Dimension = DriverDimension & { read(row: Row): number | undefined };

function dimensionsOf(survey: Survey, outcomeId: string, locale: string): Dimension[] {
  const out: Dimension[] = [];
  for (const q of survey.questions) {
    if (q.type === 'matrix')
      for (const r of q.rows)
        out.push({
          id: `${q.id}.${r.id}`,
          label: localize(r.text, locale),
          min: 1,
          max: q.scale,
          read: (row) => {
            const v = fits(q, row);
            return isRecord(v) && typeof v[r.id] === 'number' ? (v[r.id] as number) : undefined;
          },
        });
    else if ((q.type === 'rating' || q.type === 'ces') && q.id !== outcomeId)
      out.push({
        id: q.id,
        label: localize(q.text, locale),
        min: 1,
        max: q.type === 'rating' ? q.scale : 7,
        read: (row) => fits(q, row) as number | undefined,
      });
  }
  return out;
}

/** Which side of the headline a score puts a comment on (detractor / passive / promoter, or the CSAT/CES equivalents). */
function sidesOf(survey: Survey): { labels: { low: string; high: string }; side(score: number): ThemeComment['side'] } | null {
  const nps = survey.questions.find((q) => q.type === 'nps');
  if (nps) return { labels: { low: 'detractors', high: 'promoters' }, side: (v) => (v <= 6 ? 'low' : v >= 9 ? 'high' : 'middle') };
  const rating = survey.questions.find((q) => q.type === 'rating');
  if (rating && rating.type === 'rating') {
    const top = csatThreshold(rating.scale);
    const low = rating.scale >= 3 ? top - 2 : top - 1;
    return { labels: { low: 'dissatisfied', high: 'satisfied' }, side: (v) => (v >= top ? 'high' : v <= low ? 'low' : 'middle') };
  }
  if (survey.questions.some((q) => q.type === 'ces'))
    return { labels: { low: 'high effort', high: 'low effort' }, side: (v) => (v >= 5 ? 'high' : v <= 3 ? 'low' : 'middle') };
  return null;
}

/** Counts per key, largest first, ties by key. */
const ranked = (keys: string[], limit: number) => {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([k]) => k);
};

/**
 * Insights from the newest responses (`responses`, for matrices and drivers) and the newest responses
 * with text (`texts`, for themes), both read newest first by the caller within a cap (see from-storage).
 */
export function computeInsights(
  survey: Survey,
  input: { responses: readonly Row[]; responsesSample: SampleInfo; texts: readonly Row[]; textsSample: SampleInfo },
  options: InsightsOptions = {},
): Insights {
  const locale = survey.defaultLocale ?? 'en';
  const groupLimit = options.groupLimit ?? 8;
  const resamples = options.resamples ?? 200;
  const groupKey = groupKeyOf(options.groupBy, options.localeGrouping);
  const groupOf = (row: Row) => (options.groupBy ? groupKey(isRecord(row.meta) ? row.meta[options.groupBy] : undefined) : '');
  const responses = input.responses;
  const groups = options.groupBy ? ranked(responses.map(groupOf), groupLimit) : [];

  // Matrix row means, overall and per group, with the headline's interval method for means.
  const matrices: MatrixMeans[] = survey.questions.flatMap((q) => {
    if (q.type !== 'matrix') return [];
    return [
      {
        questionId: q.id,
        text: localize(q.text, locale),
        scale: q.scale,
        groups,
        rows: q.rows.map((r) => {
          const overall: number[] = [];
          const perGroup = new Map<string, number[]>(groups.map((g) => [g, []]));
          for (const row of responses) {
            const v = fits(q, row);
            if (!isRecord(v) || typeof v[r.id] !== 'number') continue;
            overall.push(v[r.id] as number);
            perGroup.get(groupOf(row))?.push(v[r.id] as number);
          }
          return { id: r.id, text: localize(r.text, locale), overall: scoreCes(overall), groups: groups.map((g) => scoreCes(perGroup.get(g)!)) };
        }),
      },
    ];
  });

  // Key drivers: the headline answer on the dimensions, complete respondents only.
  const outcomeQ = survey.questions.find((q) => q.type === 'nps') ?? survey.questions.find((q) => q.type === 'rating');
  let drivers: Insights['drivers'] = { outcome: null, dimensionsOmitted: 0, overall: null, groups: [] };
  if (outcomeQ && (outcomeQ.type === 'nps' || outcomeQ.type === 'rating')) {
    const all = dimensionsOf(survey, outcomeQ.id, locale);
    const dims = all.slice(0, MAX_DIMENSIONS);
    const complete: { group: string; values: number[] }[] = [];
    for (const row of responses) {
      const y = fits(outcomeQ, row);
      if (typeof y !== 'number') continue;
      const xs = dims.map((d) => d.read(row));
      if (xs.every((x): x is number => typeof x === 'number')) complete.push({ group: groupOf(row), values: [y, ...xs] });
    }
    const analyse = (rows: number[][], n: number) => keyDrivers(dims, rows, { resamples: n });
    drivers = {
      outcome: { questionId: outcomeQ.id, type: outcomeQ.type, text: localize(outcomeQ.text, locale) },
      dimensionsOmitted: all.length - dims.length,
      overall: analyse(
        complete.map((c) => c.values),
        resamples,
      ),
      groups: groups.map((value) => ({
        value,
        analysis: analyse(
          complete.filter((c) => c.group === value).map((c) => c.values),
          Math.ceil(resamples / 2),
        ),
      })),
    };
  }

  // Themes: each comment on its headline side, in its respondent's language.
  const sides = sidesOf(survey);
  const headlineQ =
    survey.questions.find((q) => q.type === 'nps') ?? survey.questions.find((q) => q.type === 'rating') ?? survey.questions.find((q) => q.type === 'ces');
  const textQs = survey.questions.filter((q) => q.type === 'text');
  const byId = new Map<string, Comment>();
  const themeComments: ThemeComment[] = [];
  if (sides && headlineQ)
    for (const row of input.texts) {
      const score = fits(headlineQ, row);
      if (typeof score !== 'number') continue;
      const rawLocale = isRecord(row.meta) && typeof row.meta.locale === 'string' ? row.meta.locale : locale;
      for (const q of textQs) {
        const text = fits(q, row);
        if (typeof text !== 'string' || text.trim() === '') continue;
        const id = `${row.id}:${q.id}`;
        byId.set(id, { responseId: row.id, questionId: q.id, text, createdAt: row.createdAt, score, meta: isRecord(row.meta) ? { ...row.meta } : {} });
        themeComments.push({ id, text, language: languageOf(rawLocale), side: sides.side(score) });
      }
    }
  const languages = findThemes(themeComments);
  const linked: Record<string, Comment> = {};
  for (const l of languages) for (const t of l.themes) for (const id of t.comments) linked[id] = byId.get(id)!;

  return {
    surveyId: survey.id,
    surveyVersion: survey.version,
    range: { from: options.from?.toISOString() ?? null, to: options.to?.toISOString() ?? null },
    groupBy: options.groupBy ?? null,
    sample: input.responsesSample,
    matrices,
    drivers,
    themes: { sides: sides?.labels ?? null, sample: input.textsSample, languages, comments: linked },
  };
}
