// Folds the triggers' delta rows into the roll-ups, one process at a time, in the background after writes.
import type { Db } from '../storage/db.js';
import { COMPACT_SQL, DROP_EMPTY_SQL } from './sql.js';

/** Arbitrary constant key: concurrent collectors on one PostgreSQL compact one at a time (the others skip). */
const COMPACT_LOCK = 7_265_004;

/** Moves the visible deltas into `rollups` and drops the counts that reached zero; false when another process was at it. */
export async function compactRollups(db: Db): Promise<boolean> {
  const done = await db.transaction(async (tx) => {
    const locked = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [COMPACT_LOCK]);
    if (!locked[0]?.ok) return false;
    // The planner guesses 10 counts per pack (it cannot see array lengths) and so sorts thousands of counts by all
    // eight key columns (jsonb among them) to sum them: hashing them (COMPACT_SQL's materialized `summed`) is several
    // times cheaper. A plan with sorts priced out passes jit_above_cost, and compiling it takes longer than running it.
    await tx.exec('SET LOCAL enable_sort = off; SET LOCAL jit = off');
    const empty = await tx.query(COMPACT_SQL);
    if (empty.length) await tx.query(DROP_EMPTY_SQL, [JSON.stringify(empty)]);
    return true;
  });
  // The moved deltas are dead rows that every read of rollup_counts and the next compaction would scan: PGlite has no
  // autovacuum (the table grew with every response ever ingested) and PostgreSQL's comes late after a burst.
  if (done) await db.exec('VACUUM (SKIP_LOCKED) rollup_deltas, rollup_delta_packs');
  return done;
}

export interface Compactor {
  /** Responses were written or deleted; compacts in the background once enough piled up or enough time passed. */
  changed(rows: number): void;
  /** Compacts now and waits (before closing, and for tests and verify). */
  flush(): Promise<void>;
}

/** Compacts after `everyRows` changed responses or `everyMs` since the last run, never two runs at once. */
export function createCompactor(db: Db, options: { everyRows?: number; everyMs?: number; onError?: (err: unknown) => void } = {}): Compactor {
  // Each run upserts every count the pending deltas touch (and their totals), a cost that grows with the distinct
  // counts rather than the responses: fewer, larger runs. A batch's deltas are one packed row, so readers unpack few.
  const everyRows = options.everyRows ?? 10_000;
  const everyMs = options.everyMs ?? 2_000;
  let pending = 0;
  let last = Date.now();
  let running: Promise<void> | null = null;
  const run = () => {
    pending = 0;
    last = Date.now();
    running = compactRollups(db)
      .then(() => undefined)
      .catch(options.onError ?? (() => {}))
      .finally(() => {
        running = null;
      });
    return running;
  };
  return {
    changed(rows) {
      pending += rows;
      if (!running && pending > 0 && (pending >= everyRows || Date.now() - last >= everyMs)) void run();
    },
    async flush() {
      await running;
      await run();
    },
  };
}
