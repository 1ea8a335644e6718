// Roll-ups stay exact on PGlite and PostgreSQL: through random inserts, replacements, duplicates, erasure and
// retention (verify finds no difference and results match reading every response), per-day value caps, a
// dimension declared later, and the migration that counts responses stored before it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey, SurveyResponse } from '@tellus/schema';
import { startPostgres, type TestPostgres } from '../../../../scripts/postgres.mjs';
import { computeResults } from '../results/compute.js';
import { resultsFromStorage } from '../results/from-storage.js';
import initial from '../storage/migrations/001-initial.js';
import { openPGliteStorage } from '../storage/pglite.js';
import { openPostgresStorage } from '../storage/postgres.js';
import type { Storage, StoredResponse } from '../storage/types.js';
import { compactRollups } from './compact.js';
import { verifyRollups } from './maintain.js';
import { VALUES_PER_DAY } from './sql.js';
import { countsOf, insertCounts } from './write.js';
import { freshPostgresDatabase, migrateTo } from '../storage/migrations/test-helpers.js';

const surveyOf = (id: string): Survey => ({
  id,
  version: 1,
  questions: [
    { id: 'nps', type: 'nps', text: 'Recommend us?' },
    { id: 'csat', type: 'rating', scale: 5, text: 'Satisfied?' },
    {
      id: 'grid',
      type: 'matrix',
      scale: 5,
      text: 'Rate',
      rows: [
        { id: 'trust', text: 'Trust' },
        { id: 'empathy', text: 'Empathy' },
      ],
    },
    {
      id: 'topic',
      type: 'choice',
      multiple: true,
      other: true,
      text: 'Topic',
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
    },
    { id: 'thumb', type: 'thumbs', text: 'Helpful?' },
    { id: 'why', type: 'text', maxLength: 20, text: 'Why?' },
  ],
});

