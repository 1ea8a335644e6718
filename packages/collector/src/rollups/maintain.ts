// Rebuilding roll-ups from the responses (migration 004, a site's dimensions changed, rows filled by SQL) and
// verifying them (`tellus rollups verify`), with the same counting as ingestion (facets.ts).
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../storage/db.js';
import { canonicalJson, type Change, changeOfRow, type Count, type ResponseColumns, createTally, describe, type Tally } from './facets.js';
import { COUNTS_VIEW, META_DIMENSION, OTHER_VALUE, VALUES_PER_DAY } from './sql.js';
import { dimensionsOf, insertCounts } from './write.js';

/** One roll-up count that differs from what the responses give. */
export interface RollupDifference {
  surveyId: string;
  dimension: string;
  question: string;
  day: string;
  value: string;
  facet: unknown;
  surveyVersion: number;
  completed: boolean;
  expected: number;
  actual: number;
}

export interface VerifyReport {
  surveys: number;
  days: number;
  /** The first differences found (at most `limit`). */
  differences: RollupDifference[];
  /** Roll-up rows left at zero: a response taken back left a trace. */
  emptyRows: number;
}

/** Responses read per round trip. */
const SLICE = 5_000;
/** Counts written per statement. */
const WRITE_SLICE = 5_000;

/** A stored response as the recount reads it; `version` (when asked for) changes whenever the row does. */
export interface Row extends ResponseColumns {
  id: string;
  created_at: Date;
  version?: string;
}

const toChange = (r: Row): Change => changeOfRow(r, 1);

/**
 * What identifies a stored row's version: its id, seq and physical tuple (a replacement or a re-insert writes a new
 * one), so equal versions mean equal contents. Sorted by id and joined, their md5 fingerprints a day's rows.
 */
export const VERSION_SQL = `id::text || '/' || seq || '/' || xmin::text || '/' || ctid::text`;

/** A survey's responses in creation order (optionally one UTC day), `page` rows (default SLICE) per round trip. */
export async function* responsesOf(tx: Queryable, surveyId: string, day?: string, options: { page?: number; versions?: boolean } = {}): AsyncIterable<Row[]> {
  const page = options.page ?? SLICE;
  let cursor: { at: Date; id: string } | null = null;
  for (;;) {
    const rows: Row[] = await tx.query<Row>(
      `SELECT id::text AS id, site_key, survey_id, survey_version, completed, answers, meta, created_at${options.versions ? `, ${VERSION_SQL} AS version` : ''}
       FROM responses
       WHERE survey_id = $1
         AND ($2::date IS NULL OR (created_at >= ($2::date)::timestamp AT TIME ZONE 'UTC' AND created_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'))
         AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
       ORDER BY created_at, id LIMIT ${page}`,
      [surveyId, day ?? null, cursor?.at.toISOString() ?? null, cursor?.id ?? null],
    );
    if (rows.length) yield rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < page) return;
    // Exact keyset: stored timestamps are whole milliseconds.
    cursor = { at: last.created_at, id: last.id };
  }
}

/**
 * A survey's day counted from scratch: every value counted under its own name first, then the most frequent values
 * of each dimension (ties by value) keep their slot and the rest fold into OTHER_VALUE (attribute names past the cap
 * are dropped, as at ingestion). Returns the counts and the slots taken.
 */
function seedDay(raw: Tally): { counts: Count[]; slots: { dimension: string; value: string }[] } {
  const frequency = new Map<string, Map<string, number>>();
  for (const c of raw.values())
    if (c.dimension && !c.question && c.value !== OTHER_VALUE) {
      let values = frequency.get(c.dimension);
      if (!values) frequency.set(c.dimension, (values = new Map()));
      values.set(c.value, (values.get(c.value) ?? 0) + c.n);
    }
  const slotted = new Set<string>();
  const slots: { dimension: string; value: string }[] = [];
  for (const [dimension, values] of frequency) {
    const ranked = [...values].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).slice(0, VALUES_PER_DAY);
    for (const [value] of ranked) {
      slotted.add(`${dimension}\u0000${value}`);
      slots.push({ dimension, value });
    }
  }
  const folded = new Map<string, Count>();
  for (const c of raw.values()) {
    let value = c.value;
    if (c.dimension && value !== OTHER_VALUE && !slotted.has(`${c.dimension}\u0000${value}`)) {
      if (c.dimension === META_DIMENSION) continue;
      value = OTHER_VALUE;
    }
    const key = `${c.dimension}\u0000${c.question}\u0000${value}\u0000${c.facet}\u0000${c.surveyVersion}\u0000${c.completed}`;
    const into = folded.get(key);
    if (into) into.n += c.n;
    else folded.set(key, { ...c, value });
  }
  return { counts: [...folded.values()], slots };
}

