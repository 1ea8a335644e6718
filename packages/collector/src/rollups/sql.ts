// The roll-up tables' constants and the compaction SQL; what a count is, is computed in facets.ts.
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

/** The roll-up key columns, in primary-key order. */
export const KEY_COLUMNS = 'survey_id, dimension, question, day, value, facet, survey_version, completed';

/** Roll-ups and the deltas not yet folded in: read counts through this, one statement, so they are seen together. */
export const COUNTS_VIEW = 'rollup_counts';
/** The deltas not yet folded in: the rows of rollup_deltas and the unpacked rows of rollup_delta_packs. */
export const PENDING_VIEW = 'rollup_pending';

/**
 * The packs of `source` (rows shaped as rollup_delta_packs) as one row per count, in KEY_COLUMNS order then n, as
 * migration 6's views read them (its text stays as released; UNPACKED is the cheaper spelling).
 */
export const PACK_COUNTS = (source: string) => `(SELECT p.survey_id, d.dimension, d.question, d.day, d.value, d.facet, d.survey_version, d.completed, d.n
  FROM ${source} AS p CROSS JOIN LATERAL unnest(p.dimension, p.question, p.day, p.value, p.facet, p.survey_version, p.completed, p.n)
    AS d(dimension, question, day, value, facet, survey_version, completed, n)) AS packed`;

/**
 * The packs of `source` as one row per count, as PACK_COUNTS, with the arrays unnested in the select list: a pack's
 * arrays are equally long, so they run in step as unnest(a, b, …) does, but one row at a time, where the function scan
 * stores each array's elements in a tuplestore first. 0.06 instead of 0.16 ms of CPU a pack of 133 counts (PostgreSQL
 * 15), most of what compaction spent before summing.
 */
export const UNPACKED = (source: string) => `(SELECT p.survey_id, unnest(p.dimension) AS dimension, unnest(p.question) AS question,
  unnest(p.day) AS day, unnest(p.value) AS value, unnest(p.facet) AS facet, unnest(p.survey_version) AS survey_version,
  unnest(p.completed) AS completed, unnest(p.n) AS n
  FROM ${source} AS p) AS packed`;

/**
 * Moves every visible delta into `rollups`, keys in order, in one statement; returns the keys whose count fell to
 * zero, for DROP_EMPTY_SQL. Deltas committed meanwhile stay for the next run.
 */
export const COMPACT_SQL = `WITH rows AS (DELETE FROM rollup_deltas RETURNING ${KEY_COLUMNS}, n),
packs AS (DELETE FROM rollup_delta_packs RETURNING *),
moved AS (SELECT ${KEY_COLUMNS}, n FROM rows UNION ALL SELECT ${KEY_COLUMNS}, n FROM ${UNPACKED('packs')}),
summed AS MATERIALIZED (SELECT ${KEY_COLUMNS}, sum(n)::int AS n FROM moved GROUP BY ${KEY_COLUMNS} HAVING sum(n) <> 0),
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
