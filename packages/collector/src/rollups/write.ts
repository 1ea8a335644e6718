// Writes the roll-up deltas of changed responses inside the caller's transaction: ingestion, erasure and retention.
import type { Queryable } from '../storage/db.js';
import { type Change, type Count, createTally, type Described, describe, slotKey, type Tally } from './facets.js';
import { DEFAULT_DIMENSIONS, KEY_COLUMNS, VALUES_PER_DAY } from './sql.js';

interface SlotRequest {
  surveyId: string;
  day: string;
  dimension: string;
  value: string;
}

const requestsSql = 'unnest($1::text[], $2::date[], $3::text[], $4::text[]) WITH ORDINALITY AS r(survey_id, day, dimension, value, i)';
const requestParams = (rs: readonly SlotRequest[]) => [rs.map((r) => r.surveyId), rs.map((r) => r.day), rs.map((r) => r.dimension), rs.map((r) => r.value)];
const hasSlotSql = `EXISTS (SELECT 1 FROM rollup_slots s
  WHERE s.survey_id = r.survey_id AND s.day = r.day AND s.dimension = r.dimension AND s.value_md5 = md5(r.value))`;

/** The requests that hold a slot, as their slotKey. */
async function lookUpSlots(tx: Queryable, requests: readonly SlotRequest[]): Promise<Set<string>> {
  if (!requests.length) return new Set();
  const rows = await tx.query<{ i: string | number }>(`SELECT r.i FROM ${requestsSql} WHERE ${hasSlotSql}`, requestParams(requests));
  return new Set(rows.map(({ i }) => keyOf(requests[Number(i) - 1]!)));
}

const keyOf = (r: SlotRequest) => slotKey(r.surveyId, r.day, r.dimension, r.value);

/**
 * Gives new values a slot of their own while their survey, day and dimension have room (lowest md5 first). Taken
 * slots and the candidates are judged in one snapshot, so a value left without a slot means the day was full: it
 * never gets one later, and counting a response in and out always uses the same bucket. Slots are only ever added
 * (a rebuild resets them with the counts).
 */
const CLAIM_SQL = `INSERT INTO rollup_slots (survey_id, day, dimension, value_md5)
SELECT survey_id, day, dimension, h FROM (
  SELECT c.survey_id, c.day, c.dimension, c.h,
    row_number() OVER (PARTITION BY c.survey_id, c.day, c.dimension ORDER BY c.h) AS rank,
    (SELECT count(*) FROM rollup_slots s WHERE s.survey_id = c.survey_id AND s.day = c.day AND s.dimension = c.dimension) AS taken
  FROM (SELECT DISTINCT r.survey_id, r.day, r.dimension, md5(r.value) AS h FROM ${requestsSql}) AS c
  WHERE NOT EXISTS (SELECT 1 FROM rollup_slots s
    WHERE s.survey_id = c.survey_id AND s.day = c.day AND s.dimension = c.dimension AND s.value_md5 = c.h)
) AS x
WHERE rank + taken <= ${VALUES_PER_DAY}
ON CONFLICT DO NOTHING`;

/** Which values have slots: counted-in values claim one when there is room; taken-back ones only look theirs up. */
async function slotsFor(tx: Queryable, described: readonly Described[]): Promise<Set<string>> {
  const requests = new Map<string, SlotRequest & { claim: boolean }>();
  for (const d of described)
    for (const { dimension, value } of d.dimensions) {
      if (value === null) continue;
      const key = slotKey(d.surveyId, d.day, dimension, value);
      const known = requests.get(key);
      if (known) known.claim ||= d.w > 0;
      else requests.set(key, { surveyId: d.surveyId, day: d.day, dimension, value, claim: d.w > 0 });
    }
  const all = [...requests.values()];
  const found = await lookUpSlots(tx, all);
  const missing = all.filter((r) => r.claim && !found.has(keyOf(r)));
  if (!missing.length) return found;
  await tx.query(CLAIM_SQL, requestParams(missing));
  // A fresh statement sees slots claimed meanwhile by others too (the claim waited for them).
  for (const key of await lookUpSlots(tx, missing)) found.add(key);
  return found;
}

/** The dimensions of these sites (or all), their own or the defaults; a site that is gone has none. */
export async function dimensionsOf(tx: Queryable, siteKeys?: readonly string[]): Promise<Map<string, readonly string[]>> {
  const rows = await tx.query<{ key: string; dimensions: string[] | null }>(
    `SELECT key, dimensions FROM sites WHERE ${siteKeys ? 'key = ANY($1::text[])' : 'true'}`,
    siteKeys ? [siteKeys] : [],
  );
  return new Map(rows.map((r) => [r.key, r.dimensions ?? DEFAULT_DIMENSIONS]));
}

/** The counts of these changes (slots claimed as needed), keys whose weights cancel out left at zero. */
export async function countsOf(tx: Queryable, changes: readonly Change[], dimensions?: Map<string, readonly string[]>): Promise<Tally> {
  const dims = dimensions ?? (await dimensionsOf(tx, [...new Set(changes.map((c) => c.siteKey))]));
  const described = changes.map((c) => describe(c, dims.get(c.siteKey) ?? null));
  const slots = await slotsFor(tx, described);
  const counts = createTally();
  const hasSlot = (surveyId: string, day: string, dimension: string, value: string) => slots.has(slotKey(surveyId, day, dimension, value));
  for (const d of described) counts.add(d, hasSlot);
  return counts;
}

/** Counts as the nine parallel arrays (KEY_COLUMNS order, then n) a statement unnests. */
export const countColumns = (cs: readonly Count[]) => [
  cs.map((c) => c.surveyId),
  cs.map((c) => c.dimension),
  cs.map((c) => c.question),
  cs.map((c) => c.day),
  cs.map((c) => c.value),
  cs.map((c) => c.facet),
  cs.map((c) => c.surveyVersion),
  cs.map((c) => c.completed),
  cs.map((c) => c.n),
];

/** Inserts counts into `table` in one statement (rows of equal key summed); zeros are skipped. */
export async function insertCounts(tx: Queryable, table: 'rollups' | 'rollup_deltas', counts: Iterable<Count>): Promise<void> {
  const cs = [...counts].filter((c) => c.n !== 0);
  if (!cs.length) return;
  await tx.query(
    `INSERT INTO ${table} (${KEY_COLUMNS}, n)
     SELECT survey_id, dimension, question, day, value, facet, survey_version, completed, sum(n)::int
     FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::jsonb[], $7::int[], $8::bool[], $9::int[])
       AS x(survey_id, dimension, question, day, value, facet, survey_version, completed, n)
     GROUP BY survey_id, dimension, question, day, value, facet, survey_version, completed HAVING sum(n) <> 0`,
    countColumns(cs),
  );
}

/**
 * Counts these changes into the roll-ups (as delta rows, which never wait on each other; compaction folds them in).
 * Call it in the transaction that made the changes, after the statement that wrote or deleted the responses: that
 * statement's lock on `responses` orders it after any rebuild, so the site's dimensions and slots read here are current.
 */
export async function countChanges(tx: Queryable, changes: readonly Change[]): Promise<void> {
  if (!changes.length) return;
  await insertCounts(tx, 'rollup_deltas', (await countsOf(tx, changes)).values());
}
