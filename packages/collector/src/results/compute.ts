// Computes survey results (scores, distributions, series, groups, comments) from stored responses in one pass.
import { checkAnswer, LIMITS, localize, scoreCes, scoreCsat, scoreNps, type Question, type Survey } from '@tellus/schema';
import type { AggregateSpec, ResponseAggregates, StoredResponse } from '../storage/types.js';
import { bucketKey, bucketRange, bucketStart, type Interval } from './buckets.js';
import { compareGroups } from './compare.js';
import { groupKeyOf, NO_VALUE } from './group-key.js';
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
  /** Grouping by locale: one group per language (`en-US` and `en` together, the default) or per exact tag. */
  localeGrouping?: 'language' | 'tag';
}

export { NO_VALUE };

type Row = Pick<StoredResponse, 'id' | 'answers' | 'meta' | 'createdAt' | 'completed'>;

export interface ResultsAccumulator {
  /** One stored response. */
  add(row: Row): void;
  /** The database's counts for the same filter (Storage.aggregateResponses with `spec`). */
  addAggregates(agg: ResponseAggregates): void;
  /** After addAggregates: the groups that will be returned, whose headline answers to count (Storage.aggregateGroupAnswers). */
  groupsToCount(): { json: string[]; none: boolean };
  addGroupAnswers(rows: { group: unknown; question: string; value: unknown; n: number }[]): void;
  /** A response offered for the comments only; offer them newest first until `commentsFull()`. */
  addComments(row: Row): void;
  commentsFull(): boolean;
  /** What addAggregates expects to have been counted. */
  readonly spec: AggregateSpec;
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
  /** Counts a valid answer `w` times (identical answers counted in the database arrive once with their count). */
  add(value: unknown, w: number): void;
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
        add(v, w) {
          tally.add(v as number, w);
          n += w;
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
        add(v, w) {
          const a = v as { selected: string[]; other?: string };
          for (const id of a.selected) counts.set(id, (counts.get(id) ?? 0) + w);
          if (typeof a.other === 'string' && a.other.trim() !== '') other += w;
          n += w;
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
        add(v, w) {
          if (v === 'up') up += w;
          n += w;
        },
        finish: () => ({ id: q.id, text, n, type: 'thumbs', up, down: n - up }),
      };
    }
    case 'matrix': {
      const rows = q.rows.map((r) => ({ row: r, tally: createTally() }));
      return {
        add(v, w) {
          const a = v as Record<string, number>;
          for (const { row, tally } of rows) if (Object.hasOwn(a, row.id)) tally.add(a[row.id] as number, w);
          n += w;
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
        add(v, w) {
          if ((v as string).trim() !== '') n += w;
        },
        finish: () => ({ id: q.id, text, n, type: 'text' }),
      };
    case 'contact':
    case 'consent':
    case 'cta':
      // Counted only: contact details are personal data and never appear in results.
      return {
        add(_v, w) {
          n += w;
        },
        finish: () => ({ id: q.id, text, n, type: q.type }),
      };
  }
}

/**
 * Starts a results computation for the survey's current definition. Responses to older versions
 * count wherever their answers still fit the question (an answer outside a changed scale is skipped).
 * Feed it either every response (`add`), or the database's counts (`addAggregates`) plus the newest
 * responses with text answers (`addComments` until `commentsFull()`); both give the same results.
 */
export function createResultsAccumulator(survey: Survey, options: ResultsOptions = {}): ResultsAccumulator {
  const { from, to, groupBy } = options;
  const interval = options.interval ?? 'day';
  const commentLimit = options.commentLimit ?? 20;
  const groupLimit = options.groupLimit ?? 100;
  const locale = survey.defaultLocale ?? 'en';
  const headline = headlineOf(survey);
  const questions = new Map(survey.questions.map((q) => [q.id, { q, acc: questionAcc(q, locale) }]));
  const textQuestions = survey.questions.filter((q) => q.type === 'text');
  const overall = headlineTallies();
  const buckets = new Map<number, HeadlineTallies>();
  const groups = new Map<string, HeadlineTallies>();
  let comments: Comment[] = [];
  const attributes = new Set<string>();
  let n = 0;
  let completed = 0;

  /** The answer to question `id` if it fits the current definition, else undefined. */
  const valid = (row: Row, id: string): unknown => {
    const q = questions.get(id)?.q;
    if (!q || !Object.hasOwn(row.answers, id)) return undefined;
    const v = row.answers[id];
    return checkAnswer(q, v) === null ? v : undefined;
  };

  const bucketOf = (created: Date): HeadlineTallies => {
    const key = bucketStart(created, interval).getTime();
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = headlineTallies()));
    return bucket;
  };
  const groupKey = groupKeyOf(groupBy, options.localeGrouping);
  const groupOf = (raw: unknown): HeadlineTallies => {
    const key = groupKey(raw);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = headlineTallies()));
    return group;
  };
  /** Which headline tally a question feeds, if any. */
  const scoreOf = (id: string) =>
    id === headline.nps?.questionId ? 'nps' : id === headline.csat?.questionId ? 'csat' : id === headline.ces?.questionId ? 'ces' : null;
  /** The groups returned: the largest first, ties by value. */
  const rankGroups = () => [...groups].sort(([av, a], [bv, b]) => b.n - a.n || (av < bv ? -1 : av > bv ? 1 : 0)).slice(0, groupLimit);
  /** The database's group rows, to pick the ones whose headline answers are worth counting. */
  let groupRows: ResponseAggregates['groups'] = [];
  const addAttribute = (k: string) => {
    attributes.add(k);
    // The first 100 names in code-unit order, as the database picks them; trimmed now and then.
    if (attributes.size > 200) {
      const keep = [...attributes].sort().slice(0, 100);
      attributes.clear();
      keep.forEach((x) => attributes.add(x));
    }
  };

  const inRange = (row: Row) => {
    const t = new Date(row.createdAt).getTime();
    return !Number.isNaN(t) && !(from && t < from.getTime()) && !(to && t >= to.getTime()) && isRecord(row.answers);
  };

  /** The row's non-blank text answers as comments, with its headline score. */
  const commentsOf = (row: Row): Comment[] => {
    const out: Comment[] = [];
    let score: number | null | undefined;
    for (const q of textQuestions) {
      const v = valid(row, q.id);
      if (typeof v !== 'string' || v.trim() === '') continue;
      score ??= [headline.nps, headline.csat, headline.ces].map((h) => h && valid(row, h.questionId)).find((x): x is number => typeof x === 'number') ?? null;
      out.push({ responseId: row.id, questionId: q.id, text: v, createdAt: row.createdAt, score, meta: { ...row.meta } });
    }
    return out;
  };

  const newestFirst = (a: Comment, b: Comment) =>
    b.createdAt < a.createdAt ? -1 : b.createdAt > a.createdAt ? 1 : b.responseId < a.responseId ? -1 : b.responseId > a.responseId ? 1 : 0;

  /** Each distinct (question, value) the database counted is checked once. */
  const fits = new Map<string, boolean>();
  const fitsQuestion = (q: Question, v: unknown) => {
    const key = `${q.id}\u0000${JSON.stringify(v)}`;
    let ok = fits.get(key);
    if (ok === undefined) fits.set(key, (ok = checkAnswer(q, v) === null));
    return ok;
  };

  /** What addAggregates needs counted: every question, the headline ones per day and group, and each text's length limit. */
  const spec: AggregateSpec = {
    ...(groupBy && { groupBy }),
    headline: [headline.nps, headline.csat, headline.ces].flatMap((h) => (h ? [h.questionId] : [])),
    questions: [...questions.keys()],
    textMax: Object.fromEntries(textQuestions.map((q) => [q.id, q.type === 'text' ? (q.maxLength ?? LIMITS.answerTextDefault) : 0])),
    otherMax: Object.fromEntries(survey.questions.filter((q) => q.type === 'choice').map((q) => [q.id, LIMITS.answerTextDefault])),
  };

  return {
    add(row) {
      if (!inRange(row)) return;
      const bucket = bucketOf(new Date(row.createdAt));
      const tallies = [overall, bucket];
      if (groupBy) tallies.push(groupOf(isRecord(row.meta) && Object.hasOwn(row.meta, groupBy) ? row.meta[groupBy] : undefined));
      if (isRecord(row.meta)) Object.keys(row.meta).forEach(addAttribute);
      n++;
      if (row.completed) completed++;
      for (const t of tallies) t.n++;
      for (const [id, { acc }] of questions) {
        const v = valid(row, id);
        if (v === undefined) continue;
        acc.add(v, 1);
        const score = scoreOf(id);
        if (score) for (const t of tallies) t[score].add(v as number, 1);
      }
      comments.push(...commentsOf(row));
      // Rows arrive oldest first, so trim now and then instead of holding every comment.
      if (comments.length > commentLimit * 4) comments = comments.sort(newestFirst).slice(0, commentLimit);
    },

    addAggregates(agg) {
      const day = (d: string) => new Date(`${d}T00:00:00.000Z`);
      agg.attributes.forEach(addAttribute);
      for (const d of agg.days) {
        n += d.n;
        if (d.completed) completed += d.n;
        overall.n += d.n;
        bucketOf(day(d.day)).n += d.n;
      }
      groupRows = agg.groups;
      for (const g of agg.groups) groupOf(g.group).n += g.n;
      for (const a of agg.dayAnswers) {
        const q = questions.get(a.question)?.q;
        const score = scoreOf(a.question);
        if (q && score && fitsQuestion(q, a.value)) bucketOf(day(a.day))[score].add(a.value as number, a.n);
      }
      for (const a of agg.answers) {
        const entry = questions.get(a.question);
        if (!entry) continue;
        const { q, acc } = entry;
        let v = a.value;
        // Texts arrive judged: a stand-in that fits or does not exactly as the text did.
        if (a.text) {
          const max = (q.type === 'text' ? spec.textMax : spec.otherMax)[q.id] ?? 0;
          const standIn = a.text === 'long' ? 'x'.repeat(max + 1) : a.text === 'blank' ? '' : 'x';
          v = q.type === 'text' ? standIn : { ...(v as object), other: standIn };
        }
        if (!fitsQuestion(q, v)) continue;
        acc.add(v, a.n);
        const score = scoreOf(q.id);
        if (score) overall[score].add(v as number, a.n);
      }
    },

    groupsToCount() {
      const chosen = new Set(rankGroups().map(([key]) => key));
      return {
        json: groupRows.filter((g) => g.json !== null && chosen.has(groupKey(g.group))).map((g) => g.json as string),
        none: chosen.has(NO_VALUE),
      };
    },

    addGroupAnswers(rows) {
      for (const r of rows) {
        const q = questions.get(r.question)?.q;
        const score = scoreOf(r.question);
        if (q && score && fitsQuestion(q, r.value)) groupOf(r.group)[score].add(r.value as number, r.n);
      }
    },

    addComments(row) {
      if (inRange(row)) comments.push(...commentsOf(row));
    },

    commentsFull: () => comments.length >= commentLimit,

    spec,

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
      const groupList: GroupResult[] = rankGroups().map(([value, g]) => ({ value, n: g.n, scores: scoresOf(headline, g), vsRest: {} }));
      const scores = scoresOf(headline, overall);

      return {
        surveyId: survey.id,
        surveyVersion: survey.version,
        name: survey.name ?? null,
        range: { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null },
        interval,
        groupBy: groupBy ?? null,
        attributes: [...attributes].sort().slice(0, 100),
        n,
        completed,
        headline,
        scores,
        questions: [...questions.values()].map(({ acc }) => acc.finish()),
        series,
        groups: compareGroups(headline, scores, groupList),
        groupsOmitted: Math.max(0, groups.size - groupList.length),
        comments: comments.sort(newestFirst).slice(0, commentLimit),
      };
    },
  };
}

/** Results of a list (or stream) of responses; see createResultsAccumulator. */
export async function computeResults(survey: Survey, rows: Iterable<Row> | AsyncIterable<Row>, options: ResultsOptions = {}): Promise<Results> {
  const acc = createResultsAccumulator(survey, options);
  for await (const row of rows) acc.add(row);
  return acc.finish();
}
