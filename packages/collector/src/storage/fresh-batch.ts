// The fast path of ingestion: a batch of responses none of which is stored yet, written with its roll-up deltas in ONE
// statement (no transaction round trips), or not at all, so the caller takes the transactional path instead. The deltas
// go in as one packed row per survey (migration 6): one tuple where a row per count made hundreds. A pack may hold a
// key twice (values past the cap folded into OTHER_VALUE): compaction and every reader sum by key.
import type { SurveyResponse } from '@tellus/schema';
import { type Count, createTally, describe } from '../rollups/facets.js';
import { DEFAULT_DIMENSIONS, KEY_COLUMNS, META_DIMENSION, OTHER_VALUE, VALUES_PER_DAY } from '../rollups/sql.js';
import type { Queryable } from './db.js';

const DEFAULTS_SQL = `ARRAY[${DEFAULT_DIMENSIONS.map((d) => `'${d}'`).join(', ')}]::text[]`;

/** How a count's value becomes its group: kept, kept only with a slot (else OTHER_VALUE), or dropped without one. */
const AS_IS = 0;
const SLOT_OR_OTHER = 1;
const SLOT_OR_NONE = 2;

/**
 * Writes everything or nothing. The gate holds when the site's dimensions are the ones the counts were made with, no
 * survey of the batch has deliveries to write (webhook, alert rules: the transactional path writes those). A response
 * of the batch already stored (a retry, or another process meanwhile) makes the insert's ON CONFLICT skip it; the
 * insert's probe of the ids is the only one. All of them skipped (a retried batch): nothing was written, the statement
 * says so. Some: those written would lack their counts, so the statement fails (TL001) and writes nothing.
 * Values get their slot as in rollups/write.ts, judged in the same snapshot; a slot another process claimed meanwhile
 * is taken over by the DO UPDATE (which waits for it), so it is counted under its own name as that process counts it.
 */
const FRESH_SQL = `
WITH gate AS (
  SELECT
    coalesce((SELECT coalesce(s.dimensions, ${DEFAULTS_SQL}) FROM sites s WHERE s.key = $1) = $3::text[], false) AS dims_ok,
    NOT EXISTS (SELECT 1 FROM survey_settings WHERE survey_id = ANY($4::text[]) AND (webhook_url IS NOT NULL OR rules <> '[]'::jsonb)) AS quiet
),
ins AS (
  INSERT INTO responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at)
  SELECT x.id, $1, x.survey_id, x.survey_version, x.seq, x.completed, x.answers, x.meta, x.anon_id,
    date_trunc('milliseconds', x.created_at), date_trunc('milliseconds', x.updated_at)
  FROM jsonb_to_recordset($2::jsonb) AS x(
    id uuid, survey_id text, survey_version int, seq int, completed bool,
    answers jsonb, meta jsonb, anon_id text, created_at timestamptz, updated_at timestamptz)
  WHERE (SELECT dims_ok AND quiet FROM gate)
  ORDER BY x.id
  ON CONFLICT (id) DO NOTHING
  RETURNING 1
),
c AS (
  SELECT e->>0 AS survey_id, e->>1 AS dimension, e->>2 AS question, (e->>3)::date AS day, e->>4 AS value, e->5 AS facet,
    (e->>6)::int AS survey_version, (e->>7)::bool AS completed, (e->>8)::int AS n, (e->>9)::int AS kind
  FROM jsonb_array_elements($5::jsonb) AS e
  WHERE (SELECT count(*) FROM ins) = jsonb_array_length($2::jsonb)
),
hashed AS MATERIALIZED (SELECT c.*, md5(value) AS h FROM c WHERE kind <> ${AS_IS}),
req AS (SELECT DISTINCT survey_id, day, dimension, h FROM hashed),
held AS (
  SELECT r.* FROM req r
  WHERE EXISTS (SELECT 1 FROM rollup_slots s WHERE s.survey_id = r.survey_id AND s.day = r.day AND s.dimension = r.dimension AND s.value_md5 = r.h)
),
claimed AS (
  INSERT INTO rollup_slots (survey_id, day, dimension, value_md5)
  SELECT survey_id, day, dimension, h FROM (
    SELECT r.*, row_number() OVER (PARTITION BY r.survey_id, r.day, r.dimension ORDER BY r.h) AS rank,
      (SELECT count(*) FROM rollup_slots s WHERE s.survey_id = r.survey_id AND s.day = r.day AND s.dimension = r.dimension) AS taken
    FROM req r
    WHERE NOT EXISTS (SELECT 1 FROM held WHERE held.survey_id = r.survey_id AND held.day = r.day AND held.dimension = r.dimension AND held.h = r.h)
  ) AS x
  WHERE rank + taken <= ${VALUES_PER_DAY}
  ORDER BY survey_id, day, dimension, h
  ON CONFLICT (survey_id, day, dimension, value_md5) DO UPDATE SET value_md5 = excluded.value_md5
  RETURNING survey_id, day, dimension, value_md5 AS h
),
slots AS (SELECT * FROM held UNION ALL SELECT * FROM claimed),
mapped AS (
  SELECT survey_id, dimension, question, day, value, facet, survey_version, completed, n FROM c WHERE kind = ${AS_IS}
  UNION ALL
  SELECT c.survey_id, c.dimension, c.question, c.day, CASE WHEN s.h IS NOT NULL THEN c.value ELSE '${OTHER_VALUE}' END,
    c.facet, c.survey_version, c.completed, c.n
  FROM hashed c LEFT JOIN slots s ON s.survey_id = c.survey_id AND s.day = c.day AND s.dimension = c.dimension AND s.h = c.h
  WHERE c.kind <> ${SLOT_OR_NONE} OR s.h IS NOT NULL
),
deltas AS (
  INSERT INTO rollup_delta_packs (${KEY_COLUMNS}, n)
  SELECT survey_id, array_agg(dimension), array_agg(question), array_agg(day), array_agg(value), array_agg(facet), array_agg(survey_version),
    array_agg(completed), array_agg(n)
  FROM mapped GROUP BY survey_id
)
SELECT g.dims_ok, g.quiet, (SELECT count(*) FROM ins) = jsonb_array_length($2::jsonb) AS fresh,
  CASE WHEN (SELECT count(*) FROM ins) NOT IN (0, jsonb_array_length($2::jsonb)) THEN tellus_changed_meanwhile() END AS changed,
  CASE WHEN NOT g.dims_ok THEN (SELECT coalesce(s.dimensions, ${DEFAULTS_SQL}) FROM sites s WHERE s.key = $1) END AS dimensions
FROM gate g`;

