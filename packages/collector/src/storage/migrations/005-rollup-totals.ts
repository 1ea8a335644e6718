// Migration 5: the roll-ups summed over every day, kept by statement triggers on `rollups`, so results over a survey's
// whole history read one row per dimension value and answer instead of one per day (rows that grow with the days).
import { TOTAL_KEY } from '../../results/rollup-totals.js';

/** The signed changes of a statement on rollups, summed per total key and applied; totals that fall to zero go. */
const apply = (changes: string) => `
  INSERT INTO rollup_totals (${TOTAL_KEY}, n)
  SELECT ${TOTAL_KEY}, sum(n)::int FROM (${changes}) AS c GROUP BY ${TOTAL_KEY} HAVING sum(n) <> 0 ORDER BY ${TOTAL_KEY}
  ON CONFLICT (${TOTAL_KEY}) DO UPDATE SET n = rollup_totals.n + excluded.n;
  DELETE FROM rollup_totals AS t WHERE t.n = 0 AND t.survey_id IN (SELECT DISTINCT survey_id FROM (${changes}) AS c)`;
const newRows = `SELECT ${TOTAL_KEY}, n FROM new_rows`;
const oldRows = `SELECT ${TOTAL_KEY}, -n AS n FROM old_rows`;

export default `
CREATE TABLE rollup_totals (
  survey_id text NOT NULL,
  dimension text NOT NULL,
  question text NOT NULL,
  value text NOT NULL,
  facet jsonb NOT NULL,
  survey_version int NOT NULL,
  completed bool NOT NULL,
  n int NOT NULL,
  PRIMARY KEY (${TOTAL_KEY})
);

CREATE FUNCTION tellus_totals_insert() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  ${apply(newRows)};
  RETURN NULL;
END $$;

CREATE FUNCTION tellus_totals_update() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  ${apply(`${newRows} UNION ALL ${oldRows}`)};
  RETURN NULL;
END $$;

CREATE FUNCTION tellus_totals_delete() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  ${apply(oldRows)};
  RETURN NULL;
END $$;

CREATE TRIGGER rollups_totals_insert AFTER INSERT ON rollups REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tellus_totals_insert();
CREATE TRIGGER rollups_totals_update AFTER UPDATE ON rollups REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tellus_totals_update();
CREATE TRIGGER rollups_totals_delete AFTER DELETE ON rollups REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tellus_totals_delete();

-- Compaction's writers lock rollups before the backfill reads it, so no change is counted twice or missed.
LOCK TABLE rollups IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO rollup_totals (${TOTAL_KEY}, n)
SELECT ${TOTAL_KEY}, sum(n)::int FROM rollups GROUP BY ${TOTAL_KEY} HAVING sum(n) <> 0;
ANALYZE rollup_totals;
`;
