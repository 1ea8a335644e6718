// What one response adds to (or, taken back, removes from) the roll-ups: its facets, its dimension values, and the counts they make.
//
// The one definition of a roll-up count, used by ingestion, erasure, retention, the rebuild and `tellus rollups verify`
// alike, so what is written and what verify expects can never drift apart. See sql.ts for what a count means.
import { META_DIMENSION, OTHER_VALUE, VALUE_MAX_LENGTH } from './sql.js';

/** A response as the roll-ups see it, with its weight: +1 counted in, −1 taken back. */
export interface Change {
  siteKey: string;
  surveyId: string;
  surveyVersion: number;
  completed: boolean;
  /** A Date, an ISO text or milliseconds since the epoch. */
  createdAt: Date | string | number;
  answers: unknown;
  meta: unknown;
  w: number;
}

/** A stored response's columns, as SQL returns them. */
export interface ResponseColumns {
  site_key: string;
  survey_id: string;
  survey_version: number;
  completed: boolean;
  answers: unknown;
  meta: unknown;
  created_at: Date | string;
}

/** The change of a stored response counted in (`w` 1) or taken back (−1). */
export const changeOfRow = (r: ResponseColumns, w: number): Change => ({
  siteKey: r.site_key,
  surveyId: r.survey_id,
  surveyVersion: r.survey_version,
  completed: r.completed,
  createdAt: r.created_at,
  answers: r.answers,
  meta: r.meta,
  w,
});

/** One facet of one answer; `json` is its canonical JSON text (keys sorted), `scalar` whether dimensions count it too. */
export interface Facet {
  question: string;
  json: string;
  scalar: boolean;
}

/** A change turned into what it counts: the UTC day, facets and, per dimension, its value (null: too long for a group of its own). */
export interface Described {
  surveyId: string;
  surveyVersion: number;
  completed: boolean;
  day: string;
  w: number;
  facets: Facet[];
  dimensions: { dimension: string; value: string | null }[];
}

/** One roll-up count; `facet` is canonical JSON text. */
export interface Count {
  surveyId: string;
  dimension: string;
  question: string;
  day: string;
  value: string;
  facet: string;
  surveyVersion: number;
  completed: boolean;
  n: number;
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Own keys whose value survives JSON (an undefined one is never stored). */
const keysOf = (v: Json) => Object.keys(v).filter((k) => v[k] !== undefined);

/** JSON text with object keys sorted, so equal jsonb values give equal text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (!isRecord(v)) return JSON.stringify(v) ?? 'null';
  const keys = keysOf(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
}

/** Code point order, which is UTF-8 byte order (COLLATE "C"); sort() alone orders UTF-16 units. */
function byCodePoint(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

/** Text as results judge it: its length in UTF-16 units (as the schema's maxLength counts) and whether trim() empties it. */
export const textFacet = (t: string) => ({ $text: { length: t.length, blank: t.trim() === '' } });
// The texts below repeat from response to response; spelled once and kept, each is also hashed once by the tally's maps.
/** The most texts kept per cache; past it the cache starts afresh (a bound, not an eviction policy). */
const CACHE_MAX = 4096;
function cached<K>(cache: Map<K, string>, key: K, spell: () => string): string {
  let text = cache.get(key);
  if (text === undefined) {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, (text = spell()));
  }
  return text;
}
const textFacetTexts = new Map<number, string>();
/** canonicalJson(textFacet(t)), spelled directly: most responses carry text, and this runs for each. */
const textFacetJson = (t: string) => {
  const blank = t.trim() === '';
  return cached(textFacetTexts, t.length * 2 + (blank ? 1 : 0), () => `{"$text":{"blank":${blank},"length":${t.length}}}`);
};
/** JSON.stringify of small whole numbers (ratings, NPS), the most common answers. */
const SMALL_NUMBERS = Array.from({ length: 11 }, (_, n) => String(n));
const numberJson = (n: number) => (Number.isInteger(n) && n >= 0 && n <= 10 ? SMALL_NUMBERS[n]! : JSON.stringify(n));
const stringTexts = new Map<string, string>();
/** JSON.stringify of a dimension value (a branch, an agent, a channel): a few values, over and over. */
const stringJson = (v: string) => (v.length > VALUE_MAX_LENGTH ? JSON.stringify(v) : cached(stringTexts, v, () => JSON.stringify(v)));

/** A matrix answer's shape: which rows, and the range of its ratings (whether it fits the current definition). */
function matrixShape(v: Json) {
  const rows = keysOf(v).sort(byCodePoint);
  let min: number | null = null;
  let max: number | null = null;
  let whole = true;
  for (const row of rows) {
    const rating = v[row];
    if (typeof rating !== 'number') {
      whole = false;
      continue;
    }
    if (min === null || rating < min) min = rating;
    if (max === null || rating > max) max = rating;
    if (!Number.isInteger(rating)) whole = false;
  }
  return { $matrix: { rows, min, max, whole } };
}

/**
 * The facets of a response's answers: text becomes its length and blankness, a choice's other text likewise, a
 * matrix its shape plus one facet per row; every other answer is its own facet.
 */
export function facetsOf(answers: unknown): Facet[] {
  if (!isRecord(answers)) return [];
  const out: Facet[] = [];
  const add = (question: string, facet: unknown, scalar: boolean) => out.push({ question, json: canonicalJson(facet), scalar });
  for (const question in answers) {
    if (!Object.hasOwn(answers, question)) continue;
    const value = answers[question];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      if (value === 'up' || value === 'down') out.push({ question, json: `"${value}"`, scalar: true });
      else out.push({ question, json: textFacetJson(value), scalar: false });
    } else if (typeof value === 'number') out.push({ question, json: numberJson(value), scalar: true });
    else if (typeof value === 'boolean') out.push({ question, json: value ? 'true' : 'false', scalar: true });
    else if (!isRecord(value)) add(question, value, true);
    else if (Array.isArray(value.selected)) add(question, typeof value.other === 'string' ? { ...value, other: textFacet(value.other) } : value, false);
    else {
      add(question, matrixShape(value), false);
      for (const row of keysOf(value)) add(question, { $matrix: { row, rating: value[row] } }, false);
    }
  }
  return out;
}

