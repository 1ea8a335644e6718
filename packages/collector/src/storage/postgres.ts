// PostgreSQL backend through a pg connection pool; several collector processes may share one database.
import pg from 'pg';
import type { Db, Queryable, QueryOptions } from './db.js';
import { createSqlStorage } from './sql-storage.js';
import type { Storage } from './types.js';

export interface PostgresOptions {
  /** Pool size per process (default 10). */
  max?: number;
}

export async function openPostgresStorage(url: string, options: PostgresOptions = {}): Promise<Storage> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Dates as text are read as YYYY-MM-DD (days are keys, sorted and compared as text): a server or database set to
  // another DateStyle (`SQL, DMY` gives 16/01/2026) would break their order. Sent first on each new connection.
  pool.on('connect', (client) => void client.query("SET DateStyle TO 'ISO, YMD'").catch(() => {}));
  /** Runs on a client of its own, so an abort can name the backend to cancel (error 57014 ends the query). */
  async function cancellable<T>(sql: string, params: unknown[] | undefined, signal: AbortSignal): Promise<T[]> {
    signal.throwIfAborted();
    const client = await pool.connect();
    const cancel = () => void pool.query('SELECT pg_cancel_backend($1)', [(client as unknown as { processID: number }).processID]).catch(() => {});
    signal.addEventListener('abort', cancel, { once: true });
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      signal.removeEventListener('abort', cancel);
      client.release();
    }
  }
  /**
   * Like pool.query, except that a statement the server refused (an ERROR: the connection is fine) gives its client
   * back for reuse. pool.query drops the connection on any error, and its replacement prepares every named statement
   * again (the fast path's TL001 made that one connection per refused batch).
   */
  async function pooled(run: (client: pg.PoolClient) => Promise<pg.QueryResult>): Promise<pg.QueryResult> {
    const client = await pool.connect();
    // The connection failing while checked out must not crash the process: its query fails, and it is dropped.
    let broken: Error | undefined;
    const lost = (err: Error) => {
      broken = err;
    };
    client.once('error', lost);
    try {
      const result = await run(client);
      client.removeListener('error', lost);
      client.release(broken);
      return result;
    } catch (err) {
      client.removeListener('error', lost);
      client.release(broken ?? (err instanceof pg.DatabaseError && err.severity === 'ERROR' ? undefined : (err as Error)));
      throw err;
    }
  }
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <T>(sql: string, params?: unknown[], options?: QueryOptions) => {
      if (options?.signal && c === pool) return cancellable<T>(sql, params, options.signal);
      const run = (q: pg.Pool | pg.PoolClient) => (options?.name ? q.query({ name: options.name, text: sql, values: params ?? [] }) : q.query(sql, params));
      const result = c === pool ? await pooled(run) : await run(c);
      return result.rows as T[];
    },
    exec: async (sql: string) => {
      await c.query(sql);
    },
  });
  const db: Db = {
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  // Fail at start, not on the first request, when the database is unreachable.
  try {
    await db.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  // Two fast-path statements at once keep the server's cores busy while batches queue behind them; more split the
  // batches into smaller statements that cost more each (scripts/bench/ab-ingest.mjs: database CPU per batch 2.9 ms at
  // one, 3.2 at two, 4.0 at four, 4.4 ungrouped), and one leaves the server idle between statements.
  return createSqlStorage(db, { freshStatements: 2, autovacuum: true });
}
