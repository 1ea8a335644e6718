// The ordered list of schema migrations; both backends run exactly these SQL texts (and steps).
import initial from './001-initial.js';
import sessionsRetention from './002-sessions-retention.js';
import deliveries from './003-deliveries.js';
import rollups, { backfill as backfillRollups } from './004-rollups.js';
import rollupTotals from './005-rollup-totals.js';
import rollupDeltaPacks from './006-rollup-delta-packs.js';
import freshSlotFunctions from './007-fresh-slot-functions.js';
import responsesReceivedBrin from './008-responses-received-brin.js';
import rollupRebuilds from './009-rollup-rebuilds.js';
import cheaperStatisticsAndPacks from './010-cheaper-statistics-and-packs.js';
import type { Queryable } from '../db.js';

export interface Migration {
  version: number;
  sql: string;
  /** Runs after `sql` in the same transaction, for what SQL alone does not compute (roll-ups are counted in JavaScript). */
  after?: (tx: Queryable) => Promise<void>;
}

/** Append only: a released migration is never edited, a change is a new version. */
export const migrations: Migration[] = [
  { version: 1, sql: initial },
  { version: 2, sql: sessionsRetention },
  { version: 3, sql: deliveries },
  { version: 4, sql: rollups, after: backfillRollups },
  { version: 5, sql: rollupTotals },
  { version: 6, sql: rollupDeltaPacks },
  { version: 7, sql: freshSlotFunctions },
  { version: 8, sql: responsesReceivedBrin },
  { version: 9, sql: rollupRebuilds },
  { version: 10, sql: cheaperStatisticsAndPacks },
];
