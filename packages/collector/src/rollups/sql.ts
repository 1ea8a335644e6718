// The roll-up SQL shared by the ingestion triggers (migration 004), the rebuild and `tellus rollups verify`.
//
// A roll-up row counts responses (question '') or answer facets per survey × dimension × question × UTC day ×
// dimension value × facet × survey version × completion. Dimension '' is every response; '*meta' counts the meta
// attribute names present; any other dimension is a meta attribute the site declared. A facet is the answer
// itself, except what would make the counts grow with the data: text becomes its length (in UTF-16 units, as
// JavaScript counts) and blankness, a matrix answer becomes its shape (for whether it fits) plus one facet per row.
// Dimensions count responses and the single-value answers (ratings, NPS, CES, thumbs): what group scores need.

/** Dimensions a site compares by when it declares none. */
export const DEFAULT_DIMENSIONS = ['location', 'agent', 'channel', 'locale'] as const;
/** At most this many distinct values per survey, day and dimension get their own count; later ones go to OTHER. */
export const VALUES_PER_DAY = 100;
/** Values longer than this (as JSON text) are never a group of their own. */
export const VALUE_MAX_LENGTH = 200;
/** The bucket of values past the cap. */
export const OTHER_VALUE = '*other*';
/** The dimension counting meta attribute names (capped like the others, without an OTHER bucket). */
export const META_DIMENSION = '*meta';

const defaults = `ARRAY[${DEFAULT_DIMENSIONS.map((d) => `'${d}'`).join(', ')}]::text[]`;

/**
 * The CTEs that turn `src` (rows shaped like `responses` plus a weight `w`: +1 counted, −1 taken back) into
 * `changes`: one row per roll-up key and weight. Values are given their own count only when `rollup_slots`
 * holds them, so counting a response in and out again always uses the same bucket.
 */
export function changesSql(src: string): string {
  return `src AS (${src}),
base AS (
  SELECT src.id, src.w, src.survey_id, src.survey_version, src.completed, src.answers, src.meta, src.site_key,
    (src.created_at AT TIME ZONE 'UTC')::date AS day
  FROM src
),
dims AS (
  SELECT b.id, b.w, b.survey_id, b.survey_version, b.completed, b.day, d.dimension,
    CASE WHEN b.meta -> d.dimension IS NULL OR b.meta -> d.dimension IN ('null'::jsonb, '""'::jsonb) THEN 'null'
      WHEN length((b.meta -> d.dimension)::text) > ${VALUE_MAX_LENGTH} THEN NULL
      ELSE (b.meta -> d.dimension)::text END AS value
  FROM base b JOIN sites s ON s.key = b.site_key
  CROSS JOIN LATERAL unnest(coalesce(s.dimensions, ${defaults})) AS d(dimension)
  UNION ALL
  SELECT b.id, b.w, b.survey_id, b.survey_version, b.completed, b.day, '${META_DIMENSION}', k
  FROM base b CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(b.meta) = 'object' THEN b.meta ELSE '{}' END) AS k
),
alloc AS (
  SELECT d.*, CASE WHEN d.value IS NOT NULL AND EXISTS (
      SELECT 1 FROM rollup_slots s
      WHERE s.survey_id = d.survey_id AND s.day = d.day AND s.dimension = d.dimension AND s.value_md5 = md5(d.value)
    ) THEN d.value ELSE '${OTHER_VALUE}' END AS slot
  FROM dims d
),
facets AS (
  SELECT b.id, b.w, f.question, f.facet FROM base b CROSS JOIN LATERAL tellus_facets(b.answers) AS f
),
changes AS (
  SELECT survey_id, '' AS dimension, '' AS question, day, '' AS value, 'null'::jsonb AS facet, survey_version, completed, w FROM base
  UNION ALL
  SELECT b.survey_id, '', f.question, b.day, '', f.facet, b.survey_version, b.completed, b.w
  FROM base b JOIN facets f ON f.id = b.id AND f.w = b.w
  UNION ALL
  SELECT survey_id, dimension, '', day, slot, 'null'::jsonb, survey_version, completed, w FROM alloc
  WHERE dimension <> '${META_DIMENSION}' OR slot <> '${OTHER_VALUE}'
  UNION ALL
  SELECT a.survey_id, a.dimension, f.question, a.day, a.slot, f.facet, a.survey_version, a.completed, a.w
  FROM alloc a JOIN facets f ON f.id = a.id AND f.w = a.w
  WHERE a.dimension <> '${META_DIMENSION}' AND jsonb_typeof(f.facet) <> 'object'
)`;
}