function random(seed: number) {
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

function makeResponse(rand: ReturnType<typeof random>, surveyId: string, over: Partial<SurveyResponse> = {}): SurveyResponse {
  const { next, pick } = rand;
  const maybe = <T>(v: T) => (next() < 0.8 ? v : undefined);
  const answers: Record<string, unknown> = {
    nps: maybe(pick([0, 5, 6, 7, 8, 9, 10, 11])),
    csat: maybe(pick([1, 2, 3, 4, 5, 6])),
    grid: maybe(pick([{ trust: 5, empathy: 4 }, { trust: 1 }, { trust: 0, empathy: 5 }, { empathy: 2.5 }, {}, { other: 3 }])),
    topic: maybe(
      pick([{ selected: ['a'] }, { selected: ['a', 'b'] }, { selected: [], other: 'Price' }, { selected: ['b'], other: '  ' }, { selected: ['zz'] }]),
    ),
    thumb: maybe(pick(['up', 'down', 'meh'])),
    why: maybe(pick(['', '   ', 'fine', 'x'.repeat(20), 'x'.repeat(21), '😀'.repeat(10), '😀'.repeat(10) + 'x', 'Ļoti labi'])),
  };
  for (const k of Object.keys(answers)) if (answers[k] === undefined) delete answers[k];
  const at = new Date(START + Math.floor(next() * 20) * DAY + pick([0, 1, DAY - 1, Math.floor(next() * DAY)])).toISOString();
  return {
    id: randomUUID(),
    surveyId,
    surveyVersion: 1,
    seq: 1,
    completed: next() < 0.7,
    answers: answers as SurveyResponse['answers'],
    meta: pick<SurveyResponse['meta']>([
      { location: 'riga', agent: 'anna' },
      { location: 'tallinn' },
      { location: '' },
      { location: 3 },
      { agent: 'bob', channel: 'chat' },
      {},
    ]),
    anonId: pick(['anon_1', 'anon_2', 'anon_3', 'anon_4']),
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

async function allRows(storage: Storage, surveyId: string): Promise<StoredResponse[]> {
  const out: StoredResponse[] = [];
  for await (const r of storage.iterateResponses({ surveyId })) out.push(r);
  return out;
}

/** Results from the roll-ups must equal results from reading every response. */
async function expectResultsMatchRows(storage: Storage, survey: Survey, groupBy?: string) {
  const options = { interval: 'day' as const, ...(groupBy && { groupBy }) };
  const { counted, ...fromRollups } = await resultsFromStorage(storage, survey, options);
  expect(counted?.by).toBe('rollups');
  expect(fromRollups).toEqual(await computeResults(survey, await allRows(storage, survey.id), options));
  return counted;
}

/** Compacts once this process's own background run (if any) has let go of the lock. */
async function compactAll(s: Storage) {
  for (let i = 0; i < 200 && !(await compactRollups(s.db)); i++) await new Promise((ok) => setTimeout(ok, 25));
}

const unique = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

function rollupSuite(name: string, open: () => Promise<Storage>) {
  describe(`roll-ups on ${name}`, () => {
    let s: Storage;
    beforeAll(async () => {
      s = await open();
      await s.migrate();
    });
    afterAll(async () => {
      await s?.close();
    });

    it('stay exact through a random mix of inserts, replacements, duplicates, erasures and retention', async () => {
      const site = unique('mix');
      const survey = surveyOf(unique('mixed'));
      await s.upsertSite({ key: site, origins: [] });
      await s.putSurvey(site, survey);
      const rand = random(42);
      const stored: SurveyResponse[] = [];
      for (let round = 0; round < 30; round++) {
        const op = rand.next();
        if (op < 0.45 || stored.length < 20) {
          const batch = Array.from({ length: 1 + Math.floor(rand.next() * 40) }, () => makeResponse(rand, survey.id));
          // A later seq of some of them, racing the first: whichever inserts first, the other replaces or loses to it.
          const later = batch
            .slice(5, 10)
            .map((r) => makeResponse(rand, survey.id, { id: r.id, seq: 2, createdAt: r.createdAt, updatedAt: r.updatedAt, anonId: r.anonId! }));
          stored.push(...batch.slice(0, 5), ...later, ...batch.slice(10));
          // Three writers at once, overlapping: the database must serialise them.
          await Promise.all([s.ingest(site, batch), s.ingest(site, batch.slice(0, 5)), s.ingest(site, later)]);
        } else if (op < 0.75) {
          // Replacements (a higher seq), with a stale retry of each in the same batch and a later duplicate.
          const chosen = Array.from({ length: 10 }, () => rand.pick(stored));
          const replaced = chosen.map((r) =>
            makeResponse(rand, survey.id, { id: r.id, seq: r.seq + 1, createdAt: r.createdAt, updatedAt: r.updatedAt, anonId: r.anonId! }),
          );
          await s.ingest(site, [...replaced, ...chosen]);
          await s.ingest(site, chosen);
          for (const r of replaced) stored[stored.findIndex((x) => x.id === r.id)] = r;
        } else if (op < 0.9) {
          await s.deleteRespondent(rand.pick(['anon_1', 'anon_2', 'anon_3', 'anon_4']));
        } else {
          await s.deleteOlderThan(survey.id, new Date(START + Math.floor(rand.next() * 6) * DAY));
        }
      }
      expect((await allRows(s, survey.id)).length).toBeGreaterThan(0);
      const report = await verifyRollups(s.db, { surveyId: survey.id });
      expect(report.differences).toEqual([]);
      expect(report.emptyRows).toBe(0);
      expect(report.days).toBeGreaterThan(0);
      await expectResultsMatchRows(s, survey);
      expect((await expectResultsMatchRows(s, survey, 'location'))?.groupsBy).toBe('rollups');
      await expectResultsMatchRows(s, survey, 'agent');

      // Compaction keeps them exact, and erasing everyone leaves no count behind.
      await compactAll(s);
      expect((await verifyRollups(s.db, { surveyId: survey.id })).differences).toEqual([]);
      for (const anon of ['anon_1', 'anon_2', 'anon_3', 'anon_4']) await s.deleteRespondent(anon);
      await compactAll(s);
      const left = await s.db.query<{ n: number }>(
        'SELECT (SELECT count(*) FROM rollups WHERE survey_id = $1) + (SELECT count(*) FROM rollup_pending WHERE survey_id = $1) AS n',
        [survey.id],
      );
      expect(Number(left[0]?.n)).toBe(0);
    });

    it('count a batch partly stored and a batch retried whole once each, on the transactional path', async () => {
      const site = unique('retry');
      const survey = surveyOf(unique('retried'));
      await s.upsertSite({ key: site, origins: [] });
      await s.putSurvey(site, survey);
      const rand = random(7);
      const first = Array.from({ length: 10 }, () => makeResponse(rand, survey.id));
      expect((await s.ingest(site, first)).accepted).toHaveLength(10);
      // Half of it again at a higher seq, with ten new ones: the fast statement must write none of them itself.
      const replaced = first
        .slice(0, 5)
        .map((r) => makeResponse(rand, survey.id, { id: r.id, seq: r.seq + 1, createdAt: r.createdAt, updatedAt: r.updatedAt, anonId: r.anonId! }));
      const mixed = [...replaced, ...Array.from({ length: 10 }, () => makeResponse(rand, survey.id))];
      expect((await s.ingest(site, mixed)).accepted).toHaveLength(15);
      expect(await s.ingest(site, mixed)).toEqual({ accepted: [], duplicates: mixed.map((r) => r.id) });
      expect(await allRows(s, survey.id)).toHaveLength(20);
      expect((await verifyRollups(s.db, { surveyId: survey.id })).differences).toEqual([]);
      await expectResultsMatchRows(s, survey);
    });

    it('verify reports a count that was changed behind its back', async () => {
      const site = unique('tamper');
      const survey = surveyOf(unique('tampered'));
      await s.upsertSite({ key: site, origins: [] });
      await s.putSurvey(site, survey);
      const rand = random(7);
      await s.ingest(
        site,
        Array.from({ length: 10 }, () => makeResponse(rand, survey.id, { answers: { nps: 9 } })),
      );
      await compactAll(s);
      await s.db.query(`UPDATE rollups SET n = n + 1 WHERE survey_id = $1 AND dimension = '' AND question = 'nps'`, [survey.id]);
      const report = await verifyRollups(s.db, { surveyId: survey.id });
      expect(report.differences.length).toBeGreaterThan(0);
      expect(report.differences[0]).toMatchObject({ surveyId: survey.id, question: 'nps', facet: 9 });
      expect(report.differences.every((d) => d.actual === d.expected + 1)).toBe(true);
    });

    it('verify reports whole-history totals that drifted from the daily roll-ups', async () => {
      const site = unique('tamper-totals');
      const survey = surveyOf(unique('tampered-totals'));
      await s.upsertSite({ key: site, origins: [] });
      await s.putSurvey(site, survey);
      const rand = random(8);
      await s.ingest(
        site,
        Array.from({ length: 10 }, () => makeResponse(rand, survey.id, { answers: { nps: 3 }, completed: true })),
      );
      await compactAll(s);
      expect((await verifyRollups(s.db, { surveyId: survey.id })).differences).toEqual([]);
      await s.db.query(`UPDATE rollup_totals SET n = n + 2 WHERE survey_id = $1 AND dimension = '' AND question = 'nps'`, [survey.id]);
      const report = await verifyRollups(s.db, { surveyId: survey.id });
      expect(report.differences).toEqual([expect.objectContaining({ surveyId: survey.id, day: 'all', question: 'nps', facet: 3, actual: 12, expected: 10 })]);
    });

    it('caps the values of a dimension per day, counting the rest in an other bucket', async () => {
      const site = unique('cap');
      const survey = surveyOf(unique('capped'));
      await s.upsertSite({ key: site, origins: [], dimensions: ['orderId'] });
      await s.putSurvey(site, survey);
      const rand = random(3);
      const at = new Date(START).toISOString();
      const extra = 20;
      const batch = Array.from({ length: VALUES_PER_DAY + extra }, (_, i) =>
        makeResponse(rand, survey.id, { meta: { orderId: `o-${i}` }, createdAt: at, updatedAt: at, answers: { nps: 10 } }),
      );
      for (let i = 0; i < batch.length; i += 50) await s.ingest(site, batch.slice(i, i + 50));
      const r = await resultsFromStorage(s, survey, { groupBy: 'orderId', groupLimit: 500 });
      expect(r.counted?.groupsBy).toBe('rollups');
      expect(r.groups).toHaveLength(VALUES_PER_DAY + 1);
      expect(r.groups[0]).toMatchObject({ value: '(other)', n: extra });
      expect(r.groups.reduce((a, g) => a + g.n, 0)).toBe(batch.length);
      // Taking an "other" response back takes it from the same bucket.
      await s.deleteRespondent(batch[0]!.anonId!);
      expect((await verifyRollups(s.db, { surveyId: survey.id })).differences).toEqual([]);
    });

    it('scans for an undeclared attribute, saying so, and counts it at ingestion once declared', async () => {
      const site = unique('decl');
      const survey = surveyOf(unique('declared'));
      await s.upsertSite({ key: site, origins: [] });
      await s.putSurvey(site, survey);
      const rand = random(11);
      await s.ingest(
        site,
        Array.from({ length: 60 }, () => makeResponse(rand, survey.id, { meta: { branch: rand.pick(['north', 'south', 'east']) } })),
      );
      const scanned = await resultsFromStorage(s, survey, { groupBy: 'branch' });
      expect(scanned.counted).toMatchObject({ by: 'rollups', groupsBy: 'scan' });
      expect(scanned.counted?.note).toMatch(/not a declared dimension/);
      await s.upsertSite({ key: site, origins: [], dimensions: ['location', 'branch'] });
      expect((await s.getSite(site))?.dimensions).toEqual(['location', 'branch']);
      // The stored responses are counted under the new dimension in the background, a day at a time (rebuild.test.ts).
      await s.rollupsRecounted();
      const rolled = await resultsFromStorage(s, survey, { groupBy: 'branch' });
      expect(rolled.counted).toMatchObject({ by: 'rollups', groupsBy: 'rollups' });
      expect(rolled.groups).toEqual(scanned.groups);
      expect(rolled.groups.map((g) => g.value).sort()).toEqual(['east', 'north', 'south']);
      expect((await verifyRollups(s.db, { surveyId: survey.id })).differences).toEqual([]);
      await expect(s.upsertSite({ key: site, origins: [], dimensions: ['bad key'] })).rejects.toThrow(/dimension/);
    });
  });
}

rollupSuite('PGlite', () => openPGliteStorage());

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});
rollupSuite('PostgreSQL', () => openPostgresStorage(pg!.url));

describe('roll-ups on PostgreSQL with two collectors', () => {
  it('count with the dimensions another process declared since this one last looked', async () => {
    const a = await openPostgresStorage(pg!.url);
    const b = await openPostgresStorage(pg!.url);
    try {
      await a.migrate();
      const site = unique('two');
      const survey = surveyOf(unique('twice'));
      await a.upsertSite({ key: site, origins: [] });
      await a.putSurvey(site, survey);
      const rand = random(13);
      const batch = () => Array.from({ length: 20 }, () => makeResponse(rand, survey.id, { meta: { branch: rand.pick(['north', 'south']) } }));
      await a.ingest(site, batch());
      // b declares a dimension; a still remembers the site's old ones and must notice before it counts.
      await b.upsertSite({ key: site, origins: [], dimensions: ['branch'] });
      expect((await a.ingest(site, batch())).accepted).toHaveLength(20);
      await b.rollupsRecounted();
      expect((await verifyRollups(a.db, { surveyId: survey.id })).differences).toEqual([]);
      const rolled = await resultsFromStorage(a, survey, { groupBy: 'branch' });
      expect(rolled.counted?.groupsBy).toBe('rollups');
      expect(rolled.groups.reduce((n, g) => n + g.n, 0)).toBe(40);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('migration 004', () => {
  it('counts the responses stored before it, and gathers statistics', async () => {
    const s = await openPGliteStorage();
    try {
      // A database as migration 1 left it, with responses in it.
      await s.db.exec(initial);
      await s.db.exec(
        'CREATE TABLE schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO schema_migrations VALUES (1)',
      );
      await s.db.query(`INSERT INTO sites (key, origins) VALUES ('old', '[]')`);
      const survey = surveyOf('before');
      await s.db.query(`INSERT INTO surveys (id, version, site_key, definition) VALUES ($1, 1, 'old', $2::jsonb)`, [survey.id, JSON.stringify(survey)]);
      const rand = random(5);
      const rows = Array.from({ length: 300 }, () => makeResponse(rand, survey.id));
      await s.db.query(
        `INSERT INTO responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at)
         SELECT x.id, 'old', x."surveyId", 1, 1, x.completed, x.answers, x.meta, x."anonId", x."createdAt", x."updatedAt"
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "surveyId" text, completed bool, answers jsonb, meta jsonb, "anonId" text, "createdAt" timestamptz, "updatedAt" timestamptz)`,
        [JSON.stringify(rows)],
      );
      await s.migrate();
      expect((await verifyRollups(s.db)).differences).toEqual([]);
      await expectResultsMatchRows(s, survey, 'location');
      const stats = await s.db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'responses'`);
      expect(stats[0]?.n).toBe(300);
    } finally {
      await s.close();
    }
  });
});

/** A PostgreSQL database of its own on the shared cluster, for a test that migrates from scratch. */
const freshDatabase = () => freshPostgresDatabase(pg!.url);

describe.each([
  ['PGlite', () => openPGliteStorage()],
  ['PostgreSQL', freshDatabase],
])('migration 006 on %s', (_name, open: () => Promise<Storage>) => {
  it('keeps the counts of a database at migration 5 exact, pending deltas included, and the fast path then writes packs', async () => {
    const s = await open();
    try {
      // A database as migration 5 left it: counts compacted into rollups (and totals) and deltas still pending.
      await migrateTo(s, 5);
      await s.db.query(`INSERT INTO sites (key, origins) VALUES ('old', '[]')`);
      const survey = surveyOf('before-packs');
      await s.db.query(`INSERT INTO surveys (id, version, site_key, definition) VALUES ($1, 1, 'old', $2::jsonb)`, [survey.id, JSON.stringify(survey)]);
      const rand = random(6);
      for (const table of ['rollups', 'rollup_deltas'] as const) {
        const rows = Array.from({ length: 150 }, () => makeResponse(rand, survey.id));
        await s.db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at)
             SELECT x.id, 'old', x."surveyId", 1, 1, x.completed, x.answers, x.meta, x."anonId", x."createdAt", x."updatedAt"
             FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "surveyId" text, completed bool, answers jsonb, meta jsonb, "anonId" text, "createdAt" timestamptz, "updatedAt" timestamptz)`,
            [JSON.stringify(rows)],
          );
          const changes = rows.map((r) => ({ ...r, siteKey: 'old', createdAt: new Date(r.createdAt).toISOString(), w: 1 }));
          await insertCounts(tx, table, (await countsOf(tx, changes)).values());
        });
      }
      const pending = async () => (await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM rollup_deltas'))[0]?.n;
      expect(await pending()).toBeGreaterThan(0);

      await s.migrate();
      expect((await verifyRollups(s.db)).differences).toEqual([]);
      await expectResultsMatchRows(s, survey, 'location');

      // A fresh batch goes in as one pack per survey, read as pending until compaction folds it (and the old rows) in.
      await s.ingest(
        'old',
        Array.from({ length: 40 }, () => makeResponse(rand, survey.id)),
      );
      const packs = async () => (await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM rollup_delta_packs'))[0]?.n;
      expect(await packs()).toBe(1);
      expect((await verifyRollups(s.db)).differences).toEqual([]);
      await expectResultsMatchRows(s, survey, 'agent');
      await compactAll(s);
      expect([await pending(), await packs()]).toEqual([0, 0]);
      const report = await verifyRollups(s.db);
      expect([report.differences, report.emptyRows]).toEqual([[], 0]);
      await expectResultsMatchRows(s, survey, 'location');
      // ANALYZE gathers no statistics of the jsonb columns (survey_id shows it ran; id has none since migration 10).
      await s.db.exec('ANALYZE responses');
      const stats = await s.db.query<{ attname: string }>(
        `SELECT attname FROM pg_stats WHERE tablename = 'responses' AND attname IN ('answers', 'meta', 'survey_id')`,
      );
      expect(stats.map((r) => r.attname)).toEqual(['survey_id']);
    } finally {
      await s.close();
    }
  });
});
