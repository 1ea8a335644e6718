// The analyzer on PostgreSQL leaves responses' and rollups' upkeep to autovacuum where it is on, and does it itself where
// it is off for those tables, as on PGlite (which runs no autovacuum although its setting says on).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../../scripts/postgres.mjs';
import { createAnalyzer } from './analyze.js';
import type { Db, Queryable, QueryOptions } from './db.js';
import { freshPostgresDatabase } from './migrations/test-helpers.js';
import { openPGliteStorage } from './pglite.js';
import type { Storage } from './types.js';

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

/** The real database, recording the maintenance statements the analyzer sends through it. */
function recording(db: Db): { db: Db; sent: string[] } {
  const sent: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    query: <T>(sql: string, params?: unknown[], options?: QueryOptions) => {
      if (/^(ANALYZE|VACUUM)/.test(sql)) sent.push(sql);
      return q.query<T>(sql, params, options);
    },
    exec: (sql: string) => {
      if (/^(ANALYZE|VACUUM)/.test(sql)) sent.push(sql);
      return q.exec(sql);
    },
  });
  return { sent, db: { ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))), close: () => db.close() } };
}

/** The statements the analyzer sends once 60,000 rows changed, on a migrated store. */
async function analyzedAfterBulk(s: Storage, autovacuum: boolean): Promise<string[]> {
  const { db, sent } = recording(s.db);
  const analyzer = createAnalyzer(db, { autovacuum });
  analyzer.changed(60_000);
  await analyzer.idle();
  return sent;
}

describe('the analyzer after a bulk of changes', () => {
  it('leaves statistics to autovacuum on PostgreSQL', async () => {
    const s = await freshPostgresDatabase(pg!.url);
    try {
      await s.migrate();
      expect(await analyzedAfterBulk(s, true)).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it.each(['false', 'off', '0'])('analyzes on PostgreSQL where autovacuum is off for responses (spelled %s), asking at every run', async (off) => {
    const s = await freshPostgresDatabase(pg!.url);
    try {
      await s.migrate();
      const { db, sent } = recording(s.db);
      const analyzer = createAnalyzer(db, { autovacuum: true });
      analyzer.changed(60_000);
      await analyzer.idle();
      expect(sent).toEqual([]);
      await s.db.exec(`ALTER TABLE responses SET (autovacuum_enabled = ${off})`);
      analyzer.changed(60_000);
      await analyzer.idle();
      expect(sent).toEqual(['ANALYZE responses', 'VACUUM (SKIP_LOCKED) rollups', 'ANALYZE rollups']);
    } finally {
      await s.close();
    }
  });

  it('analyzes on PGlite', async () => {
    const s = await openPGliteStorage();
    try {
      await s.migrate();
      expect(await analyzedAfterBulk(s, false)).toEqual(['ANALYZE responses', 'VACUUM (SKIP_LOCKED) rollups', 'ANALYZE rollups']);
    } finally {
      await s.close();
    }
  });
});