/** The error FRESH_SQL ends with when a response of the batch was stored meanwhile. */
const CHANGED_MEANWHILE = 'TL001';

/** What the fast path remembers between batches: dimensions per site (checked by the gate), surveys with deliveries. */
export interface FreshState {
  dimensions: Map<string, readonly string[]>;
  /** Surveys that had deliveries to write, until when (ms): their batches go the transactional way meanwhile. */
  loud: Map<string, number>;
}

export const createFreshState = (): FreshState => ({ dimensions: new Map(), loud: new Map() });

/** How long a survey with deliveries skips the fast path before trying again. */
const LOUD_MS = 5_000;

const kindOf = (c: Count) => (c.dimension === '' || c.value === OTHER_VALUE ? AS_IS : c.dimension === META_DIMENSION ? SLOT_OR_NONE : SLOT_OR_OTHER);

/**
 * The counts as ONE jsonb parameter, an array of [survey_id, dimension, question, day, value, facet, survey_version,
 * completed, n, kind] (facet, already JSON, goes in as is): the driver escapes every element of an array parameter
 * with two regular expressions, which cost more than the whole statement's other parameters.
 */
function packCounts(counts: Iterable<Count>): string {
  const out: string[] = [];
  for (const c of counts) {
    const head = JSON.stringify([c.surveyId, c.dimension, c.question, c.day, c.value]);
    out.push(`${head.slice(0, -1)},${c.facet},${c.surveyVersion},${c.completed},${c.n},${kindOf(c)}]`);
  }
  return `[${out.join(',')}]`;
}

/**
 * Inserts `winners` (`payload` their rows as UPSERT_SQL reads them) with their roll-up deltas in one statement.
 * Returns false, having written nothing, when the batch needs the transactional path (one of them is stored, say).
 */
export async function insertFresh(
  db: Queryable,
  state: FreshState,
  siteKey: string,
  winners: readonly SurveyResponse[],
  payload: string,
  createdAt: (r: SurveyResponse) => string,
  now = Date.now(),
): Promise<boolean> {
  const surveys = [...new Set(winners.map((r) => r.surveyId))];
  for (const s of surveys) {
    const until = state.loud.get(s);
    if (until === undefined) continue;
    if (until > now) return false;
    state.loud.delete(s);
  }
  let dimensions = state.dimensions.get(siteKey);
  if (!dimensions) {
    const row = (await db.query<{ dimensions: string[] | null }>('SELECT dimensions FROM sites WHERE key = $1', [siteKey]))[0];
    if (!row) return false;
    dimensions = row.dimensions ?? DEFAULT_DIMENSIONS;
    state.dimensions.set(siteKey, dimensions);
  }
  const counts = createTally();
  for (const r of winners)
    counts.add(
      describe(
        {
          siteKey,
          surveyId: r.surveyId,
          surveyVersion: r.surveyVersion,
          completed: r.completed,
          createdAt: createdAt(r),
          answers: r.answers,
          meta: r.meta,
          w: 1,
        },
        dimensions,
      ),
      () => true,
    );
  let result: { dims_ok: boolean; quiet: boolean; fresh: boolean; dimensions: string[] | null } | undefined;
  try {
    result = (
      await db.query<{ dims_ok: boolean; quiet: boolean; fresh: boolean; dimensions: string[] | null }>(
        FRESH_SQL,
        [siteKey, payload, dimensions, surveys, packCounts(counts.values())],
        { name: 'tellus-fresh-batch' },
      )
    )[0];
  } catch (err) {
    if ((err as { code?: unknown }).code === CHANGED_MEANWHILE) return false;
    throw err;
  }
  if (!result) return false;
  if (!result.dims_ok) {
    if (result.dimensions) state.dimensions.set(siteKey, result.dimensions);
    else state.dimensions.delete(siteKey);
  }
  if (!result.quiet) for (const s of surveys) state.loud.set(s, now + LOUD_MS);
  return result.dims_ok && result.quiet && result.fresh;
}
