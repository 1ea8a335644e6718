// Migration 6: cheaper ingestion on the database side. The fast path's roll-up deltas become one packed row per batch
// and survey (parallel arrays) instead of a row per count, read through one view of pending deltas of both kinds; the
// delta tables are never truncated by VACUUM; and ANALYZE skips the jsonb answers and meta.
import { COUNTS_VIEW, KEY_COLUMNS, PACK_COUNTS, PENDING_VIEW } from '../../rollups/sql.js';

export default `
-- Written by the fast path (storage/fresh-batch.ts), folded into rollups by compaction; no index, so inserts stay cheap.
CREATE TABLE rollup_delta_packs (
  survey_id text NOT NULL,
  dimension text[] NOT NULL,
  question text[] NOT NULL,
  day date[] NOT NULL,
  value text[] NOT NULL,
  facet jsonb[] NOT NULL,
  survey_version int[] NOT NULL,
  completed bool[] NOT NULL,
  n int[] NOT NULL
);
-- Compaction empties the delta tables every few seconds: a VACUUM that truncated them would wait for, then block, the
-- inserts (an ACCESS EXCLUSIVE lock) to give back pages the next batches fill again.
ALTER TABLE rollup_deltas SET (vacuum_truncate = false);
ALTER TABLE rollup_delta_packs SET (vacuum_truncate = false);
-- The planner never reads statistics of the jsonb columns (their operators estimate without them), and sorting their
-- sampled values was most of every ANALYZE of responses (ours in storage/analyze.ts and autovacuum's): 1.1 s → 0.25 s.
ALTER TABLE responses ALTER COLUMN answers SET STATISTICS 0, ALTER COLUMN meta SET STATISTICS 0;
CREATE VIEW ${PENDING_VIEW} AS
  SELECT ${KEY_COLUMNS}, n FROM rollup_deltas UNION ALL SELECT ${KEY_COLUMNS}, n FROM ${PACK_COUNTS('rollup_delta_packs')};
CREATE OR REPLACE VIEW ${COUNTS_VIEW} AS
  SELECT ${KEY_COLUMNS}, n FROM rollups UNION ALL SELECT ${KEY_COLUMNS}, n FROM ${PENDING_VIEW};
`;
