// The whole-history totals (migration 005) stay the sum of the daily roll-ups on PGlite and PostgreSQL: through
// ingestion, replacement, erasure, a dimension declared later (a rebuild) and compaction; results without a date
// range read them and match reading every response.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey, SurveyResponse } from '@tellus/schema';
import { startPostgres, type TestPostgres } from '../../../../scripts/postgres.mjs';
import { compactRollups } from '../rollups/compact.js';
import { openPGliteStorage } from '../storage/pglite.js';
import { openPostgresStorage } from '../storage/postgres.js';
import type { Storage, StoredResponse } from '../storage/types.js';
import { computeResults } from './compute.js';
import { resultsFromStorage } from './from-storage.js';
import { TOTAL_KEY } from './rollup-totals.js';

const survey = (id: string): Survey => ({
  id,
  version: 1,
  questions: [
    { id: 'nps', type: 'nps', text: 'Recommend us?' },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
});

let clock = Date.UTC(2026, 0, 1);
const response = (surveyId: string, i: number, over: Partial<SurveyResponse> = {}): SurveyResponse => {
  // Three responses a day, so the totals sum over many days.
  const at = new Date((clock += 8 * 3_600_000)).toISOString();
  return {
    id: randomUUID(),
    surveyId,
    surveyVersion: 1,
    seq: 1,
    completed: i % 3 !== 0,
    answers: { nps: i % 11, why: ['good', ' ', 'slow'][i % 3]! },
    meta: { location: `branch-${i % 4}`, shelf: `s${i % 2}` },
    anonId: `anon_${i % 5}`,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
};

/** Totals as stored, and as the daily roll-ups and deltas sum them: both as sorted "key → n" lines. */
async function totalsAndDailySums(s: Storage, surveyId: string) {
  const lines = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();
  const stored = await s.db.query(`SELECT ${TOTAL_KEY}, n FROM rollup_totals WHERE survey_id = $1`, [surveyId]);
  const summed = await s.db.query(
    `SELECT ${TOTAL_KEY}, sum(n)::int AS n FROM (SELECT ${TOTAL_KEY}, n FROM rollups UNION ALL SELECT ${TOTAL_KEY}, n FROM rollup_pending) AS c
     WHERE survey_id = $1 GROUP BY ${TOTAL_KEY} HAVING sum(n) <> 0`,
    [surveyId],
  );
  return { stored: lines(stored), summed: lines(summed) };
}

async function compactAll(s: Storage) {
  for (let i = 0; i < 200 && !(await compactRollups(s.db)); i++) await new Promise((ok) => setTimeout(ok, 25));
}

async function all(s: Storage, surveyId: string) {
  const out: StoredResponse[] = [];
  for await (const r of s.iterateResponses({ surveyId })) out.push(r);
  return out;
}

function totalsSuite(name: string, open: () => Promise<Storage>) {
  describe(`roll-up totals on ${name}`, () => {
    let s: Storage;
    beforeAll(async () => {
      s = await open();
      await s.migrate();
    });
    afterAll(async () => {
      await s?.close();
    });

    it('equal the daily roll-ups summed over the days through ingestion, replacement, erasure, a rebuild and compaction', async () => {
      const site = `totals-${randomUUID().slice(0, 8)}`;
      const def = survey(`${site}-survey`);
      await s.upsertSite({ key: site, origins: [] });
      await s.putSurvey(site, def);
      const first = Array.from({ length: 60 }, (_, i) => response(def.id, i));
      await s.ingest(site, first);
      await compactAll(s);
      let now = await totalsAndDailySums(s, def.id);
      expect(now.stored.length).toBeGreaterThan(0);
      expect(now.stored).toEqual(now.summed);

      // Replacements move counts between answers; erasure takes them back; both compacted, then a rebuild.
      await s.ingest(
        site,
        first.slice(0, 20).map((r, i) => ({ ...r, seq: 2, answers: { nps: 10 - (i % 3) }, completed: true })),
      );
      await s.deleteRespondent('anon_1');
      await compactAll(s);
      now = await totalsAndDailySums(s, def.id);
      expect(now.stored).toEqual(now.summed);
      await s.upsertSite({ key: site, origins: [], dimensions: ['shelf'] });
      await s.rollupsRecounted();
      await compactAll(s);
      now = await totalsAndDailySums(s, def.id);
      expect(now.stored.some((line) => line.includes('"dimension":"shelf"'))).toBe(true);
      expect(now.stored.some((line) => line.includes('"dimension":"location"'))).toBe(false);
      expect(now.stored).toEqual(now.summed);
      const zeros = await s.db.query('SELECT 1 FROM rollup_totals WHERE survey_id = $1 AND n = 0', [def.id]);
      expect(zeros).toEqual([]);

      // Deltas not yet compacted count too: results without a range read totals and deltas, and match the rows.
      await s.ingest(
        site,
        Array.from({ length: 7 }, (_, i) => response(def.id, i + 100)),
      );
      for (const groupBy of [undefined, 'shelf']) {
        const options = { interval: 'day' as const, ...(groupBy && { groupBy }) };
        const { counted, ...fromTotals } = await resultsFromStorage(s, def, options);
        expect(counted).toMatchObject({ by: 'rollups', groupsBy: groupBy ? 'rollups' : null });
        expect(fromTotals).toEqual(await computeResults(def, await all(s, def.id), options));
      }
    });

    it('erasing every respondent leaves no total behind', async () => {
      const site = `gone-${randomUUID().slice(0, 8)}`;
      const def = survey(`${site}-survey`);
      await s.upsertSite({ key: site, origins: [] });
      await s.putSurvey(site, def);
      await s.ingest(
        site,
        Array.from({ length: 25 }, (_, i) => response(def.id, i)),
      );
      await compactAll(s);
      for (let a = 0; a < 5; a++) await s.deleteRespondent(`anon_${a}`);
      await compactAll(s);
      expect(await s.db.query('SELECT 1 FROM rollup_totals WHERE survey_id = $1', [def.id])).toEqual([]);
    });
  });
}

totalsSuite('PGlite', () => openPGliteStorage());

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});
totalsSuite('PostgreSQL', () => openPostgresStorage(pg!.url));