/** A dimension's value as a group: JSON text, 'null' for none (missing, null or ""), null when too long to be a group. */
export function dimensionValue(meta: unknown, dimension: string): string | null {
  const v = isRecord(meta) && Object.hasOwn(meta, dimension) ? meta[dimension] : undefined;
  if (v === undefined || v === null || v === '') return 'null';
  const text = typeof v === 'string' ? stringJson(v) : canonicalJson(v);
  return text.length > VALUE_MAX_LENGTH ? null : text;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Where toISOString() puts its separators ("YYYY-MM-DDTHH:mm:ss.sssZ"); every other position holds a digit. */
const ISO_SEPARATORS: Record<number, number> = { 4: 45, 7: 45, 10: 84, 13: 58, 16: 58, 19: 46, 23: 90 };

/** The number spelled by the digits at [from, to) of `at`. */
function digitsAt(at: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + at.charCodeAt(i) - 48;
  return n;
}

/**
 * The day of text spelled exactly as toISOString() spells a valid instant of years 1000–9999 (as SQL and ingestion
 * hand them over), else null: read from the text, as new Date(text).toISOString() would give it, without either.
 */
function isoDay(at: string): string | null {
  if (at.length !== 24) return null;
  for (let i = 0; i < 24; i++) {
    const ch = at.charCodeAt(i);
    const separator = ISO_SEPARATORS[i];
    if (separator === undefined ? ch < 48 || ch > 57 : ch !== separator) return null;
  }
  const year = digitsAt(at, 0, 4);
  const month = digitsAt(at, 5, 7);
  const day = digitsAt(at, 8, 10);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  if (digitsAt(at, 11, 13) > 23 || digitsAt(at, 14, 16) > 59 || digitsAt(at, 17, 19) > 59) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!) ? at.slice(0, 10) : null;
}

