// Computes survey results (scores, distributions, series, groups, comments) from stored responses in one pass.
import { checkAnswer, localize, scoreCes, scoreCsat, scoreNps, type Question, type Survey } from '@tellus/schema';
import type { StoredResponse } from '../storage/types.js';
import { bucketKey, bucketRange, bucketStart, type Interval } from './buckets.js';
import { createTally, type Tally } from './tally.js';
import type { Comment, GroupResult, Headline, HeadlineScores, QuestionResult, Results, SeriesPoint } from './types.js';

export interface ResultsOptions {
  /** Inclusive lower bound on createdAt. */
  from?: Date;
  /** Exclusive upper bound on createdAt. */
  to?: Date;
  interval?: Interval;
  /** A meta attribute (location, agent, channel, locale, …) to compare groups by. */
  groupBy?: string;
  /** How many comments to keep, newest first. */
  commentLimit?: number;
  /** How many groups to return, largest first (an attribute like orderId has one per response). */
  groupLimit?: number;
}

export const NO_VALUE = '(none)';

type Row = Pick<StoredResponse, 'id' | 'answers' | 'meta' | 'createdAt' | 'completed'>;

export interface ResultsAccumulator {
  add(row: Row): void;
  finish(): Results;
}

/** The headline score questions: the first of each type, so a survey's main question drives the cards. */
export function headlineOf(survey: Survey): Headline {
  const nps = survey.questions.find((q) => q.type === 'nps');
  const rating = survey.questions.find((q) => q.type === 'rating');
  const ces = survey.questions.find((q) => q.type === 'ces');
  return {
    nps: nps ? { questionId: nps.id } : null,
    csat: rating && rating.type === 'rating' ? { questionId: rating.id, scale: rating.scale } : null,
    ces: ces ? { questionId: ces.id } : null,
  };
}

interface HeadlineTallies {
  n: number;
  nps: Tally;
  csat: Tally;
  ces: Tally;
}

const headlineTallies = (): HeadlineTallies => ({ n: 0, nps: createTally(), csat: createTally(), ces: createTally() });

function scoresOf(h: Headline, t: HeadlineTallies): HeadlineScores {
  return {
    nps: h.nps ? scoreNps(t.nps.values()) : null,
    csat: h.csat ? scoreCsat(t.csat.values(), h.csat.scale) : null,
    ces: h.ces ? scoreCes(t.ces.values()) : null,
  };
}

