// Recounting a survey's roll-ups after its site's dimensions changed, one (survey, UTC day, added dimension) per short
// transaction, so ingestion and /healthz go on between them; the days still to do are rows of rollup_rebuilds
// (migration 9), with the dimensions each still waits for.
//
// Only the dimensions' counts change: the counts per response and answer (dimension '') and of meta attribute names
// ('*meta') do not depend on them, nor do those of a dimension declared before and after. A day's recount wipes the
// counts, slots and pending deltas of every other dimension on that day and counts the added ones afresh.
//
// Why each day is exact on its own: the new dimensions take effect when the change commits, so everything counted
// after it (ingestion, erasure, retention) uses them. A day not yet recounted holds stale counts of the changed
// dimensions; its transaction takes the lock on `responses` (writers wait, and those before it have committed their
// deltas), wipes them and writes the day's counts afresh, from then on kept by ingestion like any other. A day with no
// data when the change committed only ever gets counts made with the new dimensions.
//
// The day's rows are read and counted before that transaction, a page per statement, so it stays short (PGlite holds
// the whole database for a transaction's length). Inside, the rows' versions (id, seq, tuple) are compared with
// those read: any change meanwhile and the day is read again; after a few misses it is read under the lock.
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../storage/db.js';
import { changeOfRow, createTally, describe, type Tally } from './facets.js';
import { responsesOf, VERSION_SQL, writeDay } from './maintain.js';
import { COUNTS_VIEW, META_DIMENSION } from './sql.js';
import { dimensionsOf } from './write.js';

/** A survey's day whose roll-ups were recounted. */
export interface RecountedDay {
  surveyId: string;
  day: string;
}

/** Rows read per statement before a day's transaction: about 10 ms of PGlite each. */
const READ_PAGE = 400;
/** Reads of a day that found it changed before it is read under the lock instead. */
const OPTIMISTIC_TRIES = 3;
/** Dimensions whose counts never depend on the declared ones. */
const ALWAYS = ['', META_DIMENSION];

/**
 * Marks every day these surveys have counts on as waiting for a recount of `added` (dimensions newly declared; the
 * others that are not in `dimensions` are wiped), in the caller's transaction: the one that changed the dimensions.
 * The lock waits for writers that read the old dimensions, so their days are marked too. The days come from the
 * response counts (dimension and question ''), which every counted response has on its day. A day still waiting
 * keeps its dimensions to count that are still declared.
 */
export async function planRecount(tx: Queryable, surveyIds: readonly string[], added: readonly string[], dimensions: readonly string[]): Promise<number> {
  if (!surveyIds.length) return 0;
  await tx.exec('LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE');
  const marked = await tx.query(
    `INSERT INTO rollup_rebuilds (survey_id, day, dimensions)
     SELECT DISTINCT survey_id, day, $2::text[] FROM ${COUNTS_VIEW} WHERE survey_id = ANY($1::text[]) AND dimension = '' AND question = ''
     ON CONFLICT (survey_id, day) DO UPDATE SET dimensions = ARRAY(
       SELECT DISTINCT d FROM unnest(rollup_rebuilds.dimensions || excluded.dimensions) AS d WHERE d = ANY($3::text[]) ORDER BY d)
     RETURNING 1`,
    [surveyIds, added, dimensions],
  );
  return marked.length;
}

/** How many days of this survey (or of all) wait for a recount; of `dimension` only, if given. */
export async function daysToRecount(db: Queryable, surveyId?: string, dimension?: string): Promise<number> {
  const rows = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM rollup_rebuilds WHERE ($1::text IS NULL OR survey_id = $1) AND ($2::text IS NULL OR $2 = ANY(dimensions))',
    [surveyId ?? null, dimension ?? null],
  );
  return rows[0]?.n ?? 0;
}

/**
 * The (dimension, question) pairs a survey has roll-ups under, one primary-key probe per pair (a loose index scan):
 * with them the day's rows are found through the key instead of among every day of the survey.
 */
const PAIRS_SQL = `WITH RECURSIVE pair AS (
  (SELECT dimension, question FROM rollups WHERE survey_id = $1 ORDER BY dimension, question LIMIT 1)
  UNION ALL
  SELECT next.dimension, next.question FROM pair CROSS JOIN LATERAL (
    SELECT r.dimension, r.question FROM rollups r WHERE r.survey_id = $1 AND (r.dimension, r.question) > (pair.dimension, pair.question)
    ORDER BY r.dimension, r.question LIMIT 1) AS next
)
SELECT dimension, question FROM pair`;

/** Whether a pack's element at (day, dimension) is wiped: of day $2, in a dimension not kept ($3). */
const WIPED = (day: string, dimension: string) => `(${day} = $2::date AND NOT ${dimension} = ANY($3::text[]))`;

/** Packs (a batch's counts of several days and dimensions in one row) that hold nothing else than what is wiped. */
const DROP_PACKS_SQL = `DELETE FROM rollup_delta_packs AS p WHERE p.survey_id = $1
  AND NOT EXISTS (SELECT 1 FROM unnest(p.day, p.dimension) AS u(day, dimension) WHERE NOT ${WIPED('u.day', 'u.dimension')})`;

