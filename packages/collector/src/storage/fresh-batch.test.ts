// The fast path on PGlite and PostgreSQL: one pack per survey written as built in Node, values past a day's cap folded
// into the other bucket (attribute names past it dropped) in the same statement, and a batch partly stored refused whole.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey, SurveyResponse } from '@tellus/schema';
import { startPostgres, type TestPostgres } from '../../../../scripts/postgres.mjs';
import { verifyRollups } from '../rollups/maintain.js';
import { countsOf, insertCounts } from '../rollups/write.js';
import { OTHER_VALUE, VALUES_PER_DAY } from '../rollups/sql.js';
import { createFreshState, insertFresh, packsOf } from './fresh-batch.js';
import { migrations } from './migrations/index.js';
import { responseRows } from './response-rows.js';
import { openPGliteStorage } from './pglite.js';
import { openPostgresStorage } from './postgres.js';
import type { Storage } from './types.js';
import { freshPostgresDatabase, migrateTo } from './migrations/test-helpers.js';

const surveyOf = (id: string): Survey => ({
  id,
  version: 1,
  questions: [
    { id: 'nps', type: 'nps', text: 'Recommend us?' },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
});
const AT = '2026-03-04T10:00:00.000Z';
const unique = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

const response = (surveyId: string, i: number, meta: SurveyResponse['meta']): SurveyResponse => ({
  id: randomUUID(),
  surveyId,
  surveyVersion: 1,
  seq: 1,
  completed: true,
  answers: { nps: i % 11, why: 'Fine.' },
  meta,
  anonId: `anon-${i}`,
  createdAt: AT,
  updatedAt: AT,
});

/** Rows as migration 6's own insert below reads them. */
const payloadOf = (rs: SurveyResponse[]) =>
  JSON.stringify(
    rs.map((r) => ({
      id: r.id,
      survey_id: r.surveyId,
      survey_version: r.surveyVersion,
      seq: r.seq,
      completed: r.completed,
      answers: r.answers,
      meta: r.meta,
      anon_id: r.anonId ?? null,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    })),
  );

interface PackRow {
  survey_id: string;
  dimension: string[];
  value: string[];
}

describe('packsOf', () => {
  it('numbers each value of a dimension on a day once, and marks attribute names to be dropped past the cap', () => {
    const counts = [
      { surveyId: 's', dimension: '', question: '', day: '2026-03-04', value: '', facet: 'null', surveyVersion: 1, completed: true, n: 2 },
      { surveyId: 's', dimension: 'location', question: '', day: '2026-03-04', value: '"riga"', facet: 'null', surveyVersion: 1, completed: true, n: 2 },
      { surveyId: 's', dimension: 'location', question: 'nps', day: '2026-03-04', value: '"riga"', facet: '9', surveyVersion: 1, completed: true, n: 1 },
      { surveyId: 's', dimension: 'location', question: '', day: '2026-03-04', value: OTHER_VALUE, facet: 'null', surveyVersion: 1, completed: true, n: 1 },
      { surveyId: 't', dimension: '*meta', question: '', day: '2026-03-04', value: 'location', facet: 'null', surveyVersion: 2, completed: false, n: 1 },
    ];
    const { requests, packs } = packsOf(counts);
    expect(JSON.parse(requests)).toEqual([
      { i: 1, survey_id: 's', day: '2026-03-04', dimension: 'location', value: '"riga"' },
      { i: 2, survey_id: 't', day: '2026-03-04', dimension: '*meta', value: 'location' },
    ]);
    const [s, t] = JSON.parse(packs);
    expect(s).toMatchObject({ survey_id: 's', value: ['', '"riga"', '"riga"', OTHER_VALUE], facet: [null, null, 9, null], slot: [0, 1, 1, 0] });
    expect(t).toMatchObject({ survey_id: 't', dimension: ['*meta'], survey_version: [2], completed: [false], n: [1], slot: [-2] });
  });
});

function freshSuite(name: string, open: () => Promise<Storage>) {
  describe(`the fast path on ${name}`, () => {
    let s: Storage;
    beforeAll(async () => {
      s = await open();
      await s.migrate();
    });
    afterAll(async () => {
      await s?.close();
    });
    const packsOfSurvey = (surveyId: string) =>
      s.db.query<PackRow>('SELECT survey_id, dimension, value FROM rollup_delta_packs WHERE survey_id = $1', [surveyId]);

    it('writes one pack per survey of the batch, in the one statement', async () => {
      const site = unique('two');
      const [a, b] = [surveyOf(unique('a')), surveyOf(unique('b'))];
      await s.upsertSite({ key: site, origins: [], dimensions: ['location'] });
      await s.putSurvey(site, a);
      await s.putSurvey(site, b);
      const batch = [0, 1, 2, 3, 4].map((i) => response(i % 2 ? a.id : b.id, i, { location: `branch-${i % 3}` }));
      expect(await insertFresh(s.db, createFreshState(), site, batch, responseRows(batch))).toBe(true);
      const [pa, pb] = [await packsOfSurvey(a.id), await packsOfSurvey(b.id)];
      expect([pa.length, pb.length]).toEqual([1, 1]);
      expect(pa[0]!.value).toContain('"branch-1"');
      expect(pa[0]!.value).not.toContain(OTHER_VALUE);
      // A retry of the whole batch writes nothing and says it was not fresh; so does one partly stored.
      expect(await insertFresh(s.db, createFreshState(), site, batch, responseRows(batch))).toBe(false);
      const partly = [...batch.slice(0, 2), response(a.id, 9, {})];
      expect(await insertFresh(s.db, createFreshState(), site, partly, responseRows(partly))).toBe(false);
      expect([(await packsOfSurvey(a.id)).length, (await packsOfSurvey(b.id)).length]).toEqual([1, 1]);
      expect((await verifyRollups(s.db, { surveyId: a.id })).differences).toEqual([]);
      expect((await verifyRollups(s.db, { surveyId: b.id })).differences).toEqual([]);
    });

    it('folds values past the day cap into the other bucket and drops attribute names past it', async () => {
      const site = unique('cap');
      const survey = surveyOf(unique('capped'));
      await s.upsertSite({ key: site, origins: [], dimensions: ['orderId'] });
      await s.putSurvey(site, survey);
      await expectCapped(s, site, survey);
    });
  });
}

/** Fills a day's slots of orderId and of attribute names through the fast path, past the cap, and checks what it wrote. */
async function expectCapped(s: Storage, site: string, survey: Survey) {
  const packsOfSurvey = (surveyId: string) =>
    s.db.query<PackRow>('SELECT survey_id, dimension, value FROM rollup_delta_packs WHERE survey_id = $1', [surveyId]);
  const state = createFreshState();
  // Each response brings an order id and an attribute name of its own: the 101st of either has no slot that day.
  const all = Array.from({ length: VALUES_PER_DAY + 20 }, (_, i) => response(survey.id, i, { orderId: `o-${i}`, [`k${i}`]: 'x' }));
  for (let i = 0; i < all.length; i += 50) {
    const batch = all.slice(i, i + 50);
    expect(await insertFresh(s.db, state, site, batch, responseRows(batch))).toBe(true);
  }
  const packs = await packsOfSurvey(survey.id);
  expect(packs).toHaveLength(3);
  const values = (p: PackRow, dimension: string) => p.value.filter((_, j) => p.dimension[j] === dimension);
  const last = packs.find((p) => values(p, 'orderId').includes(OTHER_VALUE))!;
  expect(values(last, 'orderId').filter((v) => v !== OTHER_VALUE)).toEqual([]);
  expect(values(last, '*meta')).toEqual(['orderId']);
  const slots = await s.db.query<{ dimension: string; n: number }>(
    'SELECT dimension, count(*)::int AS n FROM rollup_slots WHERE survey_id = $1 AND day = $2::date GROUP BY dimension ORDER BY dimension',
    [survey.id, AT.slice(0, 10)],
  );
  expect(slots).toEqual([
    { dimension: '*meta', n: VALUES_PER_DAY },
    { dimension: 'orderId', n: VALUES_PER_DAY },
  ]);
  expect((await verifyRollups(s.db, { surveyId: survey.id })).differences).toEqual([]);
}

freshSuite('PGlite', () => openPGliteStorage());

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});
freshSuite('PostgreSQL', () => openPostgresStorage(pg!.url));

