// The fast path of ingestion: a batch of responses none of which is stored yet, written with its roll-up deltas in ONE
// statement (no transaction round trips), or not at all, so the caller takes the transactional path instead. The deltas
// go in as one packed row per survey (migration 6): one tuple where a row per count made hundreds. A pack may hold a
// key twice (values past the cap folded into OTHER_VALUE): compaction and every reader sum by key.
import type { SurveyResponse } from '@tellus/schema';
import { type Count, createTally, describe } from '../rollups/facets.js';
import { DEFAULT_DIMENSIONS, KEY_COLUMNS, META_DIMENSION, OTHER_VALUE } from '../rollups/sql.js';
import type { Queryable } from './db.js';
import { RESPONSE_RECORD } from './response-rows.js';

const DEFAULTS_SQL = `ARRAY[${DEFAULT_DIMENSIONS.map((d) => `'${d}'`).join(', ')}]::text[]`;

/** A count's slot in a pack: 0 kept as is; +i kept with request i's slot, else OTHER_VALUE; −i kept with it, else dropped. */
const AS_IS = 0;

/**
 * Writes everything or nothing. The gate holds when the site's dimensions are the ones the counts were made with, no
 * survey of the batch has deliveries to write (webhook, alert rules: the transactional path writes those). A response
 * of the batch already stored (a retry, or another process meanwhile) makes the insert's ON CONFLICT skip it; the
 * insert's probe of the ids is the only one. All of them skipped (a retried batch): nothing was written, the statement
 * says so. Some: those written would lack their counts, so the statement fails (TL001) and writes nothing.
 * Values get their slot as in rollups/write.ts, judged in the same snapshot; a slot another process claimed meanwhile
 * is taken over by the DO UPDATE (which waits for it), so it is counted under its own name as that process counts it.
 * The packs ($6, see packsOf) go in as they came when every request holds a slot, the usual batch; claiming slots and
 * folding values left without one (past the day's cap) into OTHER_VALUE are migration 7's functions, planned only when
 * called: PostgreSQL initialises every node of a plan at each execution.
 */