/**
 * Recounts the roll-ups of these surveys from their responses, in the caller's transaction. Writers of responses
 * wait meanwhile (the lock), so no response is counted twice or missed.
 */
export async function rebuildRollups(tx: Queryable, surveyIds: string[]): Promise<void> {
  if (!surveyIds.length) return;
  await tx.exec('LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE');
  // Deltas first: a compaction moving them meanwhile commits before this deletes what it merged.
  await tx.query('DELETE FROM rollup_deltas WHERE survey_id = ANY($1::text[])', [surveyIds]);
  await tx.query('DELETE FROM rollup_delta_packs WHERE survey_id = ANY($1::text[])', [surveyIds]);
  await recountRollups(tx, surveyIds);
}

/**
 * Recounts the roll-ups of these surveys from their responses, leaving pending deltas alone: for migration 4, which
 * runs before any delta (or migration 6's packs) exists. Anything else rebuilds with rebuildRollups.
 */
export async function recountRollups(tx: Queryable, surveyIds: string[]): Promise<void> {
  if (!surveyIds.length) return;
  await tx.exec('LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE');
  await tx.query('DELETE FROM rollups WHERE survey_id = ANY($1::text[])', [surveyIds]);
  await tx.query('DELETE FROM rollup_slots WHERE survey_id = ANY($1::text[])', [surveyIds]);
  const dims = await dimensionsOf(tx);
  for (const surveyId of new Set(surveyIds)) {
    let day: string | null = null;
    let raw = createTally();
    for await (const rows of responsesOf(tx, surveyId))
      for (const row of rows) {
        const d = describe(toChange(row), dims.get(row.site_key) ?? null);
        if (d.day !== day) {
          if (day !== null) await writeDay(tx, surveyId, day, raw);
          day = d.day;
          raw = createTally();
        }
        raw.add(d, () => true);
      }
    if (day !== null) await writeDay(tx, surveyId, day, raw);
  }
}

/**
 * Writes a day's raw tally (every value under its own name, as createTally().add(…, () => true) makes it) as seedDay
 * folds it: its slots, then its counts into `rollups`, which hold nothing of them yet. With `only`, just the counts and
 * slots of those dimensions are written (the others are kept as they are).
 */
export async function writeDay(tx: Queryable, surveyId: string, day: string, raw: Tally, only?: ReadonlySet<string>): Promise<void> {
  let { counts, slots } = seedDay(raw);
  if (only) {
    counts = counts.filter((c) => only.has(c.dimension));
    slots = slots.filter((s) => only.has(s.dimension));
  }
  if (slots.length)
    await tx.query(
      `INSERT INTO rollup_slots (survey_id, day, dimension, value_md5)
       SELECT $1, $2::date, d, md5(v) FROM unnest($3::text[], $4::text[]) AS x(d, v) ON CONFLICT DO NOTHING`,
      [surveyId, day, slots.map((s) => s.dimension), slots.map((s) => s.value)],
    );
  for (let i = 0; i < counts.length; i += WRITE_SLICE) await insertCounts(tx, 'rollups', counts.slice(i, i + WRITE_SLICE));
}

const DAY_MS = 86_400_000;
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

interface CountRow {
  dimension: string;
  question: string;
  value: string;
  facet: unknown;
  survey_version: number;
  completed: boolean;
  n: number;
}

/** Expected and stored counts of one survey's day, read in one snapshot. */
async function compareDay(db: Db, surveyId: string, day: string, limit: number): Promise<RollupDifference[]> {
  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const dims = await dimensionsOf(tx);
    const slots = new Set(
      (
        await tx.query<{ dimension: string; value_md5: string }>('SELECT dimension, value_md5 FROM rollup_slots WHERE survey_id = $1 AND day = $2::date', [
          surveyId,
          day,
        ])
      ).map((s) => `${s.dimension}\u0000${s.value_md5}`),
    );
    const expected = createTally();
    const hasSlot = (_s: string, _d: string, dimension: string, value: string) => slots.has(`${dimension}\u0000${md5(value)}`);
    for await (const rows of responsesOf(tx, surveyId, day))
      for (const row of rows) expected.add(describe(toChange(row), dims.get(row.site_key) ?? null), hasSlot);
    const actual = await tx.query<CountRow>(
      `SELECT dimension, question, value, facet, survey_version, completed, sum(n)::int AS n FROM ${COUNTS_VIEW}
       WHERE survey_id = $1 AND day = $2::date
       GROUP BY dimension, question, value, facet, survey_version, completed HAVING sum(n) <> 0`,
      [surveyId, day],
    );
    const keyOf = (c: { dimension: string; question: string; value: string; facet: string; completed: boolean }, version: number) =>
      `${c.dimension}\u0000${c.question}\u0000${c.value}\u0000${c.facet}\u0000${version}\u0000${c.completed}`;
    const byKey = new Map([...expected.values()].filter((c) => c.n !== 0).map((c) => [keyOf(c, c.surveyVersion), c]));
    const differences: RollupDifference[] = [];
    const differ = (c: Omit<RollupDifference, 'surveyId' | 'day'>) => {
      if (differences.length < limit) differences.push({ surveyId, day, ...c });
    };
    for (const a of actual) {
      const facet = canonicalJson(a.facet);
      const key = keyOf({ ...a, facet }, a.survey_version);
      const e = byKey.get(key);
      byKey.delete(key);
      if (e?.n === a.n) continue;
      const { n, survey_version, ...rest } = a;
      differ({ ...rest, surveyVersion: survey_version, expected: e?.n ?? 0, actual: n });
    }
    for (const e of byKey.values())
      differ({
        dimension: e.dimension,
        question: e.question,
        value: e.value,
        facet: JSON.parse(e.facet),
        surveyVersion: e.surveyVersion,
        completed: e.completed,
        expected: e.n,
        actual: 0,
      });
    return differences;
  });
}

