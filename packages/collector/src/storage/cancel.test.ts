// A query whose signal aborts is cancelled in PostgreSQL (not run to the end), and never started on PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../../scripts/postgres.mjs';
import { openPGliteStorage } from './pglite.js';
import { openPostgresStorage } from './postgres.js';

describe('cancelling queries', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('cancels the running statement in PostgreSQL when the signal aborts', async () => {
    const s = await openPostgresStorage(pg.url);
    try {
      const gone = new AbortController();
      const started = Date.now();
      const sleeping = s.db.query(`SELECT pg_sleep(60), 'tellus-cancel-test' AS tag`, [], { signal: gone.signal });
      // Abort once the statement is running in the server.
      for (let i = 0; i < 200; i++) {
        const running = await s.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%tellus-cancel-test%' AND pid <> pg_backend_pid()`,
        );
        if (running[0]?.n) break;
        await new Promise((ok) => setTimeout(ok, 50));
      }
      gone.abort();
      await expect(sleeping).rejects.toMatchObject({ code: '57014' });
      expect(Date.now() - started).toBeLessThan(50_000);
    } finally {
      await s.close();
    }
  });

  it('refuses to start a query on PGlite once the signal has aborted', async () => {
    const s = await openPGliteStorage();
    try {
      const gone = new AbortController();
      gone.abort(new Error('gone'));
      await expect(s.db.query('SELECT 1', [], { signal: gone.signal })).rejects.toThrow(/gone/);
      expect(await s.db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await s.close();
    }
  });
});
