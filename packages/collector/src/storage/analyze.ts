// Refreshes the planner's statistics after bulk changes: PGlite has no autovacuum, and PostgreSQL's may lag a bulk load.
import type { Db } from './db.js';

/**
 * ANALYZE once this many rows changed, or a tenth of the table, whichever is more. A run samples up to 30,000 rows
 * whatever the table's size (~0.1 s of the database's CPU), so every 10,000 rows it cost a quarter of ingestion's.
 */
const MIN_CHANGES = 50_000;

export interface Analyzer {
  /** Rows inserted, replaced or deleted; may start an ANALYZE in the background. */
  changed(rows: number): void;
  /** Resolves when no ANALYZE is running (before closing the database). */
  idle(): Promise<void>;
}

export function createAnalyzer(db: Db, onError: (err: unknown) => void = () => {}): Analyzer {
  let pending = 0;
  let tableRows = 0;
  let running: Promise<void> | null = null;
  return {
    changed(rows) {
      pending += rows;
      if (running || pending < Math.max(MIN_CHANGES, tableRows / 10)) return;
      pending = 0;
      running = (async () => {
        // Roll-ups are rewritten by every compaction: VACUUM also gives their dead rows back (PGlite has no autovacuum).
        await db.exec('ANALYZE responses');
        await db.exec('VACUUM (ANALYZE, SKIP_LOCKED) rollups');
        const r = await db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'responses'`);
        tableRows = Math.max(0, r[0]?.n ?? 0);
      })()
        .catch(onError)
        .finally(() => {
          running = null;
        });
    },
    idle: async () => {
      await running;
    },
  };
}
