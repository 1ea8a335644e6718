// Embedded PGlite backend: one in-process PostgreSQL, in memory or persisted to a data directory.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.js';
import type { Db, Queryable, QueryOptions } from './db.js';
import { initDataDirApart, PGLITE_CONF, useBaselineWasmCompiler } from './pglite-memory.js';
import { createSqlStorage } from './sql-storage.js';
import type { Storage } from './types.js';

interface PGliteLike {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

/**
 * PGlite runs each statement synchronously on this thread and settles its promise as a microtask, so a loop of queries
 * (an export's pages, a sliced scan) would never let the event loop read a request: /healthz and ingestion would wait
 * for the whole loop. Each query therefore resolves after a turn of the event loop, which lets waiting requests in and
 * queue their statements on PGlite's lock before the loop's next one.
 */
const turn = () => new Promise<void>((ok) => setImmediate(ok));

const wrap = (c: PGliteLike): Queryable => ({
  query: async <T>(sql: string, params?: unknown[], options?: QueryOptions) => {
    options?.signal?.throwIfAborted();
    const rows = (await c.query<T>(sql, params)).rows;
    await turn();
    return rows;
  },
  exec: async (sql: string) => {
    await c.exec(sql);
    await turn();
  },
});

/**
 * `dataDir` undefined keeps everything in memory (tests); otherwise the directory is created and
 * locked for this process (DataDirBusyError when another live process owns it: two writers on one
 * directory lose each other's writes).
 */
export async function openPGliteStorage(dataDir?: string): Promise<Storage> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lock = dataDir ? lockDataDir(dataDir) : null;
  let pg: PGlite;
  try {
    if (dataDir) initDataDirApart(dataDir);
    useBaselineWasmCompiler();
    pg = await PGlite.create({ ...(dataDir && { dataDir }), postgresqlconf: PGLITE_CONF });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db: Db = {
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: async () => {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
  return createSqlStorage(db);
}
