// Migration 4: roll-up tables (counts, the deltas ingestion writes in its transaction, the per-day value slots),
// per-site dimensions, and the roll-ups of the responses already stored (counted in JavaScript, see rollups/facets.ts).
import { recountRollups } from '../../rollups/maintain.js';
import { COUNTS_VIEW, KEY_COLUMNS } from '../../rollups/sql.js';
import type { Queryable } from '../db.js';

// Text patterns as results judge text (JavaScript's trim() and UTF-16 length), spelled out so no locale decides.
const BLANK = '^[\\u0009-\\u000d\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*$';
/** Characters outside the Basic Multilingual Plane: two UTF-16 units each (a positive class: 10× faster than its negation). */
const ASTRAL = '[\\U00010000-\\U0010FFFF]';

export default `
ALTER TABLE sites ADD COLUMN dimensions text[];

CREATE TABLE rollups (
  survey_id text NOT NULL,
  dimension text NOT NULL,
  question text NOT NULL,
  day date NOT NULL,
  value text NOT NULL,
  facet jsonb NOT NULL,
  survey_version int NOT NULL,
  completed bool NOT NULL,
  n int NOT NULL,
  PRIMARY KEY (${KEY_COLUMNS})
);
-- Written by ingestion, erasure and retention, folded into rollups by compaction (rollups/compact.ts); no index, so inserts stay cheap.
CREATE TABLE rollup_deltas (
  survey_id text NOT NULL,
  dimension text NOT NULL,
  question text NOT NULL,
  day date NOT NULL,
  value text NOT NULL,
  facet jsonb NOT NULL,
  survey_version int NOT NULL,
  completed bool NOT NULL,
  n int NOT NULL
);
CREATE VIEW ${COUNTS_VIEW} AS
  SELECT ${KEY_COLUMNS}, n FROM rollups UNION ALL SELECT ${KEY_COLUMNS}, n FROM rollup_deltas;

CREATE TABLE rollup_slots (
  survey_id text NOT NULL,
  day date NOT NULL,
  dimension text NOT NULL,
  value_md5 text NOT NULL,
  PRIMARY KEY (survey_id, day, dimension, value_md5)
);

-- Ends a statement that found its work changed under it (a batch's response stored meanwhile): the caller takes the slow path.
CREATE FUNCTION tellus_changed_meanwhile() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a response of the batch was stored meanwhile' USING ERRCODE = 'TL001';
END $$;

-- The facets of answers in SQL, for results that scan responses (an undeclared attribute): the same as rollups/facets.ts.
CREATE FUNCTION tellus_text_facet(t text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('$text', jsonb_build_object(
    'length', length(t) + CASE WHEN octet_length(t) = length(t) THEN 0 ELSE length(t) - length(regexp_replace(t, '${ASTRAL}', '', 'g')) END,
    'blank', t ~ '${BLANK}'))
$$;

CREATE FUNCTION tellus_matrix_shape(v jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('$matrix', jsonb_build_object(
    'rows', coalesce(jsonb_agg(e.key ORDER BY e.key COLLATE "C"), '[]'::jsonb),
    'min', min(CASE WHEN jsonb_typeof(e.value) = 'number' THEN (e.value)::numeric END),
    'max', max(CASE WHEN jsonb_typeof(e.value) = 'number' THEN (e.value)::numeric END),
    'whole', coalesce(bool_and(CASE WHEN jsonb_typeof(e.value) = 'number' THEN (e.value)::numeric = trunc((e.value)::numeric) ELSE false END), true)))
  FROM jsonb_each(v) AS e
$$;

-- ROWS: a few facets per response. The default estimate (1000) made PostgreSQL JIT-compile every trigger statement (seconds each).
CREATE FUNCTION tellus_facets(answers jsonb) RETURNS TABLE (question text, facet jsonb) LANGUAGE sql IMMUTABLE ROWS 8 AS $$
  WITH e AS (SELECT key, value FROM jsonb_each(CASE WHEN jsonb_typeof(answers) = 'object' THEN answers ELSE '{}'::jsonb END))
  SELECT e.key, CASE
      WHEN jsonb_typeof(e.value) = 'string' AND e.value NOT IN ('"up"'::jsonb, '"down"'::jsonb) THEN tellus_text_facet(e.value #>> '{}')
      WHEN jsonb_typeof(e.value) <> 'object' THEN e.value
      WHEN jsonb_typeof(e.value -> 'selected') = 'array' THEN
        CASE WHEN jsonb_typeof(e.value -> 'other') = 'string' THEN jsonb_set(e.value, '{other}', tellus_text_facet(e.value ->> 'other')) ELSE e.value END
      ELSE tellus_matrix_shape(e.value)
    END
  FROM e
  UNION ALL
  SELECT e.key, jsonb_build_object('$matrix', jsonb_build_object('row', r.key, 'rating', r.value))
  FROM e CROSS JOIN LATERAL jsonb_each(
    CASE WHEN jsonb_typeof(e.value) = 'object' AND jsonb_typeof(e.value -> 'selected') IS DISTINCT FROM 'array' THEN e.value ELSE '{}'::jsonb END) AS r
$$;
`;

/** Counts the responses stored before roll-ups existed (the rebuild's lock keeps other processes from writing meanwhile). */
export async function backfill(tx: Queryable): Promise<void> {
  const surveys = await tx.query<{ id: string }>('SELECT DISTINCT survey_id AS id FROM responses');
  await recountRollups(
    tx,
    surveys.map((r) => r.id),
  );
  await tx.exec('ANALYZE responses; ANALYZE rollups');
}
