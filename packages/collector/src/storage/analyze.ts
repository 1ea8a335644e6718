// Refreshes the planner's statistics after bulk changes: PGlite has no autovacuum, and PostgreSQL's may lag a bulk load.
import type { Db } from './db.js';

/**
 * ANALYZE once this many rows changed, or a tenth of the table, whichever is more. A run samples up to 30,000 rows
 * whatever the table's size (~0.1 s of the database's CPU), so every 10,000 rows it cost a quarter of ingestion's.
 */
const MIN_CHANGES = 50_000;

/**
 * ANALYZE samples 300 × this many responses: 3,000 instead of the default 30,000, whatever the table's size. PGlite
 * runs it on the thread that answers requests (0.2 s at the default, 25 ms at this); the planner needs no finer picture
 * of the responses than a survey's share and created_at's spread (which decide an export page's index scan).
 */
const RESPONSES_STATISTICS_TARGET = 10;

export interface Analyzer {
  /** Rows inserted, replaced or deleted; may start an ANALYZE in the background. */
  changed(rows: number): void;
  /**
   * Analyzes responses in the background if they have never been (rows loaded by SQL, a restored dump, a first run
   * before MIN_CHANGES): without statistics the planner takes a survey for a few hundred rows and reads every response
   * after the cursor on each export page (0.1–0.7 s per page at 100,000, on PGlite with requests waiting).
   */
  analyzeIfMissing(): void;
  /** Resolves when no ANALYZE is running (before closing the database). */
  idle(): Promise<void>;
}

/** Statistics of responses.survey_id exist (pg_stats shows only what the user may read: the app's own table). */
const HAS_STATISTICS_SQL = `SELECT EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'responses' AND attname = 'survey_id')
  OR NOT EXISTS (SELECT 1 FROM responses) AS known`;

export function createAnalyzer(db: Db, onError: (err: unknown) => void = () => {}): Analyzer {
  let pending = 0;
  let tableRows = 0;
  let running: Promise<void> | null = null;
  const analyzeResponses = () =>
    db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL default_statistics_target = ${RESPONSES_STATISTICS_TARGET}`);
      await tx.exec('ANALYZE responses');
    });
  const run = (work: () => Promise<void>) => {
    running = work()
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };
  return {
    changed(rows) {
      pending += rows;
      if (running || pending < Math.max(MIN_CHANGES, tableRows / 10)) return;
      pending = 0;
      run(async () => {
        await analyzeResponses();
        // Roll-ups are rewritten by every compaction: VACUUM also gives their dead rows back (PGlite has no autovacuum).
        await db.exec('VACUUM (ANALYZE, SKIP_LOCKED) rollups');
        const r = await db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'responses'`);
        tableRows = Math.max(0, r[0]?.n ?? 0);
      });
    },
    analyzeIfMissing() {
      if (running) return;
      run(async () => {
        const known = (await db.query<{ known: boolean }>(HAS_STATISTICS_SQL))[0]?.known ?? true;
        if (!known) await analyzeResponses();
      });
    },
    idle: async () => {
      await running;
    },
  };
}
