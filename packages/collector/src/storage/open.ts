// Chooses the storage backend from configuration: DATABASE_URL means PostgreSQL, otherwise PGlite.
import { openPGliteStorage } from './pglite.js';
import { openPostgresStorage } from './postgres.js';
import type { Storage } from './types.js';

export interface OpenStorageOptions {
  /** postgres:// or postgresql:// URL; when absent, PGlite under dataDir. */
  databaseUrl?: string | undefined;
  /** PGlite directory (default ./.tellus-data); ':memory:' keeps it in memory. */
  dataDir?: string | undefined;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

export function storageOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenStorageOptions {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.TELLUS_DATA_DIR || undefined };
}

export async function openStorage(options: OpenStorageOptions = storageOptionsFromEnv()): Promise<Storage> {
  const url = options.databaseUrl;
  let storage: Storage;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    storage = await openPostgresStorage(url);
  } else {
    const dir = options.dataDir ?? './.tellus-data';
    storage = await openPGliteStorage(dir === ':memory:' ? undefined : dir);
  }
  if (options.migrate !== false) {
    try {
      await storage.migrate();
    } catch (err) {
      await storage.close().catch(() => {});
      throw err;
    }
  }
  return storage;
}
