// The SQL that counts a survey's results: from the roll-ups, or by scanning the responses in bounded slices
// (an attribute the site did not declare, or bounds inside a day). Each query builds its own parameter list.
import type { Queryable } from '../storage/db.js';
import type { Totals } from './counts.js';
import { chooseGroups, groupLabelFor } from './counts.js';
import { DAY_COUNTS, TOTAL_COUNTS } from './rollup-totals.js';

export interface TotalsFilter {
  surveyId: string;
  from?: Date | undefined;
  to?: Date | undefined;
  completedOnly?: boolean | undefined;
}

export interface TotalsRequest {
  filter: TotalsFilter;
  /** The headline question ids, counted per day and per group. */
  headline: string[];
  groupBy?: string | undefined;
  groupLimit?: number | undefined;
  /** Locale values grouped by language unless `tag` (see group-key.ts). */
  localeGrouping?: 'language' | 'tag' | undefined;
  /** Stops between slices (and, on PostgreSQL, cancels the statement running) when the client has gone. */
  signal?: AbortSignal | undefined;
}

/** Responses per scan slice: short enough that ingestion on PGlite waits at most one slice behind a scan. */
export const SLICE_ROWS = 5_000;

const DAY_MS = 86_400_000;
/** The roll-ups count whole UTC days: they answer a range only when its bounds fall on midnights. */
export const onDayBounds = (f: TotalsFilter) => [f.from, f.to].every((d) => !d || d.getTime() % DAY_MS === 0);
const dayOf = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : null);

export type TotalsWithoutComments = Omit<Totals, 'comments'>;

/**
 * Where roll-up counts of a filter are read, as a FROM source, a WHERE over $1… and its parameters. Counts per day come
 * from the daily roll-ups; counts over a survey's whole history (no from, no to) from its totals, one row per value
 * and answer however many days it spans (migration 005).
 */
function scope(f: TotalsFilter, perDay: boolean): { source: string; where: string; params: unknown[] } {
  if (!perDay && !f.from && !f.to)
    return { source: TOTAL_COUNTS, where: 'survey_id = $1 AND (NOT $2::bool OR completed)', params: [f.surveyId, f.completedOnly ?? false] };
  return {
    source: DAY_COUNTS,
    where: 'survey_id = $1 AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day < $3::date) AND (NOT $4::bool OR completed)',
    params: [f.surveyId, dayOf(f.from), dayOf(f.to), f.completedOnly ?? false],
  };
}

/**
 * Days of headline answers read per statement. A survey's headline answers are ~100 roll-up rows a day, summed by a
 * hash of (day, question, jsonb facet): 90 days in one statement held PGlite's thread (and so /healthz and ingestion)
 * for 15–80 ms at any size; 15 days hold it a sixth of that.
 */
export const SLICE_DAYS = 15;

/**
 * Cuts sorted days into bounds [from, to) of `size` days each: the first open below and the last open above, so every
 * day (also one that got its first count since `days` were read) falls in exactly one.
 */
export function daySlices(days: string[], size = SLICE_DAYS): { from: string | null; to: string | null }[] {
  const sorted = [...new Set(days)].sort();
  const cuts: (string | null)[] = sorted.filter((_, i) => i > 0 && i % size === 0);
  const bounds = [null, ...cuts, null];
  return bounds.slice(1).map((to, i) => ({ from: bounds[i] ?? null, to }));
}

/** Everything but the groups, from the roll-ups. */
export async function rollupTotals(db: Queryable, r: TotalsRequest): Promise<Omit<TotalsWithoutComments, 'groups' | 'groupAnswers'>> {
  const daily = scope(r.filter, true);
  const whole = scope(r.filter, false);
  const options = { signal: r.signal };
  // Grouped by the date and turned into text after: formatting a date costs more than summing its row.
  const days = await db.query<{ day: string; completed: boolean; n: number }>(
    `SELECT day::text AS day, completed, n FROM (SELECT day, completed, sum(n)::int AS n FROM ${daily.source} AS c
       WHERE ${daily.where} AND dimension = '' AND question = '' GROUP BY 1, 2 HAVING sum(n) <> 0) AS t`,
    daily.params,
    options,
  );
  const at = (i: number) => `$${daily.params.length + i}`;
  const dayAnswers: Totals['dayAnswers'] = [];
  // The slices share no day, and the counts are summed per day: their rows are the whole range's.
  if (r.headline.length)
    for (const slice of daySlices(days.map((d) => d.day)))
      dayAnswers.push(
        ...(await db.query<{ day: string; question: string; facet: unknown; n: number }>(
          `SELECT day::text AS day, question, facet, n FROM (SELECT day, question, facet, sum(n)::int AS n FROM ${daily.source} AS c
             WHERE ${daily.where} AND dimension = '' AND question = ANY(${at(1)}::text[])
               AND (${at(2)}::date IS NULL OR day >= ${at(2)}::date) AND (${at(3)}::date IS NULL OR day < ${at(3)}::date)
             GROUP BY 1, 2, 3 HAVING sum(n) <> 0) AS t`,
          [...daily.params, r.headline, slice.from, slice.to],
          options,
        )),
      );
  const answers = await db.query<{ question: string; facet: unknown; n: number }>(
    `SELECT question, facet, sum(n)::int AS n FROM ${whole.source} AS c WHERE ${whole.where} AND dimension = '' AND question <> ''
     GROUP BY 1, 2 HAVING sum(n) <> 0`,
    whole.params,
    options,
  );
  const attributes = await db.query<{ name: string }>(
    `SELECT value COLLATE "C" AS name FROM ${whole.source} AS c WHERE ${whole.where} AND dimension = '*meta' AND question = ''
     GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1 LIMIT 100`,
    whole.params,
    options,
  );
  return { days, dayAnswers, answers, attributes: attributes.map((a) => a.name) };
}

