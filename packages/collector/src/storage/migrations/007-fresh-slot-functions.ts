// Migration 7: the fast path's rare steps as functions (storage/fresh-batch.ts), so the statement every batch runs
// carries no plan for them: claiming slots for values no slot holds yet, and folding a pack's values past their day's
// cap. PostgreSQL initialises every node of a plan at each execution, used or not; these were half of FRESH_SQL's.
import { OTHER_VALUE, VALUES_PER_DAY } from '../../rollups/sql.js';

export default `
-- Claims a slot for each request of $1 (FRESH_SQL's slot requests) not in $2 (those that held one) while its survey,
-- day and dimension have room (lowest md5 first), as rollups/write.ts does; returns the requests left without one. Runs
-- in a snapshot of its own: a slot committed since the caller looked is found held here, not counted as taken and
-- denied. One another process is inserting is taken over by the DO UPDATE (which waits for it).
CREATE FUNCTION tellus_claim_slots(requests jsonb, held int[]) RETURNS int[] LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  denied int[];
BEGIN
  WITH r AS (
    SELECT x.i, x.survey_id, x.day, x.dimension, x.h FROM (
      SELECT y.i, y.survey_id, y.day, y.dimension, md5(y.value) AS h FROM jsonb_to_recordset(requests) AS y(i int, survey_id text, day date, dimension text, value text)
    ) AS x
    WHERE NOT x.i = ANY(held)
      AND NOT EXISTS (SELECT 1 FROM rollup_slots s WHERE s.survey_id = x.survey_id AND s.day = x.day AND s.dimension = x.dimension AND s.value_md5 = x.h)
  ),
  claimed AS (
    INSERT INTO rollup_slots (survey_id, day, dimension, value_md5)
    SELECT survey_id, day, dimension, h FROM (
      SELECT r.*, row_number() OVER (PARTITION BY r.survey_id, r.day, r.dimension ORDER BY r.h) AS rank,
        (SELECT count(*) FROM rollup_slots s WHERE s.survey_id = r.survey_id AND s.day = r.day AND s.dimension = r.dimension) AS taken
      FROM r
    ) AS x
    WHERE rank + taken <= ${VALUES_PER_DAY}
    ORDER BY survey_id, day, dimension, h
    ON CONFLICT (survey_id, day, dimension, value_md5) DO UPDATE SET value_md5 = excluded.value_md5
    RETURNING survey_id, day, dimension, value_md5 AS h
  )
  SELECT coalesce(array_agg(r.i), '{}') INTO denied FROM r
  WHERE NOT EXISTS (SELECT 1 FROM claimed c WHERE c.survey_id = r.survey_id AND c.day = r.day AND c.dimension = r.dimension AND c.h = r.h);
  RETURN denied;
END $$;

-- The packs of $1 (FRESH_SQL's) with the values of denied requests ($2) folded into the other bucket, and attribute
-- names (a negative slot) dropped, as rows of rollup_delta_packs.
CREATE FUNCTION tellus_fold_packs(packs jsonb, denied int[]) RETURNS SETOF rollup_delta_packs LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  RETURN QUERY
  SELECT p.survey_id, array_agg(u.dimension), array_agg(u.question), array_agg(u.day),
    array_agg(CASE WHEN u.slot <> 0 AND abs(u.slot) = ANY(denied) THEN '${OTHER_VALUE}' ELSE u.value END), array_agg(u.facet),
    array_agg(u.survey_version), array_agg(u.completed), array_agg(u.n)
  FROM jsonb_to_recordset(packs) AS p(survey_id text, dimension text[], question text[], day date[], value text[], facet jsonb,
      survey_version int[], completed bool[], n int[], slot int[])
    CROSS JOIN LATERAL unnest(p.dimension, p.question, p.day, p.value, ARRAY(SELECT jsonb_array_elements(p.facet)), p.survey_version, p.completed,
      p.n, p.slot) AS u(dimension, question, day, value, facet, survey_version, completed, n, slot)
  WHERE NOT (u.slot < 0 AND -u.slot = ANY(denied))
  GROUP BY p.survey_id;
END $$;
`;