/** A PostgreSQL database of its own on the shared cluster, for a test that migrates from scratch. */
const freshDatabase = () => freshPostgresDatabase(pg!.url);

describe.each([
  ['PGlite', () => openPGliteStorage()],
  ['PostgreSQL', freshDatabase],
])('migration 007 on %s', (_name, open: () => Promise<Storage>) => {
  it('keeps the counts of a database at migration 6 exact, and its fast path then claims and folds slots', async () => {
    const s = await open();
    try {
      await migrateTo(s, 6);
      await s.db.query(`INSERT INTO sites (key, origins, dimensions) VALUES ('old', '[]', '{orderId}')`);
      const survey = surveyOf('before-functions');
      await s.db.query(`INSERT INTO surveys (id, version, site_key, definition) VALUES ($1, 1, 'old', $2::jsonb)`, [survey.id, JSON.stringify(survey)]);
      // Responses of an earlier day, counted and pending as migration 6 left them.
      const earlier = Array.from({ length: 30 }, (_, i) => ({ ...response(survey.id, i, { orderId: `e-${i}` }), createdAt: '2026-03-03T09:00:00.000Z' }));
      await s.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at)
           SELECT x.id, 'old', x.survey_id, 1, 1, x.completed, x.answers, x.meta, x.anon_id, x.created_at, x.updated_at
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, survey_id text, completed bool, answers jsonb, meta jsonb, anon_id text, created_at timestamptz, updated_at timestamptz)`,
          [payloadOf(earlier)],
        );
        const changes = earlier.map((r) => ({ ...r, siteKey: 'old', w: 1 }));
        await insertCounts(tx, 'rollup_deltas', (await countsOf(tx, changes)).values());
      });
      await s.migrate();
      expect((await s.db.query<{ v: number }>('SELECT max(version)::int AS v FROM schema_migrations'))[0]?.v).toBe(migrations.at(-1)?.version);
      expect((await verifyRollups(s.db, { surveyId: survey.id })).differences).toEqual([]);
      await expectCapped(s, 'old', survey);
    } finally {
      await s.close();
    }
  });
});

describe('the fast path on PostgreSQL with two collectors', () => {
  it('keeps counts exact when both claim slots of a day past its cap at once', async () => {
    const [a, b] = [await openPostgresStorage(pg!.url), await openPostgresStorage(pg!.url)];
    try {
      await a.migrate();
      const site = unique('race');
      const survey = surveyOf(unique('raced'));
      await a.upsertSite({ key: site, origins: [], dimensions: ['orderId'] });
      await a.putSurvey(site, survey);
      // 80 order ids of each collector's own and 40 both see: 200 values for the day's 100 slots.
      const batchesOf = (own: string) => {
        const all = Array.from({ length: 120 }, (_, i) => response(survey.id, i, { orderId: i < 80 ? `${own}-${i}` : `shared-${i}` }));
        return [0, 40, 80].map((from) => all.slice(from, from + 40));
      };
      const run = async (s: Storage, own: string) => {
        for (const batch of batchesOf(own)) await s.ingest(site, batch);
      };
      await Promise.all([run(a, 'a'), run(b, 'b')]);
      // Counts stay exact. (Each claims in its own snapshot, so together they may take a few slots past the cap: the
      // transactional path's claims did so before the fast path had any.)
      expect((await verifyRollups(a.db, { surveyId: survey.id })).differences).toEqual([]);
      const groups = await a.db.query<{ n: number }>(
        `SELECT sum(n)::int AS n FROM rollup_counts WHERE survey_id = $1 AND dimension = 'orderId' AND question = ''`,
        [survey.id],
      );
      expect(groups[0]?.n).toBe(240);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
