// Types for scripts/postgres.mjs.
export interface TestPostgres {
  url: string;
  /** The cluster's data directory. */
  dataDir: string;
  stop(): Promise<void>;
}
export const PG_BIN: string;
export const PG_MAJOR: string;
export function hasPostgres(): boolean;
/** `encoding`: server encoding (UTF8 by default); `durable`: keep fsync and friends on (the bench), else off (tests). */
export function startPostgres(options?: { encoding?: string; durable?: boolean }): Promise<TestPostgres>;
