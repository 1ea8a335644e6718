// Migration 10: less database CPU per ingested batch outside the fast statement. Statistics of responses only for the
// columns plans filter, group or order by, from a 3,000-row sample of responses whoever analyzes it (autovacuum too; the roll-ups keep the default target); the delta packs
// compressed with lz4 where the server has it; and the pending-deltas view unpacks packs as compaction does.
import { KEY_COLUMNS, PENDING_VIEW, UNPACKED } from '../../rollups/sql.js';

/** The pack columns TOAST compresses: a pack of a batch of 50 is ~6 kB of arrays, past the 2 kB threshold. */
const PACK_ARRAYS = ['dimension', 'question', 'day', 'value', 'facet', 'survey_version', 'completed', 'n'];

export default `
-- No query filters, groups or sorts responses by id (its unique index gives the planner its distinct count), seq or
-- updated_at, and sorting their sampled values (all distinct) was a fifth of every ANALYZE of the table. The other
-- columns at 10 (300 × 10 sampled rows): storage/analyze.ts's reasoning, now also for autovacuum's ANALYZE, which
-- sampled 30,000 rows. SET STATISTICS changes the catalog only, under a lock that lets reads and writes go on.
ALTER TABLE responses
  ALTER COLUMN id SET STATISTICS 0, ALTER COLUMN seq SET STATISTICS 0, ALTER COLUMN updated_at SET STATISTICS 0,
  ALTER COLUMN site_key SET STATISTICS 10, ALTER COLUMN survey_id SET STATISTICS 10, ALTER COLUMN survey_version SET STATISTICS 10,
  ALTER COLUMN completed SET STATISTICS 10, ALTER COLUMN anon_id SET STATISTICS 10, ALTER COLUMN created_at SET STATISTICS 10,
  ALTER COLUMN received_at SET STATISTICS 10;

-- Every pack is compressed on insert and decompressed by compaction: lz4 does it for half pglz's CPU. PGlite is built
-- without lz4 and keeps pglz. Packs stored before stay as they are (each column says how it was compressed).
DO $$
BEGIN
  ALTER TABLE rollup_delta_packs ${PACK_ARRAYS.map((c) => `ALTER COLUMN ${c} SET COMPRESSION lz4`).join(', ')};
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;

CREATE OR REPLACE VIEW ${PENDING_VIEW} AS
  SELECT ${KEY_COLUMNS}, n FROM rollup_deltas UNION ALL SELECT ${KEY_COLUMNS}, n FROM ${UNPACKED('rollup_delta_packs')};
`;
