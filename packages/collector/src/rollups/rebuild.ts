// Recounting a survey's roll-ups after its site's dimensions changed, one (survey, UTC day) per short transaction, so
// ingestion and /healthz go on between the days; the days still to do are rows of rollup_rebuilds (migration 7).
//
// Why each day is exact on its own: the new dimensions take effect when the change commits, so everything counted
// after it (ingestion, erasure, retention) uses them. A day not yet recounted holds old counts mixed with new ones; its
// transaction takes the lock on `responses` (writers wait, and those before it have committed their deltas), wipes the
// day's roll-ups, slots and pending deltas, and counts the day's rows afresh. From then on the day is as ingestion
// keeps it. A day with no data when the change committed only ever gets counts made with the new dimensions.
import type { Db, Queryable } from '../storage/db.js';
import { recountDay } from './maintain.js';
import { COUNTS_VIEW } from './sql.js';
import { dimensionsOf } from './write.js';

/** A survey's day whose roll-ups were recounted. */
export interface RecountedDay {
  surveyId: string;
  day: string;
}

/**
 * Marks every day these surveys have counts on as waiting for a recount, in the caller's transaction (the one that
 * changed the dimensions). The lock waits for writers that read the old dimensions, so their days are marked too.
 * The days come from the response counts (dimension and question ''), which every counted response has on its day.
 */
export async function planRecount(tx: Queryable, surveyIds: readonly string[]): Promise<number> {
  if (!surveyIds.length) return 0;
  await tx.exec('LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE');
  const marked = await tx.query(
    `INSERT INTO rollup_rebuilds (survey_id, day)
     SELECT DISTINCT survey_id, day FROM ${COUNTS_VIEW} WHERE survey_id = ANY($1::text[]) AND dimension = '' AND question = ''
     ON CONFLICT DO NOTHING RETURNING 1`,
    [surveyIds],
  );
  return marked.length;
}

/** How many days of this survey (or of all) wait for a recount. */
export async function daysToRecount(db: Queryable, surveyId?: string): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rollup_rebuilds WHERE $1::text IS NULL OR survey_id = $1', [surveyId ?? null]);
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

/** Keeps the parts of packs that are not of day $2 (packs hold a batch's counts of several days in one row). */
const TRIM_PACKS_SQL = `UPDATE rollup_delta_packs AS p SET (dimension, question, day, value, facet, survey_version, completed, n) = (
  SELECT array_agg(d.dimension ORDER BY d.i), array_agg(d.question ORDER BY d.i), array_agg(d.day ORDER BY d.i), array_agg(d.value ORDER BY d.i),
    array_agg(d.facet ORDER BY d.i), array_agg(d.survey_version ORDER BY d.i), array_agg(d.completed ORDER BY d.i), array_agg(d.n ORDER BY d.i)
  FROM unnest(p.dimension, p.question, p.day, p.value, p.facet, p.survey_version, p.completed, p.n) WITH ORDINALITY
    AS d(dimension, question, day, value, facet, survey_version, completed, n, i)
  WHERE d.day <> $2::date)
WHERE p.survey_id = $1 AND $2::date = ANY(p.day)`;

/** Removes everything counted on a survey's day: pending deltas first, then roll-ups and slots (caller holds the lock). */
async function wipeDay(tx: Queryable, surveyId: string, day: string): Promise<void> {
  // Deltas first, as rebuildRollups does: a compaction moving them meanwhile commits before the roll-ups are deleted.
  await tx.query('DELETE FROM rollup_deltas WHERE survey_id = $1 AND day = $2::date', [surveyId, day]);
  await tx.query('DELETE FROM rollup_delta_packs WHERE survey_id = $1 AND day <@ ARRAY[$2::date]', [surveyId, day]);
  await tx.query(TRIM_PACKS_SQL, [surveyId, day]);
  const pairs = await tx.query<{ dimension: string; question: string }>(PAIRS_SQL, [surveyId]);
  if (pairs.length)
    await tx.query('DELETE FROM rollups WHERE survey_id = $1 AND dimension = ANY($2::text[]) AND question = ANY($3::text[]) AND day = $4::date', [
      surveyId,
      [...new Set(pairs.map((p) => p.dimension))],
      [...new Set(pairs.map((p) => p.question))],
      day,
    ]);
  await tx.query('DELETE FROM rollup_slots WHERE survey_id = $1 AND day = $2::date', [surveyId, day]);
}

/** Recounts the next waiting day in one transaction; null when none waits. */
export async function recountNextDay(db: Db): Promise<RecountedDay | null> {
  // Looked up first without the lock, which would make writers wait even when there is nothing to do.
  if (!(await db.query('SELECT 1 FROM rollup_rebuilds LIMIT 1')).length) return null;
  return db.transaction(async (tx) => {
    await tx.exec('LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE');
    const next = (
      await tx.query<{ survey_id: string; day: string }>('SELECT survey_id, day::text AS day FROM rollup_rebuilds ORDER BY survey_id, day LIMIT 1')
    )[0];
    if (!next) return null;
    const site = await tx.query<{ site_key: string }>('SELECT site_key FROM surveys WHERE id = $1 LIMIT 1', [next.survey_id]);
    await wipeDay(tx, next.survey_id, next.day);
    await recountDay(tx, next.survey_id, next.day, await dimensionsOf(tx, site.length ? [site[0]!.site_key] : undefined));
    await tx.query('DELETE FROM rollup_rebuilds WHERE survey_id = $1 AND day = $2::date', [next.survey_id, next.day]);
    return { surveyId: next.survey_id, day: next.day };
  });
}

/** Recounts every waiting day here and now (the CLI, before it verifies); returns how many. */
export async function recountAll(db: Db, options: { signal?: AbortSignal; onDay?: (d: RecountedDay) => void } = {}): Promise<number> {
  let n = 0;
  for (let done = await recountNextDay(db); done; done = await recountNextDay(db)) {
    n++;
    options.onDay?.(done);
    if (options.signal?.aborted) break;
  }
  return n;
}

export interface Recounter {
  /** Days may wait (the dimensions changed, or the process started): works them off in the background. */
  kick(): void;
  /** Resolves when no day is left that this process is working on (tests, and the CLI). */
  idle(): Promise<void>;
  /** Stops after the day in hand; the rest waits in rollup_rebuilds for the next start. */
  close(): Promise<void>;
}

/** Works off the waiting days one transaction at a time, `pauseMs` between them so queued work runs first. */
export function createRecounter(db: Db, options: { pauseMs?: number; retryMs?: number; onError?: (err: unknown) => void } = {}): Recounter {
  const pauseMs = options.pauseMs ?? 1;
  const retryMs = options.retryMs ?? 1_000;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  const pause = () => new Promise((ok) => setTimeout(ok, pauseMs));
  const loop = async () => {
    while (!closed && (await recountNextDay(db))) await pause();
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
        // A failed day (a deadlock, the database away) is tried again later; its row is still there.
        if (!closed && !retry)
          retry = setTimeout(() => {
            retry = null;
            kick();
          }, retryMs).unref();
      })
      .finally(() => {
        running = null;
        // Kicked while the loop was ending: days marked since may have been missed.
        if (again) kick();
      });
  };
  return {
    kick,
    idle: async () => {
      while (running) await running;
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await running;
    },
  };
}