const FRESH_SQL = `
WITH gate AS (
  SELECT
    coalesce((SELECT coalesce(s.dimensions, ${DEFAULTS_SQL}) FROM sites s WHERE s.key = $1) = $3::text[], false) AS dims_ok,
    ARRAY(SELECT survey_id FROM survey_settings WHERE survey_id = ANY($4::text[]) AND (webhook_url IS NOT NULL OR rules <> '[]'::jsonb)) AS loud
),
ins AS (
  INSERT INTO responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at)
  SELECT x.id, $1, x."surveyId", x."surveyVersion", x.seq, x.completed, x.answers, x.meta, x."anonId",
    date_trunc('milliseconds', x."createdAt"), date_trunc('milliseconds', x."updatedAt")
  FROM jsonb_to_recordset($2::jsonb) AS ${RESPONSE_RECORD}
  WHERE (SELECT dims_ok AND cardinality(loud) = 0 FROM gate)
  ORDER BY x.id
  ON CONFLICT (id) DO NOTHING
  RETURNING 1
),
wrote AS (SELECT count(*) AS n FROM ins),
req AS (
  SELECT r.i, r.survey_id, r.day, r.dimension, md5(r.value) AS h FROM jsonb_to_recordset($5::jsonb) AS r(i int, survey_id text, day date, dimension text, value text)
  WHERE (SELECT n FROM wrote) = jsonb_array_length($2::jsonb)
),
held AS (
  SELECT coalesce(array_agg(r.i), '{}') AS i FROM req r
  WHERE EXISTS (SELECT 1 FROM rollup_slots s WHERE s.survey_id = r.survey_id AND s.day = r.day AND s.dimension = r.dimension AND s.value_md5 = r.h)
),
denied AS MATERIALIZED (
  SELECT CASE WHEN cardinality(h.i) = (SELECT count(*) FROM req) THEN '{}'::int[] ELSE tellus_claim_slots($5::jsonb, h.i) END AS i FROM held h
),
packs AS (
  SELECT p.* FROM jsonb_to_recordset($6::jsonb) AS p(survey_id text, dimension text[], question text[], day date[], value text[], facet jsonb,
    survey_version int[], completed bool[], n int[])
  WHERE (SELECT n FROM wrote) = jsonb_array_length($2::jsonb)
),
deltas AS (
  INSERT INTO rollup_delta_packs (${KEY_COLUMNS}, n)
  SELECT survey_id, dimension, question, day, value, ARRAY(SELECT jsonb_array_elements(facet)), survey_version, completed, n FROM packs
  WHERE (SELECT cardinality(i) = 0 FROM denied)
  UNION ALL
  SELECT ${KEY_COLUMNS}, n FROM tellus_fold_packs($6::jsonb, (SELECT i FROM denied)) WHERE (SELECT cardinality(i) > 0 FROM denied)
)
SELECT g.dims_ok, g.loud, (SELECT n FROM wrote) = jsonb_array_length($2::jsonb) AS fresh,
  CASE WHEN (SELECT n FROM wrote) NOT IN (0, jsonb_array_length($2::jsonb)) THEN tellus_changed_meanwhile() END AS changed,
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

interface FreshResult {
  dims_ok: boolean;
  /** The batch's surveys that have deliveries to write. */
  loud: string[];
  fresh: boolean;
  dimensions: string[] | null;
}

/** Whether one of `surveys` had deliveries to write lately, so its batches go the transactional way. */
export function isLoud(state: FreshState, surveys: Iterable<string>, now = Date.now()): boolean {
  for (const s of surveys) {
    const until = state.loud.get(s);
    if (until === undefined) continue;
    if (until > now) return true;
    state.loud.delete(s);
  }
  return false;
}

/** One pack per survey as FRESH_SQL's $6 reads it: the counts' columns as parallel arrays, and each count's slot. */
interface Pack {
  survey_id: string;
  dimension: string[];
  question: string[];
  day: string[];
  value: string[];
  survey_version: number[];
  completed: boolean[];
  n: number[];
  slot: number[];
  /** The facets, JSON already: spliced in as a JSON array (jsonb[] elements of their own), not as strings to parse again. */
  facets: string[];
}

/**
 * The counts as FRESH_SQL's $5 and $6: the slot requests (each value of a dimension on a survey's day, numbered from
 * 1; SQL takes their md5, in the database's encoding as rollups/write.ts does) and the packs, every count under its own value and marked with the request its
 * value depends on. Built here, the statement judges a dozen requests instead of unpacking, hashing and re-aggregating
 * every count (a third of its time), and jsonb_to_recordset reads the packs' arrays as they are stored.
 */
export function packsOf(counts: Iterable<Count>): { requests: string; packs: string } {
  const requests: { i: number; survey_id: string; day: string; dimension: string; value: string }[] = [];
  // Request numbers by survey and day, then dimension, then value: no joined key is built per count.
  const requestOf = new Map<string, Map<string, Map<string, number>>>();
  const packs = new Map<string, Pack>();
  for (const c of counts) {
    let pack = packs.get(c.surveyId);
    if (!pack) {
      pack = { survey_id: c.surveyId, dimension: [], question: [], day: [], value: [], survey_version: [], completed: [], n: [], slot: [], facets: [] };
      packs.set(c.surveyId, pack);
    }
    let slot = AS_IS;
    if (c.dimension !== '' && c.value !== OTHER_VALUE) {
      const day = `${c.surveyId}\u0000${c.day}`;
      let dimensions = requestOf.get(day);
      if (!dimensions) requestOf.set(day, (dimensions = new Map()));
      let values = dimensions.get(c.dimension);
      if (!values) dimensions.set(c.dimension, (values = new Map()));
      let i = values.get(c.value);
      if (i === undefined) {
        i = requests.length + 1;
        values.set(c.value, i);
        requests.push({ i, survey_id: c.surveyId, day: c.day, dimension: c.dimension, value: c.value });
      }
      slot = c.dimension === META_DIMENSION ? -i : i;
    }
    pack.dimension.push(c.dimension);
    pack.question.push(c.question);
    pack.day.push(c.day);
    pack.value.push(c.value);
    pack.facets.push(c.facet);
    pack.survey_version.push(c.surveyVersion);
    pack.completed.push(c.completed);
    pack.n.push(c.n);
    pack.slot.push(slot);
  }
  const json = [...packs.values()].map(({ facets, ...columns }) => `${JSON.stringify(columns).slice(0, -1)},"facet":[${facets.join(',')}]}`);
  return { requests: JSON.stringify(requests), packs: `[${json.join(',')}]` };
}

/**
 * Inserts `winners` (times canonical, `payload` their response-rows.ts rows) with their roll-up deltas in one statement.
 * Returns false, having written nothing, when the batch needs the transactional path (one of them is stored, say).
 */
export async function insertFresh(
  db: Queryable,
  state: FreshState,
  siteKey: string,
  winners: readonly SurveyResponse[],
  payload: string,
  now = Date.now(),
): Promise<boolean> {
  const surveys = [...new Set(winners.map((r) => r.surveyId))];
  if (isLoud(state, surveys, now)) return false;
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
          createdAt: r.createdAt,
          answers: r.answers,
          meta: r.meta,
          w: 1,
        },
        dimensions,
      ),
      () => true,
    );
  const { requests, packs } = packsOf(counts.values());
  let result: FreshResult | undefined;
  try {
    result = (await db.query<FreshResult>(FRESH_SQL, [siteKey, payload, dimensions, surveys, requests, packs], { name: 'tellus-fresh-batch' }))[0];
  } catch (err) {
    if ((err as { code?: unknown }).code === CHANGED_MEANWHILE) return false;
    throw err;
  }
  if (!result) return false;
  if (!result.dims_ok) {
    if (result.dimensions) state.dimensions.set(siteKey, result.dimensions);
    else state.dimensions.delete(siteKey);
  }
  // Only the surveys with deliveries: a batch joined with theirs keeps the fast path (fresh-group.ts).
  for (const s of result.loud) state.loud.set(s, now + LOUD_MS);
  return result.dims_ok && result.loud.length === 0 && result.fresh;
}