/** The UTC calendar day of an instant, as PostgreSQL spells a date. */
export function utcDay(at: Date | string | number): string {
  const fast = typeof at === 'string' ? isoDay(at) : null;
  if (fast) return fast;
  const d = at instanceof Date ? at : new Date(at);
  const year = d.getUTCFullYear();
  if (year >= 1000 && year <= 9999) return d.toISOString().slice(0, 10);
  if (!Number.isFinite(year) || year < 1) throw new RangeError(`no UTC day for ${String(at)}`);
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/**
 * What a change counts under: `dimensions` are its site's declared ones (null: the site is gone, so none); the
 * meta attribute names present count under META_DIMENSION.
 */
export function describe(change: Change, dimensions: readonly string[] | null): Described {
  const meta = change.meta;
  const dims: Described['dimensions'] = [];
  if (dimensions) for (const dimension of dimensions) dims.push({ dimension, value: dimensionValue(meta, dimension) });
  if (isRecord(meta)) for (const key in meta) if (Object.hasOwn(meta, key) && meta[key] !== undefined) dims.push({ dimension: META_DIMENSION, value: key });
  return {
    surveyId: change.surveyId,
    surveyVersion: change.surveyVersion,
    completed: change.completed,
    day: utcDay(change.createdAt),
    w: change.w,
    facets: facetsOf(change.answers),
    dimensions: dims,
  };
}

/** Identifies a slot request: a value of a dimension on a survey's day. */
export const slotKey = (surveyId: string, day: string, dimension: string, value: string) => `${surveyId}\u0000${day}\u0000${dimension}\u0000${value}`;

/** Whether a value has a slot (a count of its own) on that survey's day; the others count as OTHER_VALUE. */
export type HasSlot = (surveyId: string, day: string, dimension: string, value: string) => boolean;

/** Counts summed by key; counts that reach zero stay (at zero) for the caller to skip. */
export interface Tally {
  /** Adds what `d` counts, its values grouped by `hasSlot`. */
  add(d: Described, hasSlot: HasSlot): void;
  values(): IterableIterator<Count>;
  readonly size: number;
}

/**
 * A tally keyed by small numbers: the parts of a key (the response's survey, day, version and completion; the group;
 * the facet) are each made into a number once, so the thirty-odd counts of a response cost no long string keys.
 */
export function createTally(): Tally {
  // Two-part texts become numbers through a map per first part: no joined string is built or hashed per count.
  const ids = new Map<string, Map<string, number>>();
  let nextId = 0;
  const idOf = (first: string, second: string) => {
    let inner = ids.get(first);
    if (!inner) ids.set(first, (inner = new Map()));
    let id = inner.get(second);
    if (id === undefined) inner.set(second, (id = nextId++));
    return id;
  };
  const counts = new Map<number, Map<number, Map<number, Count>>>();
  const all: Count[] = [];
  /** The counts of one group (a value of a dimension) under a response's survey, day, version and completion. */
  const countsOf = (byGroup: Map<number, Map<number, Count>>, groupId: number) => {
    let byFacet = byGroup.get(groupId);
    if (!byFacet) byGroup.set(groupId, (byFacet = new Map()));
    return byFacet;
  };
  const bump = (d: Described, byFacet: Map<number, Count>, facetId: number, dimension: string, question: string, value: string, facet: string) => {
    const c = byFacet.get(facetId);
    if (c) c.n += d.w;
    else {
      const count = { surveyId: d.surveyId, dimension, question, day: d.day, value, facet, surveyVersion: d.surveyVersion, completed: d.completed, n: d.w };
      byFacet.set(facetId, count);
      all.push(count);
    }
  };
  const facetIds: number[] = [];
  // Responses in a row mostly share survey, day, version and completion: the last one's group map is kept at hand.
  let last: { d: Described; byGroup: Map<number, Map<number, Count>> } | null = null;
  const groupsOf = (d: Described) => {
    if (last && last.d.surveyId === d.surveyId && last.d.day === d.day && last.d.surveyVersion === d.surveyVersion && last.d.completed === d.completed)
      return last.byGroup;
    const tail = idOf(d.surveyId, `${d.day}\u0000${d.surveyVersion}\u0000${d.completed}`);
    let byGroup = counts.get(tail);
    if (!byGroup) counts.set(tail, (byGroup = new Map()));
    last = { d, byGroup };
    return byGroup;
  };
  // Group '' (no dimension) is in every response: its id is taken once.
  const noneId = idOf('', '');
  return {
    add(d, hasSlot) {
      const byGroup = groupsOf(d);
      const facets = d.facets;
      // Reused across responses: only its first facets.length entries are read, so it is never cut (setting length costs).
      for (let i = 0; i < facets.length; i++) facetIds[i] = idOf(facets[i]!.question, facets[i]!.json);
      // A response's own count, and its facets, under no dimension (group ''). A group's counts are looked up once
      // for all of its bumps: a batch of 50 makes about a thousand.
      const none = countsOf(byGroup, noneId);
      bump(d, none, -1, '', '', '', 'null');
      for (let i = 0; i < facets.length; i++) bump(d, none, facetIds[i]!, '', facets[i]!.question, '', facets[i]!.json);
      for (const { dimension, value } of d.dimensions) {
        const slotted = value !== null && hasSlot(d.surveyId, d.day, dimension, value);
        if (dimension === META_DIMENSION) {
          // Attribute names past the cap are not counted at all: they only tell which attributes exist.
          if (slotted) bump(d, countsOf(byGroup, idOf(dimension, value)), -1, dimension, '', value, 'null');
          continue;
        }
        const group = slotted ? value : OTHER_VALUE;
        const byFacet = countsOf(byGroup, idOf(dimension, group));
        bump(d, byFacet, -1, dimension, '', group, 'null');
        for (let i = 0; i < facets.length; i++) {
          const f = facets[i]!;
          if (f.scalar) bump(d, byFacet, facetIds[i]!, dimension, f.question, group, f.json);
        }
      }
    },
    values: () => all.values(),
    get size() {
      return all.length;
    },
  };
}
