// Where results read roll-up counts: per day (rollups and deltas), or over the whole history (migration 005's totals).
import { PENDING_VIEW } from '../rollups/sql.js';

/** The key of a total: a roll-up key without its day. */
export const TOTAL_KEY = 'survey_id, dimension, question, value, facet, survey_version, completed';

/**
 * The totals and the roll-up deltas not yet compacted (summed over their days): read counts through this, in one
 * statement, so a compaction moving deltas into the totals is seen either before or after, never half.
 */
export const TOTAL_COUNTS = `(SELECT ${TOTAL_KEY}, n FROM rollup_totals UNION ALL SELECT ${TOTAL_KEY}, n FROM ${PENDING_VIEW})`;

/** The daily roll-ups and the deltas not yet compacted, read together in one statement for the same reason. */
export const DAY_COUNTS = `(SELECT ${TOTAL_KEY}, day, n FROM rollups UNION ALL SELECT ${TOTAL_KEY}, day, n FROM ${PENDING_VIEW})`;