/** One question's running counts; `finish` turns them into its result. */
interface QuestionAcc {
  add(value: unknown): void;
  finish(): QuestionResult;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function questionAcc(q: Question, locale: string): QuestionAcc {
  const text = localize(q.text, locale);
  let n = 0;
  switch (q.type) {
    case 'nps':
    case 'ces':
    case 'rating': {
      const tally = createTally();
      return {
        add(v) {
          tally.add(v as number);
          n++;
        },
        finish() {
          const values = tally.values();
          if (q.type === 'nps') return { id: q.id, text, n, type: 'nps', distribution: tally.counts(0, 10), nps: scoreNps(values) };
          if (q.type === 'ces') return { id: q.id, text, n, type: 'ces', distribution: tally.counts(1, 7), ces: scoreCes(values) };
          return {
            id: q.id,
            text,
            n,
            type: 'rating',
            scale: q.scale,
            distribution: tally.counts(1, q.scale),
            csat: scoreCsat(values, q.scale),
            mean: scoreCes(values),
          };
        },
      };
    }
    case 'choice': {
      const counts = new Map<string, number>(q.options.map((o) => [o.id, 0]));
      let other = 0;
      return {
        add(v) {
          const a = v as { selected: string[]; other?: string };
          for (const id of a.selected) counts.set(id, (counts.get(id) ?? 0) + 1);
          if (typeof a.other === 'string' && a.other.trim() !== '') other++;
          n++;
        },
        finish: () => ({
          id: q.id,
          text,
          n,
          type: 'choice',
          multiple: q.multiple ?? false,
          options: q.options.map((o) => ({ id: o.id, text: localize(o.text, locale), count: counts.get(o.id) ?? 0 })),
          other,
        }),
      };
    }
    case 'thumbs': {
      let up = 0;
      return {
        add(v) {
          if (v === 'up') up++;
          n++;
        },
        finish: () => ({ id: q.id, text, n, type: 'thumbs', up, down: n - up }),
      };
    }
    case 'matrix': {
      const rows = q.rows.map((r) => ({ row: r, tally: createTally() }));
      return {
        add(v) {
          const a = v as Record<string, number>;
          for (const { row, tally } of rows) if (Object.prototype.hasOwnProperty.call(a, row.id)) tally.add(a[row.id] as number);
          n++;
        },
        finish: () => ({
          id: q.id,
          text,
          n,
          type: 'matrix',
          scale: q.scale,
          rows: rows.map(({ row, tally }) => ({
            id: row.id,
            text: localize(row.text, locale),
            n: tally.n,
            distribution: tally.counts(1, q.scale),
            mean: scoreCes(tally.values()),
          })),
        }),
      };
    }
    case 'text':
      return {
        add(v) {
          if ((v as string).trim() !== '') n++;
        },
        finish: () => ({ id: q.id, text, n, type: 'text' }),
      };
  }
}

/**
 * Starts a results computation for the survey's current definition. Responses to older versions
 * count wherever their answers still fit the question (an answer outside a changed scale is skipped).
 */
export function createResultsAccumulator(survey: Survey, options: ResultsOptions = {}): ResultsAccumulator {
  const { from, to, groupBy } = options;
  const interval = options.interval ?? 'day';
  const commentLimit = options.commentLimit ?? 20;
  const groupLimit = options.groupLimit ?? 100;
  const locale = survey.defaultLocale ?? 'en';
  const headline = headlineOf(survey);
  const questions = survey.questions.map((q) => ({ q, acc: questionAcc(q, locale) }));
  const textQuestions = survey.questions.filter((q) => q.type === 'text').map((q) => q.id);
  const byId = new Map(survey.questions.map((q) => [q.id, q]));
  const overall = headlineTallies();
  const buckets = new Map<number, HeadlineTallies>();
  const groups = new Map<string, HeadlineTallies>();
  let comments: Comment[] = [];
  const attributes = new Set<string>();
  let n = 0;
  let completed = 0;

  /** The answer to question `id` if it fits the current definition, else undefined. */
  const valid = (row: Row, id: string): unknown => {
    const q = byId.get(id);
    if (!q || !Object.prototype.hasOwnProperty.call(row.answers, id)) return undefined;
    const v = row.answers[id];
    return checkAnswer(q, v) === null ? v : undefined;
  };

  const addHeadline = (t: HeadlineTallies, nps: unknown, csat: unknown, ces: unknown) => {
    t.n++;
    if (typeof nps === 'number') t.nps.add(nps);
    if (typeof csat === 'number') t.csat.add(csat);
    if (typeof ces === 'number') t.ces.add(ces);
  };

  const newestFirst = (a: Comment, b: Comment) =>
    b.createdAt < a.createdAt ? -1 : b.createdAt > a.createdAt ? 1 : b.responseId < a.responseId ? -1 : b.responseId > a.responseId ? 1 : 0;

  return {
    add(row) {
      const created = new Date(row.createdAt);
      const t = created.getTime();
      if (Number.isNaN(t) || (from && t < from.getTime()) || (to && t >= to.getTime())) return;
      if (!isRecord(row.answers)) return;
      n++;
      if (row.completed) completed++;
      if (isRecord(row.meta)) for (const k of Object.keys(row.meta)) if (attributes.size < 100) attributes.add(k);

      // Each answer is checked once; the headline and the comments read the checked values.
      const values = new Map<string, unknown>();
      for (const { q, acc } of questions) {
        const v = valid(row, q.id);
        if (v === undefined) continue;
        values.set(q.id, v);
        acc.add(v);
      }

      const nps = headline.nps && values.get(headline.nps.questionId);
      const csat = headline.csat && values.get(headline.csat.questionId);
      const ces = headline.ces && values.get(headline.ces.questionId);
      addHeadline(overall, nps, csat, ces);

      const key = bucketStart(created, interval).getTime();
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = headlineTallies()));
      addHeadline(bucket, nps, csat, ces);

      if (groupBy) {
        const raw = isRecord(row.meta) && Object.prototype.hasOwnProperty.call(row.meta, groupBy) ? row.meta[groupBy] : undefined;
        const value = raw === undefined || raw === null || raw === '' ? NO_VALUE : String(raw);
        let group = groups.get(value);
        if (!group) groups.set(value, (group = headlineTallies()));
        addHeadline(group, nps, csat, ces);
      }

      const score = [nps, csat, ces].find((v): v is number => typeof v === 'number') ?? null;
      for (const id of textQuestions) {
        const v = values.get(id);
        if (typeof v !== 'string' || v.trim() === '') continue;
        comments.push({ responseId: row.id, questionId: id, text: v, createdAt: row.createdAt, score, meta: { ...row.meta } });
      }
      // Rows arrive oldest first, so trim now and then instead of holding every comment.
      if (comments.length > commentLimit * 4) comments = comments.sort(newestFirst).slice(0, commentLimit);
    },

    finish() {
      const keys = [...buckets.keys()].sort((a, b) => a - b);
      let starts: Date[] = keys.map((k) => new Date(k));
      const first = from ?? (keys.length ? new Date(keys[0] as number) : null);
      const last = to ? new Date(to.getTime() - 1) : keys.length ? new Date(keys[keys.length - 1] as number) : null;
      if (first && last) starts = bucketRange(first, last, interval) ?? starts;
      const series: SeriesPoint[] = starts.map((s) => {
        const b = buckets.get(s.getTime()) ?? headlineTallies();
        return { start: bucketKey(s), n: b.n, scores: scoresOf(headline, b) };
      });

      // Sort on counts first and score only the groups returned.
      const groupList: GroupResult[] = [...groups]
        .sort(([av, a], [bv, b]) => b.n - a.n || (av < bv ? -1 : av > bv ? 1 : 0))
        .slice(0, groupLimit)
        .map(([value, g]) => ({ value, n: g.n, scores: scoresOf(headline, g) }));

      return {
        surveyId: survey.id,
        surveyVersion: survey.version,
        name: survey.name ?? null,
        range: { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null },
        interval,
        groupBy: groupBy ?? null,
        attributes: [...attributes].sort(),
        n,
        completed,
        headline,
        scores: scoresOf(headline, overall),
        questions: questions.map(({ acc }) => acc.finish()),
        series,
        groups: groupList,
        groupsOmitted: Math.max(0, groups.size - groupList.length),
        comments: comments.sort(newestFirst).slice(0, commentLimit),
      };
    },
  };
}

/** Results of a list (or stream) of responses; see createResultsAccumulator. */
export async function computeResults(
  survey: Survey,
  rows: Iterable<Row> | AsyncIterable<Row>,
  options: ResultsOptions = {},
): Promise<Results> {
  const acc = createResultsAccumulator(survey, options);
  for await (const row of rows) acc.add(row);
  return acc.finish();
}
