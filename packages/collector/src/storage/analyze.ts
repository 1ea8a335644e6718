// Refreshes the planner's statistics after bulk changes where no autovacuum does (PGlite), and at start where none exist.
import type { Db } from './db.js';

/**
 * ANALYZE once this many rows changed, or a tenth of the table, whichever is more. A run samples up to 30,000 rows
 * whatever the table's size (~0.1 s of the database's CPU), so every 10,000 rows it cost a quarter of ingestion's.
 */
const MIN_CHANGES = 50_000;

/**
 * ANALYZE samples 300 × this many rows: 3,000 instead of the default 30,000, whatever the table's size. PGlite runs it
 * on the thread that answers requests (0.2 s for responses at the default, 25 ms at this); the planner needs no finer
 * picture than a survey's share of the rows and created_at's or a day's spread (which decide an export page's index
 * scan, and hashing rather than sorting a slice of roll-ups).
 */
const STATISTICS_TARGET = 10;

/** The tables whose statistics the requests' plans depend on, analyzed at start when they have none. */
const PLANNED_TABLES = ['responses', 'rollups', 'rollup_totals'] as const;

export interface Analyzer {
  /** Rows inserted, replaced or deleted; may start an ANALYZE in the background. */
  changed(rows: number): void;
  /**
   * Analyzes, in the background and one table at a time, the tables of PLANNED_TABLES that hold rows but have no
   * statistics (rows loaded by SQL, a restored dump, a first run before MIN_CHANGES): without them the planner takes a
   * survey for a few hundred responses and reads every response after the cursor on each export page (0.1–0.7 s a page
   * at 100,000, on PGlite with requests waiting), and sorts roll-ups by their jsonb facets instead of hashing them.
   */
  analyzeIfMissing(): void;
  /** Resolves when no ANALYZE is running (before closing the database). */
  idle(): Promise<void>;
}

/** Whether `table` has statistics or no rows (pg_stats shows only what the user may read: the app's own tables). */
const hasStatisticsSql = (table: (typeof PLANNED_TABLES)[number]) =>
  `SELECT EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema() AND tablename = '${table}') OR NOT EXISTS (SELECT 1 FROM ${table}) AS known`;

/**
 * Whether autovacuum keeps the statistics of responses and rollups (and vacuums rollups): on in the server and not
 * turned off for either table. It then analyzes responses every 10% of changes from migration 10's 3,000-row sample,
 * as often as our runs and as cheaply, so ours only doubled the work (5% of the database's CPU during ingestion).
 */
const AUTOVACUUM_ON_SQL = `SELECT current_setting('autovacuum') = 'on' AND current_setting('track_counts') = 'on' AND NOT EXISTS (
  SELECT 1 FROM pg_class c, pg_options_to_table(c.reloptions) o
  WHERE c.oid IN ('responses'::regclass, 'rollups'::regclass) AND o.option_name = 'autovacuum_enabled' AND NOT o.option_value::boolean) AS on`;

export interface AnalyzerOptions {
  /** The engine runs autovacuum when its settings say so (PostgreSQL); PGlite reports the setting on but runs none. */
  autovacuum?: boolean;
  onError?: (err: unknown) => void;
}

export function createAnalyzer(db: Db, options: AnalyzerOptions = {}): Analyzer {
  const onError = options.onError ?? (() => {});
  /** Asked at every run due (one cheap query per 50,000 changes): a DBA may turn autovacuum off for a table meanwhile. */
  const autovacuumOn = async () => options.autovacuum === true && (await db.query<{ on: boolean }>(AUTOVACUUM_ON_SQL))[0]?.on === true;
  let pending = 0;
  let tableRows = 0;
  let running: Promise<void> | null = null;
  const analyze = (table: (typeof PLANNED_TABLES)[number]) =>
    db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL default_statistics_target = ${STATISTICS_TARGET}`);
      await tx.exec(`ANALYZE ${table}`);
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
        if (await autovacuumOn()) return;
        await analyze('responses');
        // Roll-ups are rewritten by every compaction: VACUUM gives their dead rows back (PGlite has no autovacuum). Apart
        // from the ANALYZE and its smaller sample, since PGlite holds its thread for each statement: 0.4 s → 0.12 s + 35 ms
        // at 1,000,000 responses.
        await db.exec('VACUUM (SKIP_LOCKED) rollups');
        await analyze('rollups');
        const r = await db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'responses'`);
        tableRows = Math.max(0, r[0]?.n ?? 0);
      });
    },
    analyzeIfMissing() {
      if (running) return;
      run(async () => {
        for (const table of PLANNED_TABLES) if (!(await db.query<{ known: boolean }>(hasStatisticsSql(table)))[0]?.known) await analyze(table);
      });
    },
    idle: async () => {
      await running;
    },
  };
}
