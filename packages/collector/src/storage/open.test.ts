// openStorage: backend chosen from configuration (PGlite persistence across restarts is in test/collector/cli.test.ts).
import { describe, expect, it } from 'vitest';
import { openStorage, storageOptionsFromEnv } from './open.js';

describe('openStorage', () => {
  it('refuses a DATABASE_URL that is not PostgreSQL', async () => {
    await expect(openStorage({ databaseUrl: 'mysql://localhost/db' })).rejects.toThrow(/postgres:\/\//);
  });

  it('fails at start, not on the first request, when PostgreSQL is unreachable', async () => {
    await expect(openStorage({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow();
  });

  it('reads DATABASE_URL and TELLUS_DATA_DIR, treating empty values as unset', () => {
    expect(storageOptionsFromEnv({ DATABASE_URL: 'postgres://x/y', TELLUS_DATA_DIR: '' })).toEqual({ databaseUrl: 'postgres://x/y', dataDir: undefined });
    expect(storageOptionsFromEnv({})).toEqual({ databaseUrl: undefined, dataDir: undefined });
  });
});
