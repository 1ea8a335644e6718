// Rebuilding roll-ups from the responses (a site's dimensions changed) and verifying them (`tellus rollups verify`).
import type { Queryable } from '../storage/db.js';
import { applySql, changesSql, COUNTS_VIEW, KEY_COLUMNS, seedSlotsSql } from './sql.js';

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

/**
 * Recounts the roll-ups of these surveys from their responses, in the caller's transaction. Writers of responses
 * wait meanwhile (the lock), so no response is counted twice or missed.
 */
export async function rebuildRollups(tx: Queryable, surveyIds: string[]): Promise<void> {
  if (!surveyIds.length) return;
  await tx.exec('LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE');
  await tx.query('DELETE FROM rollups WHERE survey_id = ANY($1::text[])', [surveyIds]);
  await tx.query('DELETE FROM rollup_deltas WHERE survey_id = ANY($1::text[])', [surveyIds]);
  await tx.query('DELETE FROM rollup_slots WHERE survey_id = ANY($1::text[])', [surveyIds]);
  const src = 'SELECT responses.*, 1 AS w FROM responses WHERE survey_id = ANY($1::text[])';
  await tx.query(seedSlotsSql(src), [surveyIds]);
  await tx.query(applySql(src), [surveyIds]);
}

const DAY_MS = 86_400_000;

/**
 * Recomputes every roll-up from the responses, one survey and UTC day at a time (each a short statement, so a
 * running collector keeps ingesting on the same database), and reports where the stored counts differ.
 */
export async function verifyRollups(
  db: Queryable,
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
      const src = `SELECT responses.*, 1 AS w FROM responses
        WHERE survey_id = $1 AND created_at >= ($2::date)::timestamp AT TIME ZONE 'UTC' AND created_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'`;
      const rows = await db.query<{
        survey_id: string;
        dimension: string;
        question: string;
        day: string;
        value: string;
        facet: unknown;
        survey_version: number;
        completed: boolean;
        expected: number;
        actual: number;
      }>(
        `WITH ${changesSql(src)},
         expected AS (SELECT ${KEY_COLUMNS}, sum(w)::int AS n FROM changes GROUP BY ${KEY_COLUMNS} HAVING sum(w) <> 0),
         actual AS (SELECT ${KEY_COLUMNS}, sum(n)::int AS n FROM ${COUNTS_VIEW} WHERE survey_id = $1 AND day = $2::date
           GROUP BY ${KEY_COLUMNS} HAVING sum(n) <> 0)
         SELECT ${KEY_COLUMNS.replace('day', 'day::text AS day')}, coalesce(e.n, 0) AS expected, coalesce(a.n, 0) AS actual
         FROM expected AS e FULL JOIN actual AS a USING (${KEY_COLUMNS})
         WHERE coalesce(e.n, 0) <> coalesce(a.n, 0) LIMIT $3`,
        [surveyId, day, limit],
      );
      for (const r of rows)
        if (report.differences.length < limit)
          report.differences.push({
            surveyId: r.survey_id,
            dimension: r.dimension,
            question: r.question,
            day: r.day,
            value: r.value,
            facet: r.facet,
            surveyVersion: r.survey_version,
            completed: r.completed,
            expected: r.expected,
            actual: r.actual,
          });
      await new Promise((ok) => setImmediate(ok));
    }
  }
  report.emptyRows = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rollups WHERE n = 0'))[0]?.n ?? 0;
  return report;
}
