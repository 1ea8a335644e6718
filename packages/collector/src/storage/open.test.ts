// openStorage: backend chosen from configuration, migrations applied, PGlite data persisted across restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage, storageOptionsFromEnv } from './open.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('openStorage', () => {
  it('keeps PGlite data in its directory across a restart and migrates only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tellus-open-'));
    dirs.push(dir);
    const first = await openStorage({ dataDir: join(dir, 'data') });
    await first.upsertSite({ key: 'kept', origins: ['https://a.example'] });
    await first.close();
    const second = await openStorage({ dataDir: join(dir, 'data') });
    try {
      expect(await second.getSite('kept')).toMatchObject({ origins: ['https://a.example'] });
    } finally {
      await second.close();
    }
  }, 60_000);

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