/** Responses and headline answers per value of a declared dimension, from the roll-ups. */
export async function rollupGroups(db: Queryable, r: TotalsRequest & { groupBy: string }): Promise<Pick<Totals, 'groups' | 'groupAnswers'>> {
  const { source, where, params } = scope(r.filter, false);
  const at = (i: number) => `$${params.length + i}`;
  const options = { signal: r.signal };
  const groups = await db.query<{ value: string; n: number }>(
    `SELECT value, sum(n)::int AS n FROM ${source} AS c WHERE ${where} AND dimension = ${at(1)} AND question = '' GROUP BY 1 HAVING sum(n) <> 0`,
    [...params, r.groupBy],
    options,
  );
  const chosen = chooseGroups(groups, r.groupLimit, groupLabelFor(r.groupBy, r.localeGrouping));
  const groupAnswers =
    r.headline.length && chosen.length
      ? await db.query<{ value: string; question: string; facet: unknown; n: number }>(
          `SELECT value, question, facet, sum(n)::int AS n FROM ${source} AS c
           WHERE ${where} AND dimension = ${at(1)} AND question = ANY(${at(2)}::text[]) AND value = ANY(${at(3)}::text[]) GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
          [...params, r.groupBy, r.headline, chosen],
          options,
        )
      : [];
  return { groups, groupAnswers };
}

/** The responses of the filter as slices of SLICE_ROWS, each a keyset range (after, upTo] over (created_at, id). */
async function* slices(db: Queryable, r: TotalsRequest): AsyncGenerator<{ after: [string, string] | null; upTo: [string, string] | null }> {
  const f = r.filter;
  let after: [string, string] | null = null;
  for (;;) {
    if (r.signal?.aborted) throw r.signal.reason;
    const next: { at: string; id: string }[] = await db.query<{ at: string; id: string }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, id::text AS id FROM responses
       WHERE survey_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2::timestamptz) AND ($3::timestamptz IS NULL OR created_at < $3::timestamptz)
         AND (NOT $4::bool OR completed) AND ($5::timestamptz IS NULL OR (created_at, id) > ($5::timestamptz, $6::uuid))
       ORDER BY created_at, id OFFSET $7 LIMIT 1`,
      [
        f.surveyId,
        f.from?.toISOString() ?? null,
        f.to?.toISOString() ?? null,
        f.completedOnly ?? false,
        after?.[0] ?? null,
        after?.[1] ?? null,
        SLICE_ROWS - 1,
      ],
      { signal: r.signal },
    );
    const upTo: [string, string] | null = next[0] ? [next[0].at, next[0].id] : null;
    yield { after, upTo };
    if (!upTo) return;
    after = upTo;
    // Let queued work (ingestion on PGlite's one connection) run between slices.
    await new Promise((ok) => setImmediate(ok));
  }
}

/** The responses of one slice as a subquery over $1–$8. */
const SLICE_SQL = `SELECT * FROM responses
  WHERE survey_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2::timestamptz) AND ($3::timestamptz IS NULL OR created_at < $3::timestamptz)
    AND (NOT $4::bool OR completed)
    AND ($5::timestamptz IS NULL OR (created_at, id) > ($5::timestamptz, $6::uuid))
    AND ($7::timestamptz IS NULL OR (created_at, id) <= ($7::timestamptz, $8::uuid))`;
const sliceParams = (f: TotalsFilter, s: { after: [string, string] | null; upTo: [string, string] | null }) => [
  f.surveyId,
  f.from?.toISOString() ?? null,
  f.to?.toISOString() ?? null,
  f.completedOnly ?? false,
  s.after?.[0] ?? null,
  s.after?.[1] ?? null,
  s.upTo?.[0] ?? null,
  s.upTo?.[1] ?? null,
];
const DAY_SQL = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
const GROUP_SQL = (param: string) =>
  `CASE WHEN meta -> ${param}::text IS NULL OR meta -> ${param}::text IN ('null'::jsonb, '""'::jsonb) THEN 'null' ELSE (meta -> ${param}::text)::text END`;

