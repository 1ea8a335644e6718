// Migration 10 on a database at version 9, on PGlite and PostgreSQL: statistics only for the columns plans use, from a
// 3,000-row sample; packs compressed with lz4 where the server has it; and packs stored before and after are counted
// the same by the pending view and by compaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../../../scripts/postgres.mjs';
import { compactRollups } from '../../rollups/compact.js';
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

/** A pack of 300 counts (past TOAST's 2 kB, so compressed): question q0…q29, facet i, one each. */
const PACK_SQL = `INSERT INTO rollup_delta_packs
  SELECT 'kept', array_agg(''::text), array_agg('q' || (i % 30)), array_agg('2026-03-01'::date), array_agg(''::text), array_agg(to_jsonb(i)),
    array_agg(1), array_agg(true), array_agg(1)
  FROM generate_series(1, 300) AS i`;

const targets = async (s: Storage) =>
  Object.fromEntries(
    (
      await s.db.query<{ name: string; target: number }>(
        `SELECT attname AS name, coalesce(attstattarget, -1)::int AS target FROM pg_attribute WHERE attrelid = 'responses'::regclass AND attnum > 0 AND NOT attisdropped`,
      )
    ).map((r) => [r.name, r.target]),
  );

const compression = async (s: Storage) =>
  (await s.db.query<{ c: string | null }>(`SELECT string_agg(DISTINCT coalesce(pg_column_compression(facet), 'none'), ',') AS c FROM rollup_delta_packs`))[0]
    ?.c;

/** The pending counts of survey 'kept' as the results read them: key → n. */
const pending = async (s: Storage, table: 'rollup_counts' | 'rollups') =>
  (
    await s.db.query<{ question: string; facet: number; n: number }>(
      `SELECT question, facet, sum(n)::int AS n FROM ${table} WHERE survey_id = 'kept' GROUP BY question, facet ORDER BY facet::text::int`,
    )
  ).map((r) => `${r.question}/${r.facet}=${r.n}`);

const expected = Array.from({ length: 300 }, (_, k) => `q${(k + 1) % 30}/${k + 1}=2`);

describe.each([
  ['PGlite', () => openPGliteStorage(), 'pglz'],
  ['PostgreSQL', () => freshPostgresDatabase(pg!.url), 'lz4'],
])('migration 010 on %s', (_name, open: () => Promise<Storage>, packCompression) => {
  it('keeps statistics of the planned columns only, and counts packs stored before and after it alike', async () => {
    const s = await open();
    try {
      await migrateTo(s, 9);
      await s.db.exec(PACK_SQL);
      expect(await compression(s)).toBe('pglz');
      const before = await targets(s);
      expect([before.id, before.answers]).toEqual([-1, 0]);

      await s.migrate();
      const after = await targets(s);
      expect([after.id, after.seq, after.updated_at, after.answers, after.meta]).toEqual([0, 0, 0, 0, 0]);
      for (const column of ['site_key', 'survey_id', 'survey_version', 'completed', 'anon_id', 'created_at', 'received_at']) expect(after[column]).toBe(10);

      await s.db.exec(PACK_SQL);
      expect((await compression(s))?.split(',').sort()).toEqual([...new Set(['pglz', packCompression])].sort());
      expect(await pending(s, 'rollup_counts')).toEqual(expected);
      expect(await compactRollups(s.db)).toBe(true);
      expect(await pending(s, 'rollups')).toEqual(expected);
      expect((await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM rollup_delta_packs'))[0]?.n).toBe(0);

      await s.db.exec(`INSERT INTO sites (key, origins) VALUES ('old', '[]');
        INSERT INTO responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, created_at, updated_at)
        SELECT gen_random_uuid(), 'old', 'kept', 1, 0, true, '{}', '{}', now(), now() FROM generate_series(1, 50);
        ANALYZE responses`);
      const analyzed = await s.db.query<{ name: string }>(`SELECT attname AS name FROM pg_stats WHERE tablename = 'responses' ORDER BY 1`);
      expect(analyzed.map((r) => r.name)).toEqual(['anon_id', 'completed', 'created_at', 'received_at', 'site_key', 'survey_id', 'survey_version']);
    } finally {
      await s.close();
    }
  });
});