/** Keeps the rest of the packs that hold something wiped. */
const TRIM_PACKS_SQL = `UPDATE rollup_delta_packs AS p SET (dimension, question, day, value, facet, survey_version, completed, n) = (
  SELECT array_agg(d.dimension ORDER BY d.i), array_agg(d.question ORDER BY d.i), array_agg(d.day ORDER BY d.i), array_agg(d.value ORDER BY d.i),
    array_agg(d.facet ORDER BY d.i), array_agg(d.survey_version ORDER BY d.i), array_agg(d.completed ORDER BY d.i), array_agg(d.n ORDER BY d.i)
  FROM unnest(p.dimension, p.question, p.day, p.value, p.facet, p.survey_version, p.completed, p.n) WITH ORDINALITY
    AS d(dimension, question, day, value, facet, survey_version, completed, n, i)
  WHERE NOT ${WIPED('d.day', 'd.dimension')})
WHERE p.survey_id = $1 AND EXISTS (SELECT 1 FROM unnest(p.day, p.dimension) AS u(day, dimension) WHERE ${WIPED('u.day', 'u.dimension')})`;

/**
 * Removes what is counted on a survey's day under any dimension but `keep`: pending deltas first, then roll-ups and
 * slots (the caller holds the lock on responses).
 */
async function wipeDay(tx: Queryable, surveyId: string, day: string, keep: readonly string[]): Promise<void> {
  // Deltas first, as rebuildRollups does: a compaction moving them meanwhile commits before the roll-ups are deleted.
  await tx.query('DELETE FROM rollup_deltas WHERE survey_id = $1 AND day = $2::date AND NOT dimension = ANY($3::text[])', [surveyId, day, keep]);
  await tx.query(DROP_PACKS_SQL, [surveyId, day, keep]);
  await tx.query(TRIM_PACKS_SQL, [surveyId, day, keep]);
  const pairs = (await tx.query<{ dimension: string; question: string }>(PAIRS_SQL, [surveyId])).filter((p) => !keep.includes(p.dimension));
  if (pairs.length)
    await tx.query('DELETE FROM rollups WHERE survey_id = $1 AND dimension = ANY($2::text[]) AND question = ANY($3::text[]) AND day = $4::date', [
      surveyId,
      [...new Set(pairs.map((p) => p.dimension))],
      [...new Set(pairs.map((p) => p.question))],
      day,
    ]);
  await tx.query('DELETE FROM rollup_slots WHERE survey_id = $1 AND day = $2::date AND NOT dimension = ANY($3::text[])', [surveyId, day, keep]);
}

/** What a day's recount counts and keeps, from its waiting row and the sites' current dimensions. */
interface DayPlan {
  surveyId: string;
  day: string;
  /** Dimensions to count afresh, per site key (a survey's responses are its site's). */
  counted: Map<string, readonly string[]>;
  /** The dimension counted afresh this time (none: the day only has stale ones to wipe). */
  only: Set<string>;
  /** Dimensions that wait for a later transaction on this day: one at a time keeps each short. */
  rest: string[];
  /** Dimensions left as they are. */
  keep: string[];
  /** The waiting row's dimensions and the site's, as text: a change meanwhile makes the plan stale. */
  stamp: string;
}

async function planDay(q: Queryable, surveyId: string, day: string): Promise<DayPlan | null> {
  const row = (
    await q.query<{ dimensions: string[]; site_key: string | null }>(
      `SELECT r.dimensions, (SELECT site_key FROM surveys WHERE id = r.survey_id LIMIT 1) AS site_key
       FROM rollup_rebuilds r WHERE r.survey_id = $1 AND r.day = $2::date`,
      [surveyId, day],
    )
  )[0];
  if (!row) return null;
  const sites = await dimensionsOf(q);
  const declared = (row.site_key !== null && sites.get(row.site_key)) || [];
  const [first, ...rest] = row.dimensions.filter((d) => declared.includes(d)).sort();
  const only = new Set(first === undefined ? [] : [first]);
  const counted = new Map([...sites].map(([key, dims]) => [key, dims.filter((d) => only.has(d))]));
  // A dimension still waiting is left for its own turn; the stale ones of dimensions no longer declared go now.
  const keep = [...ALWAYS, ...declared.filter((d) => !only.has(d))];
  return { surveyId, day, counted, only, rest, keep, stamp: JSON.stringify([row.dimensions, [...sites].sort()]) };
}

/** The day's rows counted under the plan's dimensions, and the md5 of their versions (see VERSION_SQL). */
async function readDay(q: Queryable, plan: DayPlan, page: number): Promise<{ raw: Tally; fingerprint: string }> {
  const raw = createTally();
  const versions: string[] = [];
  for await (const rows of responsesOf(q, plan.surveyId, plan.day, { page, versions: true }))
    for (const row of rows) {
      versions.push(row.version!);
      raw.add(describe(changeOfRow(row, 1), plan.counted.get(row.site_key) ?? []), () => true);
    }
  return { raw, fingerprint: createHash('md5').update(versions.sort().join(','), 'utf8').digest('hex') };
}