/** Migration 5's whole-history totals against the daily roll-ups they sum, in one snapshot (day "all" in the report). */
async function compareTotals(db: Db, surveyId: string, limit: number): Promise<RollupDifference[]> {
  if (limit <= 0) return [];
  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const rows = await tx.query<CountRow & { expected: number }>(
      `SELECT dimension, question, value, facet, survey_version, completed, coalesce(d.n, 0) AS expected, coalesce(t.n, 0) AS n
       FROM (SELECT dimension, question, value, facet, survey_version, completed, n FROM rollup_totals WHERE survey_id = $1) AS t
       FULL JOIN (SELECT dimension, question, value, facet, survey_version, completed, sum(n)::int AS n FROM rollups WHERE survey_id = $1
                  GROUP BY dimension, question, value, facet, survey_version, completed HAVING sum(n) <> 0) AS d
         USING (dimension, question, value, facet, survey_version, completed)
       WHERE coalesce(t.n, 0) <> coalesce(d.n, 0)
       ORDER BY dimension, question, value LIMIT $2`,
      [surveyId, limit],
    );
    return rows.map(({ n, expected, survey_version, ...rest }) => ({ surveyId, day: 'all', ...rest, surveyVersion: survey_version, expected, actual: n }));
  });
}

/**
 * Recomputes every roll-up from the responses, one survey and UTC day at a time (each a short read-only transaction,
 * so a running collector keeps ingesting on the same database), and reports where the stored counts differ.
 */
export async function verifyRollups(
  db: Db,
  options: { surveyId?: string; limit?: number; signal?: AbortSignal; onDay?: (surveyId: string, day: string) => void } = {},
): Promise<VerifyReport> {
  const limit = options.limit ?? 100;
  const surveys = options.surveyId
    ? [options.surveyId]
    : (await db.query<{ id: string }>(`SELECT id FROM surveys UNION SELECT DISTINCT survey_id FROM ${COUNTS_VIEW} ORDER BY 1`)).map((r) => r.id);
  const report: VerifyReport = { surveys: surveys.length, days: 0, differences: [], emptyRows: 0 };
  for (const surveyId of surveys) {
    const span = (
      await db.query<{ first: string | null; last: string | null }>(
        `SELECT least(min(d), max(d)) AS first, max(d) AS last FROM (
           SELECT min(day)::text AS d FROM ${COUNTS_VIEW} WHERE survey_id = $1 UNION ALL SELECT max(day)::text FROM ${COUNTS_VIEW} WHERE survey_id = $1
           UNION ALL SELECT to_char(min(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM responses WHERE survey_id = $1
           UNION ALL SELECT to_char(max(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM responses WHERE survey_id = $1) AS x`,
        [surveyId],
      )
    )[0];
    if (!span?.first || !span.last) continue;
    for (let t = Date.parse(`${span.first}T00:00:00Z`); t <= Date.parse(`${span.last}T00:00:00Z`); t += DAY_MS) {
      if (options.signal?.aborted) throw options.signal.reason;
      const day = new Date(t).toISOString().slice(0, 10);
      options.onDay?.(surveyId, day);
      report.days++;
      const found = await compareDay(db, surveyId, day, limit - report.differences.length);
      report.differences.push(...found);
      await new Promise((ok) => setImmediate(ok));
    }
    report.differences.push(...(await compareTotals(db, surveyId, limit - report.differences.length)));
  }
  report.emptyRows = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rollups WHERE n = 0'))[0]?.n ?? 0;
  return report;
}
