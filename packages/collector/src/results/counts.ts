// The counts that results are scored from, and their two entry points: from response rows, and from the
// database's totals (roll-ups or a scan), whose answers arrive as facets (see rollups/sql.ts).
import { checkAnswer, type Question, type Survey } from '@tellus/schema';
import type { StoredResponse } from '../storage/types.js';
import { bucketStart, type Interval } from './buckets.js';
import { groupKeyOf, NO_VALUE } from './group-key.js';
import type { Comment, Headline } from './types.js';

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

/** The group of responses without a value for the attribute. */
export { NO_VALUE };
/** The group of values past the roll-ups' daily cap. */
export const OTHER_GROUP = '(other)';
/** How the database marks that group (rollups/sql.ts). */
const OTHER_VALUE = '*other*';

export type Row = Pick<StoredResponse, 'id' | 'answers' | 'meta' | 'createdAt' | 'completed'>;

/** How often each whole-number answer was given. */
export type Histogram = Map<number, number>;

/** Responses and headline answers of one slice (everything, a time bucket or a group). */
export interface HeadlineCounts {
  n: number;
  nps: Histogram;
  csat: Histogram;
  ces: Histogram;
}

/** One question's valid answers, by what its result needs. */
export type QuestionCounts =
  | { kind: 'scale'; n: number; values: Histogram }
  | { kind: 'choice'; n: number; options: Map<string, number>; other: number }
  | { kind: 'thumbs'; n: number; up: number }
  | { kind: 'matrix'; n: number; rows: Map<string, Histogram> }
  | { kind: 'text'; n: number }
  | { kind: 'answered'; n: number };

/** Everything results are scored from (see scoreCounts); the same whichever entry point made it. */
export interface Counts {
  n: number;
  completed: number;
  /** Meta attribute names present, the first 100 in code-unit order. */
  attributes: string[];
  /** By question id, for every question of the current definition. */
  questions: Map<string, QuestionCounts>;
  overall: HeadlineCounts;
  /** By the start of the interval's UTC bucket (ms since the epoch). */
  buckets: Map<number, HeadlineCounts>;
  /** By group label; only the largest `groupLimit` carry headline answers. */
  groups: Map<string, HeadlineCounts>;
  /** Newest first, at most `commentLimit`. */
  comments: Comment[];
}

