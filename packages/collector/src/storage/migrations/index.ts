// The ordered list of schema migrations; both backends run exactly these SQL texts.
import initial from './001-initial.js';
import sessionsRetention from './002-sessions-retention.js';
import deliveries from './003-deliveries.js';
import rollups from './004-rollups.js';
import rollupTotals from './005-rollup-totals.js';

export interface Migration {
  version: number;
  sql: string;
}

/** Append only: a released migration is never edited, a change is a new version. */
export const migrations: Migration[] = [
  { version: 1, sql: initial },
  { version: 2, sql: sessionsRetention },
  { version: 3, sql: deliveries },
  { version: 4, sql: rollups },
  { version: 5, sql: rollupTotals },
];