/** Adds rows of (key…, n) into a map of summed counts. */
function merge<T extends { n: number }>(into: Map<string, T>, rows: T[], key: (r: T) => string) {
  for (const r of rows) {
    const k = key(r);
    const had = into.get(k);
    if (had) had.n += r.n;
    else into.set(k, { ...r });
  }
}

/** Everything but the groups, by scanning the responses slice by slice (the same facets as the roll-ups). */
/** The same database with the request's signal on every query. */
const withSignal = (db: Queryable, signal: AbortSignal | undefined): Queryable => ({
  query: (sql, params, options) => db.query(sql, params, { signal, ...options }),
  exec: (sql) => db.exec(sql),
});

export async function scanTotals(db: Queryable, r: TotalsRequest): Promise<Omit<TotalsWithoutComments, 'groups' | 'groupAnswers'>> {
  const days = new Map<string, Totals['days'][number]>();
  const dayAnswers = new Map<string, Totals['dayAnswers'][number]>();
  const answers = new Map<string, Totals['answers'][number]>();
  const attributes = new Set<string>();
  db = withSignal(db, r.signal);
  for await (const slice of slices(db, r)) {
    const p = sliceParams(r.filter, slice);
    merge(
      days,
      await db.query(`SELECT ${DAY_SQL} AS day, completed, count(*)::int AS n FROM (${SLICE_SQL}) AS s GROUP BY 1, 2`, p),
      (x) => `${x.day}|${x.completed}`,
    );
    if (r.headline.length)
      merge(
        dayAnswers,
        await db.query(
          `SELECT ${DAY_SQL} AS day, f.question, f.facet, count(*)::int AS n FROM (${SLICE_SQL}) AS s CROSS JOIN LATERAL tellus_facets(s.answers) AS f
           WHERE f.question = ANY($9::text[]) GROUP BY 1, 2, 3`,
          [...p, r.headline],
        ),
        (x) => `${x.day}|${x.question}|${JSON.stringify(x.facet)}`,
      );
    merge(
      answers,
      await db.query(
        `SELECT f.question, f.facet, count(*)::int AS n FROM (${SLICE_SQL}) AS s CROSS JOIN LATERAL tellus_facets(s.answers) AS f GROUP BY 1, 2`,
        p,
      ),
      (x) => `${x.question}|${JSON.stringify(x.facet)}`,
    );
    const names = await db.query<{ name: string }>(
      `SELECT DISTINCT k COLLATE "C" AS name FROM (${SLICE_SQL}) AS s CROSS JOIN LATERAL jsonb_object_keys(s.meta) AS k ORDER BY 1 LIMIT 100`,
      p,
    );
    names.forEach((x) => attributes.add(x.name));
  }
  return { days: [...days.values()], dayAnswers: [...dayAnswers.values()], answers: [...answers.values()], attributes: [...attributes].sort().slice(0, 100) };
}

/** Responses and headline answers per value of any attribute, by scanning slice by slice: counts first, then the chosen groups' answers. */
export async function scanGroups(db: Queryable, r: TotalsRequest & { groupBy: string }): Promise<Pick<Totals, 'groups' | 'groupAnswers'>> {
  const groups = new Map<string, Totals['groups'][number]>();
  db = withSignal(db, r.signal);
  for await (const slice of slices(db, r))
    merge(
      groups,
      await db.query(`SELECT ${GROUP_SQL('$9')} AS value, count(*)::int AS n FROM (${SLICE_SQL}) AS s GROUP BY 1`, [
        ...sliceParams(r.filter, slice),
        r.groupBy,
      ]),
      (x) => x.value,
    );
  const chosen = chooseGroups([...groups.values()], r.groupLimit, groupLabelFor(r.groupBy, r.localeGrouping));
  const groupAnswers = new Map<string, Totals['groupAnswers'][number]>();
  if (r.headline.length && chosen.length)
    for await (const slice of slices(db, r))
      merge(
        groupAnswers,
        await db.query(
          `SELECT ${GROUP_SQL('$9')} AS value, f.question, f.facet, count(*)::int AS n
           FROM (${SLICE_SQL}) AS s CROSS JOIN LATERAL tellus_facets(s.answers) AS f
           WHERE f.question = ANY($10::text[]) AND ${GROUP_SQL('$9')} = ANY($11::text[]) GROUP BY 1, 2, 3`,
          [...sliceParams(r.filter, slice), r.groupBy, r.headline, chosen],
        ),
        (x) => `${x.value}|${x.question}|${JSON.stringify(x.facet)}`,
      );
  return { groups: [...groups.values()], groupAnswers: [...groupAnswers.values()] };
}