/** What the database counted for one filter; facets are answers as rollups/sql.ts summarises them. */
export interface Totals {
  /** Responses per UTC day (YYYY-MM-DD) and completion. */
  days: { day: string; completed: boolean; n: number }[];
  /** Headline answers per UTC day. */
  dayAnswers: { day: string; question: string; facet: unknown; n: number }[];
  /** Every answer over the range. */
  answers: { question: string; facet: unknown; n: number }[];
  /** Responses per group value (its JSON text; 'null' for none). */
  groups: { value: string; n: number }[];
  /** Headline answers per group value, for the groups chosen by chooseGroups. */
  groupAnswers: { value: string; question: string; facet: unknown; n: number }[];
  attributes: string[];
  /** The newest responses with text, enough for the comments (see commentsOf). */
  comments: Row[];
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

/** The headline question ids, for the SQL that counts them per day and group. */
export const headlineIds = (survey: Survey): string[] => {
  const h = headlineOf(survey);
  return [h.nps, h.csat, h.ces].flatMap((x) => (x ? [x.questionId] : []));
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: object, k: string) => Object.hasOwn(o, k);
const bump = <K>(m: Map<K, number>, k: K, w: number) => m.set(k, (m.get(k) ?? 0) + w);
const emptyHeadline = (): HeadlineCounts => ({ n: 0, nps: new Map(), csat: new Map(), ces: new Map() });

/** A group's label from the raw meta value: missing, null and "" are no value; 3 and "3" are one group; a locale by its language unless asked otherwise. */
export type GroupLabel = (raw: unknown) => string;
export const groupLabel: GroupLabel = groupKeyOf(undefined, undefined);
/** The labeller for a grouping (locale values by language unless `localeGrouping` is `tag`). */
export const groupLabelFor = (groupBy: string | undefined, localeGrouping?: 'language' | 'tag'): GroupLabel => groupKeyOf(groupBy, localeGrouping);
/** A group's label from the value's JSON text, as the database gives it. */
const labelOfJson = (text: string, label: GroupLabel = groupLabel): string => (text === OTHER_VALUE ? OTHER_GROUP : label(JSON.parse(text)));

const byCountThenLabel = ([av, a]: [string, number], [bv, b]: [string, number]) => b - a || (av < bv ? -1 : av > bv ? 1 : 0);

/** The value texts whose groups are returned (the `limit` largest labels), so only their answers need counting. */
export function chooseGroups(groups: Totals['groups'], limit = 100, label: GroupLabel = groupLabel): string[] {
  const byLabel = new Map<string, number>();
  for (const g of groups) bump(byLabel, labelOfJson(g.value, label), g.n);
  const chosen = new Set(
    [...byLabel]
      .sort(byCountThenLabel)
      .slice(0, limit)
      .map(([l]) => l),
  );
  return groups.filter((g) => chosen.has(labelOfJson(g.value, label))).map((g) => g.value);
}

/** The groups to score: largest first, ties by label. */
export const rankGroups = (counts: Counts, limit = 100): [string, HeadlineCounts][] =>
  [...counts.groups].sort(([av, a], [bv, b]) => byCountThenLabel([av, a.n], [bv, b.n])).slice(0, limit);

function emptyQuestion(q: Question): QuestionCounts {
  switch (q.type) {
    case 'nps':
    case 'ces':
    case 'rating':
      return { kind: 'scale', n: 0, values: new Map() };
    case 'choice':
      return { kind: 'choice', n: 0, options: new Map(q.options.map((o) => [o.id, 0])), other: 0 };
    case 'thumbs':
      return { kind: 'thumbs', n: 0, up: 0 };
    case 'matrix':
      return { kind: 'matrix', n: 0, rows: new Map(q.rows.map((r) => [r.id, new Map()])) };
    case 'text':
      return { kind: 'text', n: 0 };
    case 'contact':
    case 'consent':
    case 'cta':
      // Counted only: contact details are personal data and never appear in results.
      return { kind: 'answered', n: 0 };
  }
}

/** Counts one valid answer `w` times (a matrix answer counts its respondent here, its rows in countMatrixRows). */
function countAnswer(c: QuestionCounts, value: unknown, w: number): void {
  switch (c.kind) {
    case 'scale':
      bump(c.values, value as number, w);
      break;
    case 'choice': {
      const a = value as { selected: string[]; other?: string };
      for (const id of a.selected) bump(c.options, id, w);
      if (typeof a.other === 'string' && a.other.trim() !== '') c.other += w;
      break;
    }
    case 'thumbs':
      if (value === 'up') c.up += w;
      break;
    case 'matrix':
      break; // rows are counted one by one (countMatrixRows), each where it fits by itself

    case 'text':
      if ((value as string).trim() === '') return;
  }
  c.n += w;
}

/** A text of the summarised length and blankness: it fits a question, or not, exactly as the text did. */
const textStandIn = (summary: unknown): string | undefined => {
  if (!isRecord(summary) || typeof summary.length !== 'number') return undefined;
  return (summary.blank ? ' ' : 'x').repeat(summary.length);
};

/**
 * An answer as the roll-ups summarise it, turned back into a value that fits the current definition exactly when
 * the original did; a matrix row facet also names its row and rating.
 */
export function standIn(facet: unknown): { value: unknown; row?: { id: string; rating: number } } {
  if (!isRecord(facet)) return { value: facet };
  if (own(facet, '$text')) return { value: textStandIn(facet.$text) };
  if (Array.isArray(facet.selected) && own(facet, 'other') && isRecord(facet.other) && own(facet.other, '$text'))
    return { value: { ...facet, other: textStandIn(facet.other.$text) } };
  if (own(facet, '$matrix') && isRecord(facet.$matrix)) {
    const m = facet.$matrix;
    // One row's rating: it fits as a matrix answer of that row alone.
    if (typeof m.row === 'string') return { value: { [m.row]: m.rating }, row: { id: m.row, rating: m.rating as number } };
    const { rows, min, max, whole } = m as { rows: string[]; min: number | null; max: number | null; whole: boolean };
    // All ratings whole and from min to max: the first row gets min, the others max (scales start at 1).
    return { value: Object.fromEntries(rows.map((r, i) => [r, whole ? (i === 0 ? min : max) : 0.5])) };
  }
  return { value: facet };
}

/** Collects counts for the survey's current definition; both entry points feed it. */
function createCounter(survey: Survey, options: ResultsOptions) {
  const { from, to, groupBy } = options;
  const interval = options.interval ?? 'day';
  const commentLimit = options.commentLimit ?? 20;
  const headline = headlineOf(survey);
  const label = groupLabelFor(groupBy, options.localeGrouping);
  const defs = new Map(survey.questions.map((q) => [q.id, q]));
  const counts: Counts = {
    n: 0,
    completed: 0,
    attributes: [],
    questions: new Map(survey.questions.map((q) => [q.id, emptyQuestion(q)])),
    overall: emptyHeadline(),
    buckets: new Map(),
    groups: new Map(),
    comments: [],
  };
  const attributes = new Set<string>();
  const addAttribute = (k: string) => {
    attributes.add(k);
    // The first 100 names in code-unit order, as the database picks them; trimmed now and then.
    if (attributes.size > 200) {
      const keep = [...attributes].sort().slice(0, 100);
      attributes.clear();
      keep.forEach((x) => attributes.add(x));
    }
  };
  const bucketOf = (created: Date): HeadlineCounts => {
    const key = bucketStart(created, interval).getTime();
    let bucket = counts.buckets.get(key);
    if (!bucket) counts.buckets.set(key, (bucket = emptyHeadline()));
    return bucket;
  };
  const groupOf = (label: string): HeadlineCounts => {
    let group = counts.groups.get(label);
    if (!group) counts.groups.set(label, (group = emptyHeadline()));
    return group;
  };
  const scoreOf = (id: string) =>
    id === headline.nps?.questionId ? 'nps' : id === headline.csat?.questionId ? 'csat' : id === headline.ces?.questionId ? 'ces' : null;
  /** Each distinct (question, facet) the database counted is checked once. */
  const checked = new Map<string, boolean>();
  const fits = (q: Question, value: unknown, key?: string) => {
    if (key === undefined) return checkAnswer(q, value) === null;
    let ok = checked.get(key);
    if (ok === undefined) checked.set(key, (ok = checkAnswer(q, value) === null));
    return ok;
  };
  const inRange = (row: Row) => {
    const t = new Date(row.createdAt).getTime();
    return !Number.isNaN(t) && !(from && t < from.getTime()) && !(to && t >= to.getTime()) && isRecord(row.answers);
  };
  const textQuestions = survey.questions.filter((q) => q.type === 'text');
  const validAnswer = (row: Row, id: string): unknown => {
    const q = defs.get(id);
    if (!q || !own(row.answers, id)) return undefined;
    const v = row.answers[id];
    return fits(q, v) ? v : undefined;
  };
  const commentsOf = (row: Row): Comment[] => {
    const out: Comment[] = [];
    let score: number | null | undefined;
    for (const q of textQuestions) {
      const v = validAnswer(row, q.id);
      if (typeof v !== 'string' || v.trim() === '') continue;
      score ??=
        [headline.nps, headline.csat, headline.ces].map((h) => h && validAnswer(row, h.questionId)).find((x): x is number => typeof x === 'number') ?? null;
      out.push({ responseId: row.id, questionId: q.id, text: v, createdAt: row.createdAt, score, meta: { ...row.meta } });
    }
    return out;
  };
  const newestFirst = (a: Comment, b: Comment) =>
    b.createdAt < a.createdAt ? -1 : b.createdAt > a.createdAt ? 1 : b.responseId < a.responseId ? -1 : b.responseId > a.responseId ? 1 : 0;
  const keepNewestComments = () => {
    counts.comments = counts.comments.sort(newestFirst).slice(0, commentLimit);
  };
  /** Each row rating of a matrix answer that fits the question by itself (a row since removed leaves the others counted). */
  const countMatrixRows = (q: Question, c: QuestionCounts, value: unknown, w: number) => {
    if (c.kind !== 'matrix' || !isRecord(value)) return;
    for (const [row, rating] of Object.entries(value))
      if (c.rows.has(row) && checkAnswer(q, { [row]: rating }) === null) bump(c.rows.get(row)!, rating as number, w);
  };
  /** A facet counted `n` times into the question and, for headline questions, into `slices`. */
  const addFacet = (question: string, facet: unknown, n: number, slices: HeadlineCounts[], whole: boolean) => {
    const q = defs.get(question);
    if (!q) return;
    const { value, row } = standIn(facet);
    if (!fits(q, value, `${question}\u0000${JSON.stringify(facet)}`)) return;
    const score = scoreOf(question);
    if (score) for (const s of slices) bump(s[score], value as number, n);
    if (!whole) return;
    const c = counts.questions.get(question)!;
    if (row) countMatrixRows(q, c, value, n);
    else countAnswer(c, value, n);
  };

  return {
    counts,
    commentsOf,
    addRow(row: Row) {
      if (!inRange(row)) return;
      const slices = [counts.overall, bucketOf(new Date(row.createdAt))];
      if (groupBy) slices.push(groupOf(label(isRecord(row.meta) && own(row.meta, groupBy) ? row.meta[groupBy] : undefined)));
      if (isRecord(row.meta)) Object.keys(row.meta).forEach(addAttribute);
      counts.n++;
      if (row.completed) counts.completed++;
      for (const s of slices) s.n++;
      for (const [id, c] of counts.questions) {
        if (c.kind === 'matrix' && own(row.answers, id)) countMatrixRows(defs.get(id)!, c, row.answers[id], 1);
        const v = validAnswer(row, id);
        if (v === undefined) continue;
        countAnswer(c, v, 1);
        const score = scoreOf(id);
        if (score) for (const s of slices) bump(s[score], v as number, 1);
      }
      counts.comments.push(...commentsOf(row));
      // Rows arrive oldest first, so trim now and then instead of holding every comment.
      if (counts.comments.length > commentLimit * 4) keepNewestComments();
    },
    addTotals(totals: Totals) {
      const day = (d: string) => new Date(`${d}T00:00:00.000Z`);
      totals.attributes.forEach(addAttribute);
      for (const d of totals.days) {
        counts.n += d.n;
        if (d.completed) counts.completed += d.n;
        counts.overall.n += d.n;
        bucketOf(day(d.day)).n += d.n;
      }
      for (const g of totals.groups) groupOf(labelOfJson(g.value, label)).n += g.n;
      for (const a of totals.dayAnswers) addFacet(a.question, a.facet, a.n, [bucketOf(day(a.day))], false);
      for (const a of totals.answers) addFacet(a.question, a.facet, a.n, [counts.overall], true);
      for (const a of totals.groupAnswers) addFacet(a.question, a.facet, a.n, [groupOf(labelOfJson(a.value, label))], false);
      for (const row of totals.comments) if (inRange(row)) counts.comments.push(...commentsOf(row));
    },
    finish(): Counts {
      keepNewestComments();
      counts.attributes = [...attributes].sort().slice(0, 100);
      return counts;
    },
  };
}

/** Counts from every response, read one by one (the reference, and the way for a database that cannot count text as JavaScript does). */
export async function countsFromRows(survey: Survey, rows: Iterable<Row> | AsyncIterable<Row>, options: ResultsOptions = {}): Promise<Counts> {
  const counter = createCounter(survey, options);
  for await (const row of rows) counter.addRow(row);
  return counter.finish();
}

/** Counts from the database's totals for the same filter (roll-ups, or a scan where there are none). */
export function countsFromTotals(survey: Survey, totals: Totals, options: ResultsOptions = {}): Counts {
  const counter = createCounter(survey, options);
  counter.addTotals(totals);
  return counter.finish();
}

/** How many comments a response gives (its non-blank text answers that fit), so a reader knows when it has enough. */
export function commentCounter(survey: Survey): (row: Row) => number {
  const { commentsOf } = createCounter(survey, {});
  return (row) => commentsOf(row).length;
}
