// Migration 8 on a database at version 7, on PGlite and PostgreSQL: the receipt-time btree becomes a BRIN index, and
// retention still removes exactly the responses created or received before its cut, taking them out of the roll-ups.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../../../scripts/postgres.mjs';
import { verifyRollups } from '../../rollups/maintain.js';
import { countsOf, insertCounts } from '../../rollups/write.js';
import { openPGliteStorage } from '../pglite.js';
import type { Storage } from '../types.js';
import { freshPostgresDatabase, migrateTo } from './test-helpers.js';

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

/** A PostgreSQL database of its own on the shared cluster, for a test that migrates from scratch. */
const freshDatabase = () => freshPostgresDatabase(pg!.url);

const indexesOf = async (s: Storage) =>
  (
    await s.db.query<{ name: string; method: string }>(
      `SELECT c.relname AS name, a.amname AS method FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
       WHERE i.indrelid = 'responses'::regclass ORDER BY 1`,
    )
  ).map((r) => `${r.name} ${r.method}`);

describe.each([
  ['PGlite', () => openPGliteStorage()],
  ['PostgreSQL', freshDatabase],
])('migration 008 on %s', (_name, open: () => Promise<Storage>) => {
  it('indexes receipt time with BRIN, and retention still removes what was created or received before its cut', async () => {
    const s = await open();
    try {
      await migrateTo(s, 7);
      await s.db.query(`INSERT INTO sites (key, origins) VALUES ('old', '[]')`);
      // 30 responses received a day apart from March 1st: the first ten with a client clock a year ahead (rows from before
      // ingestion clamped it), the last ten created long before they were received (a queue that was offline).
      const day = (d: number, year = 2026) => new Date(Date.UTC(year, 2, d, 12)).toISOString();
      const rows = Array.from({ length: 30 }, (_, i) => {
        const received = day(1 + i);
        const created = i < 10 ? day(1 + i, 2027) : i >= 20 ? day(1 + i - 20) : received;
        return { id: randomUUID(), surveyId: 'kept', completed: true, answers: { nps: i % 11 }, meta: { location: 'riga' }, created, received };
      });
      await s.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at, received_at)
           SELECT x.id, 'old', x."surveyId", 1, 0, x.completed, x.answers, x.meta, NULL, x.created, x.created, x.received
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "surveyId" text, completed bool, answers jsonb, meta jsonb, created timestamptz, received timestamptz)`,
          [JSON.stringify(rows)],
        );
        const changes = rows.map((r) => ({ ...r, siteKey: 'old', surveyVersion: 1, createdAt: r.created, w: 1 }));
        await insertCounts(tx, 'rollup_deltas', (await countsOf(tx, changes)).values());
      });
      expect(await indexesOf(s)).toContain('responses_survey_received btree');

      await s.migrate();
      const indexes = await indexesOf(s);
      expect(indexes).toContain('responses_received_brin brin');
      expect(indexes).not.toContain('responses_survey_received btree');
      // The cut at March 16th: the first ten by receipt alone, the next five by both, the last ten by creation alone.
      const removed = await s.deleteOlderThan('kept', new Date(Date.UTC(2026, 2, 16)));
      const left = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM responses WHERE survey_id = 'kept'`);
      expect([removed, left[0]?.n]).toEqual([25, 5]);
      expect((await verifyRollups(s.db, { surveyId: 'kept' })).differences).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
