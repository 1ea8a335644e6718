// Migration 4: roll-ups kept by statement triggers on responses (deltas in the same transaction as the upsert or delete),
// per-site dimensions, and the roll-ups of the responses already stored.
import { applySql, claimSlotsSql, COUNTS_VIEW, KEY_COLUMNS, seedSlotsSql } from '../../rollups/sql.js';

// Text patterns as results judge text (JavaScript's trim() and UTF-16 length), spelled out so no locale decides.
const BLANK = '^[\\u0009-\\u000d\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*$';
/** Characters outside the Basic Multilingual Plane: two UTF-16 units each (a positive class: 10× faster than its negation). */
const ASTRAL = '[\\U00010000-\\U0010FFFF]';

const newRows = 'SELECT new_rows.*, 1 AS w FROM new_rows';
const oldRows = 'SELECT old_rows.*, -1 AS w FROM old_rows';

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
-- Written by the triggers, folded into rollups by compaction (rollups/compact.ts); no index, so inserts stay cheap.
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

CREATE FUNCTION tellus_rollups_insert() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  ${claimSlotsSql(newRows)};
  ${applySql(newRows)};
  RETURN NULL;
END $$;

CREATE FUNCTION tellus_rollups_update() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  ${claimSlotsSql(`${newRows} UNION ALL ${oldRows}`)};
  ${applySql(`${newRows} UNION ALL ${oldRows}`)};
  RETURN NULL;
END $$;

CREATE FUNCTION tellus_rollups_delete() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  ${applySql(oldRows)};
  RETURN NULL;
END $$;

-- Created before the backfill: the trigger's lock keeps other processes from writing responses until this commits.
CREATE TRIGGER responses_rollups_insert AFTER INSERT ON responses REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tellus_rollups_insert();
CREATE TRIGGER responses_rollups_update AFTER UPDATE ON responses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tellus_rollups_update();
CREATE TRIGGER responses_rollups_delete AFTER DELETE ON responses REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tellus_rollups_delete();

${seedSlotsSql('SELECT responses.*, 1 AS w FROM responses')};
${applySql('SELECT responses.*, 1 AS w FROM responses')};
WITH moved AS (DELETE FROM rollup_deltas RETURNING ${KEY_COLUMNS}, n)
INSERT INTO rollups (${KEY_COLUMNS}, n) SELECT ${KEY_COLUMNS}, sum(n)::int FROM moved GROUP BY ${KEY_COLUMNS} HAVING sum(n) <> 0;
ANALYZE responses;
ANALYZE rollups;
`;