/** The roll-up key columns, in primary-key order. */
export const KEY_COLUMNS = 'survey_id, dimension, question, day, value, facet, survey_version, completed';

/**
 * Adds the changes of `src` as delta rows: inserts that never wait on each other, where one upsert per shared count
 * would make every concurrent writer queue on the same rows. compactSql folds them into `rollups` now and then.
 */
export const applySql = (src: string) => `WITH ${changesSql(src)}
INSERT INTO rollup_deltas (${KEY_COLUMNS}, n)
SELECT ${KEY_COLUMNS}, sum(w)::int FROM changes GROUP BY ${KEY_COLUMNS} HAVING sum(w) <> 0`;

/** Roll-ups and the deltas not yet folded in: read counts through this, one statement, so they are seen together. */
export const COUNTS_VIEW = 'rollup_counts';

/**
 * Moves every visible delta into `rollups`, keys in order, in one statement; returns the keys whose count fell to
 * zero, for DROP_EMPTY_SQL. Deltas committed meanwhile stay for the next run.
 */
export const COMPACT_SQL = `WITH moved AS (DELETE FROM rollup_deltas RETURNING ${KEY_COLUMNS}, n),
summed AS (SELECT ${KEY_COLUMNS}, sum(n)::int AS n FROM moved GROUP BY ${KEY_COLUMNS} HAVING sum(n) <> 0),
merged AS (
  INSERT INTO rollups (${KEY_COLUMNS}, n) SELECT ${KEY_COLUMNS}, n FROM summed ORDER BY ${KEY_COLUMNS}
  ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET n = rollups.n + excluded.n
  RETURNING ${KEY_COLUMNS}, n
)
SELECT ${KEY_COLUMNS.replace('day', 'day::text AS day')} FROM merged WHERE n = 0`;

/**
 * Deletes the roll-up rows at zero among the keys in $1 (a JSON array of key objects): a taken-back response leaves no
 * trace. (jsonb_to_recordset reads a JSON null facet as SQL NULL, hence the coalesce.)
 */
export const DROP_EMPTY_SQL = `DELETE FROM rollups AS r USING jsonb_to_recordset($1::jsonb) AS k(
  survey_id text, dimension text, question text, day date, value text, facet jsonb, survey_version int, completed bool)
WHERE r.n = 0 AND (r.survey_id, r.dimension, r.question, r.day, r.value, r.facet, r.survey_version, r.completed)
  = (k.survey_id, k.dimension, k.question, k.day, k.value, coalesce(k.facet, 'null'::jsonb), k.survey_version, k.completed)`;

/** Gives new values of `src` a slot of their own while their survey, day and dimension have room. */
export const claimSlotsSql = (src: string) => `WITH ${changesSql(src)}
INSERT INTO rollup_slots (survey_id, day, dimension, value_md5)
SELECT survey_id, day, dimension, h FROM (
  SELECT c.survey_id, c.day, c.dimension, c.h,
    row_number() OVER (PARTITION BY c.survey_id, c.day, c.dimension ORDER BY c.h) AS rank,
    (SELECT count(*) FROM rollup_slots s WHERE s.survey_id = c.survey_id AND s.day = c.day AND s.dimension = c.dimension) AS taken
  FROM (SELECT DISTINCT survey_id, day, dimension, md5(value) AS h FROM dims WHERE w > 0 AND value IS NOT NULL) AS c
  WHERE NOT EXISTS (SELECT 1 FROM rollup_slots s
    WHERE s.survey_id = c.survey_id AND s.day = c.day AND s.dimension = c.dimension AND s.value_md5 = c.h)
) AS x
WHERE rank + taken <= ${VALUES_PER_DAY}
ON CONFLICT DO NOTHING`;

/** For a rebuild: the most frequent values of `src` get the slots, ties by value. */
export const seedSlotsSql = (src: string) => `WITH ${changesSql(src)}
INSERT INTO rollup_slots (survey_id, day, dimension, value_md5)
SELECT survey_id, day, dimension, md5(value) FROM (
  SELECT survey_id, day, dimension, value,
    row_number() OVER (PARTITION BY survey_id, day, dimension ORDER BY count(*) DESC, value COLLATE "C") AS rank
  FROM dims WHERE value IS NOT NULL GROUP BY survey_id, day, dimension, value
) AS x
WHERE rank <= ${VALUES_PER_DAY}
ON CONFLICT DO NOTHING`;
