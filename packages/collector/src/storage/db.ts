// The few SQL primitives a backend must offer; everything else is shared SQL in sql-storage.ts.

/** Parameterised query returning rows; `exec` runs a multi-statement script without parameters. */
export interface QueryOptions {
  /**
   * Aborted when nobody waits for the answer any more (the client went away): PostgreSQL cancels the running
   * statement; PGlite, which cannot be interrupted, refuses to start it (long work runs in slices there).
   */
  signal?: AbortSignal | undefined;
  /**
   * Names a statement run on every request (constant text): PostgreSQL prepares it once per connection and skips
   * parsing and planning afterwards. PGlite ignores it.
   */
  name?: string;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  /** Runs fn inside BEGIN/COMMIT on one connection; rolls back when fn throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