const FINGERPRINT_SQL = `SELECT md5(coalesce(string_agg(${VERSION_SQL}, ',' ORDER BY id), '')) AS h FROM responses
  WHERE survey_id = $1 AND created_at >= ($2::date)::timestamp AT TIME ZONE 'UTC' AND created_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'`;

/**
 * Recounts one dimension of the next waiting day (its rows read beforehand, see the top of this file), or wipes the
 * day's stale dimensions when none is left to count; null when no day waits. A day another process recounted
 * meanwhile counts as done.
 */
export async function recountNextDay(db: Db): Promise<RecountedDay | null> {
  const next = (
    await db.query<{ survey_id: string; day: string }>('SELECT survey_id, day::text AS day FROM rollup_rebuilds ORDER BY survey_id, day LIMIT 1')
  )[0];
  if (!next) return null;
  const done = { surveyId: next.survey_id, day: next.day };
  for (let attempt = 0; ; attempt++) {
    const underLock = attempt >= OPTIMISTIC_TRIES;
    const plan = underLock ? null : await planDay(db, next.survey_id, next.day);
    if (!underLock && !plan) return done;
    const read = plan && (await readDay(db, plan, READ_PAGE));
    const outcome = await db.transaction(async (tx) => {
      await tx.exec('LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE');
      const now = await planDay(tx, next.survey_id, next.day);
      if (!now) return 'done';
      let raw: Tally;
      if (plan && read) {
        if (now.stamp !== plan.stamp) return 'stale';
        const h = (await tx.query<{ h: string }>(FINGERPRINT_SQL, [next.survey_id, next.day]))[0]?.h;
        if (h !== read.fingerprint) return 'stale';
        raw = read.raw;
      } else raw = (await readDay(tx, now, 5_000)).raw;
      await wipeDay(tx, now.surveyId, now.day, now.keep);
      await writeDay(tx, now.surveyId, now.day, raw, now.only);
      if (now.rest.length)
        await tx.query('UPDATE rollup_rebuilds SET dimensions = $3::text[] WHERE survey_id = $1 AND day = $2::date', [now.surveyId, now.day, now.rest]);
      else await tx.query('DELETE FROM rollup_rebuilds WHERE survey_id = $1 AND day = $2::date', [now.surveyId, now.day]);
      return 'done';
    });
    if (outcome === 'done') return done;
  }
}

/** Recounts every waiting day here and now (the CLI, before it verifies); returns how many days. */
export async function recountAll(db: Db, options: { signal?: AbortSignal; onDay?: (d: RecountedDay) => void } = {}): Promise<number> {
  const days = new Set<string>();
  for (let done = await recountNextDay(db); done; done = await recountNextDay(db)) {
    days.add(`${done.surveyId}\u0000${done.day}`);
    options.onDay?.(done);
    if (options.signal?.aborted) break;
  }
  return days.size;
}

export interface Recounter {
  /** Days may wait (the dimensions changed, or the process started): works them off in the background. */
  kick(): void;
  /**
   * Resolves when no day is left that this process is working on (tests, and the CLI); rejects with the error when the
   * last try failed (the days wait for the retry).
   */
  idle(): Promise<void>;
  /** Stops after the day in hand; the rest waits in rollup_rebuilds for the next start. */
  close(): Promise<void>;
}

/**
 * Works off the waiting days one transaction at a time, `pauseMs` between them so queued work runs first. A failure is
 * reported and tried again after `retryMs`, doubling up to a minute while it keeps failing. Every `sweepMs` it also looks
 * for days another process marked and left (it closed or died midway), which nothing else would wake this one for.
 */
export function createRecounter(db: Db, options: { pauseMs?: number; retryMs?: number; sweepMs?: number; onError?: (err: unknown) => void } = {}): Recounter {
  const pauseMs = options.pauseMs ?? 1;
  const retryMs = options.retryMs ?? 1_000;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let failures = 0;
  let failed: unknown = null;
  let retry: NodeJS.Timeout | null = null;
  const pause = () => new Promise((ok) => setTimeout(ok, pauseMs));
  const loop = async () => {
    while (!closed && (await recountNextDay(db))) await pause();
    failures = 0;
    failed = null;
  };
  const kick = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    again = false;
    running = loop()
      .catch((err) => {
        options.onError?.(err);
        failed = err;
        // A failed day (a deadlock, the database away) is tried again later; its row is still there.
        failures++;
        if (!closed && !retry)
          retry = setTimeout(
            () => {
              retry = null;
              kick();
            },
            Math.min(60_000, retryMs * 2 ** (failures - 1)),
          ).unref();
      })
      .finally(() => {
        running = null;
        // Kicked while the loop was ending: days marked since may have been missed.
        if (again) kick();
      });
  };
  const sweep = setInterval(() => {
    if (!retry) kick();
  }, options.sweepMs ?? 30_000).unref();
  return {
    kick,
    idle: async () => {
      while (running) await running;
      if (failed) throw failed;
    },
    async close() {
      closed = true;
      clearInterval(sweep);
      if (retry) clearTimeout(retry);
      await running;
    },
  };
}
