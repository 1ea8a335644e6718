// A site's dimensions changing recounts its roll-ups a day per transaction, exactly, on PGlite and PostgreSQL: with
// inserts, replacements, duplicates and erasures between the days, through a close midway, without stalling PGlite's
// primary-key reads the way the one-transaction rebuild does, and with results meanwhile right or saying why they scan.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey, SurveyResponse } from '@tellus/schema';
import { startPostgres, type TestPostgres } from '../../../../scripts/postgres.mjs';
import { computeResults } from '../results/compute.js';
import { resultsFromStorage } from '../results/from-storage.js';
import { openPGliteStorage } from '../storage/pglite.js';
import { openPostgresStorage } from '../storage/postgres.js';
import type { Db } from '../storage/db.js';
import type { Storage, StoredResponse } from '../storage/types.js';
import { compactRollups } from './compact.js';
import { rebuildRollups, verifyRollups } from './maintain.js';
import { createRecounter, daysToRecount, planRecount, recountNextDay } from './rebuild.js';
import { DEFAULT_DIMENSIONS } from './sql.js';

const surveyOf = (id: string): Survey => ({
  id,
  version: 1,
  questions: [
    { id: 'nps', type: 'nps', text: 'Recommend us?' },
    { id: 'csat', type: 'rating', scale: 5, text: 'Satisfied?' },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
});

function random(seed: number) {
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const unique = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

function makeResponse(rand: ReturnType<typeof random>, surveyId: string, days: number): SurveyResponse {
  const { next, pick } = rand;
  const at = new Date(START + Math.floor(next() * days) * DAY + Math.floor(next() * DAY)).toISOString();
  return {
    id: randomUUID(),
    surveyId,
    surveyVersion: 1,
    seq: 1,
    completed: next() < 0.7,
    answers: { nps: pick([0, 3, 6, 7, 8, 9, 10]), csat: pick([1, 2, 3, 4, 5]), ...(next() < 0.3 && { why: pick(['slow', 'fine', '', 'great help']) }) },
    meta: {
      location: pick(['riga', 'tallinn', 'vilnius']),
      agent: pick(['anna', 'bob']),
      branch: pick(['north', 'south', 'east', `b${Math.floor(next() * 150)}`]),
    },
    anonId: pick(['anon_1', 'anon_2', 'anon_3', 'anon_4', 'anon_5', 'anon_6']),
    createdAt: at,
    updatedAt: at,
  };
}

async function ingestAll(s: Storage, site: string, rs: SurveyResponse[]) {
  for (let i = 0; i < rs.length; i += 50) await s.ingest(site, rs.slice(i, i + 50));
}

async function allRows(s: Storage, surveyId: string): Promise<StoredResponse[]> {
  const out: StoredResponse[] = [];
  for await (const r of s.iterateResponses({ surveyId })) out.push(r);
  return out;
}

async function compactAll(s: Storage) {
  for (let i = 0; i < 200 && !(await compactRollups(s.db)); i++) await new Promise((ok) => setTimeout(ok, 25));
}

async function expectExact(s: Storage, surveyId: string) {
  await compactAll(s);
  const report = await verifyRollups(s.db, { surveyId });
  expect(report.differences).toEqual([]);
  expect(report.emptyRows).toBe(0);
}

/** A site and survey with `n` responses over `days` days, compacted, on its default dimensions. */
async function seeded(s: Storage, n: number, days: number, seed: number) {
  const site = unique('dims');
  const survey = surveyOf(unique('recount'));
  await s.upsertSite({ key: site, origins: [] });
  await s.putSurvey(site, survey);
  const rand = random(seed);
  const stored = Array.from({ length: n }, () => makeResponse(rand, survey.id, days));
  await ingestAll(s, site, stored);
  await compactAll(s);
  return { site, survey, rand, stored };
}

/**
 * Changes the site's dimensions as another collector would (upsertSite's statements), so this storage's own background
 * recount is not started and the test runs the days itself, with its ingestion in between.
 */
async function changeElsewhere(s: Storage, site: string, surveyId: string, dimensions: string[]) {
  await s.db.transaction(async (tx) => {
    const was = (await tx.query<{ dimensions: string[] | null }>('SELECT dimensions FROM sites WHERE key = $1 FOR UPDATE', [site]))[0]?.dimensions ?? [
      ...DEFAULT_DIMENSIONS,
    ];
    await tx.query('UPDATE sites SET dimensions = $2::text[] WHERE key = $1', [site, dimensions]);
    await planRecount(
      tx,
      [surveyId],
      dimensions.filter((d) => !was.includes(d)),
      dimensions,
    );
  });
}

function recountSuite(name: string, open: () => Promise<Storage>) {
  describe(`recounting after a dimension change on ${name}`, () => {
    let s: Storage;
    beforeAll(async () => {
      s = await open();
      await s.migrate();
    });
    afterAll(async () => {
      await s?.close();
    });

    it('ends exact with inserts, replacements, duplicates and erasures between the days, and results right meanwhile', async () => {
      const days = 30;
      const { site, survey, rand, stored } = await seeded(s, 3000, days, 7);
      await changeElsewhere(s, site, survey.id, ['branch', 'location']);
      expect(await daysToRecount(s.db, survey.id)).toBe(days);
      let round = 0;
      for (let done = await recountNextDay(s.db); done; done = await recountNextDay(s.db), round++) {
        // Between two days: new responses, replacements by a higher seq, duplicates, and now and then an erasure.
        const fresh = Array.from({ length: 20 }, () => makeResponse(rand, survey.id, days));
        const replaced = Array.from({ length: 10 }, () => {
          const r = rand.pick(stored);
          r.seq += 1;
          return { ...r, answers: { nps: rand.pick([0, 10]) }, meta: { ...r.meta, branch: rand.pick(['north', 'west']) } };
        });
        const duplicates = Array.from({ length: 5 }, () => rand.pick(stored));
        await s.ingest(site, [...fresh, ...replaced, ...duplicates]);
        stored.push(...fresh);
        if (round % 7 === 3) await s.deleteRespondent(rand.pick(['anon_1', 'anon_2', 'anon_3', 'anon_4', 'anon_5', 'anon_6']));
        if (round % 5 === 1) await compactRollups(s.db);
        if (round === 10) {
          // Midway: counts per response and answer are exact; the groups are scanned, and the results say so.
          const rows = await allRows(s, survey.id);
          const plain = await resultsFromStorage(s, survey, { interval: 'day' });
          expect(plain.counted).toMatchObject({ by: 'rollups', groupsBy: null });
          const { counted: _, ...plainResults } = plain;
          expect(plainResults).toEqual(await computeResults(survey, rows, { interval: 'day' }));
          const grouped = await resultsFromStorage(s, survey, { interval: 'day', groupBy: 'branch' });
          expect(grouped.counted).toMatchObject({ by: 'rollups', groupsBy: 'scan' });
          expect(grouped.counted?.note).toMatch(/still being recounted/);
          // A dimension declared before and after counts on, exact, from the roll-ups.
          const kept = await resultsFromStorage(s, survey, { interval: 'day', groupBy: 'location' });
          expect(kept.counted).toMatchObject({ by: 'rollups', groupsBy: 'rollups' });
          const { counted: ___, ...keptResults } = kept;
          expect(keptResults).toEqual(await computeResults(survey, rows, { interval: 'day', groupBy: 'location' }));
          const { counted: __, ...groupedResults } = grouped;
          expect(groupedResults).toEqual(await computeResults(survey, rows, { interval: 'day', groupBy: 'branch' }));
        }
      }
      expect(round).toBe(days);
      expect(await daysToRecount(s.db, survey.id)).toBe(0);
      await expectExact(s, survey.id);
      const grouped = await resultsFromStorage(s, survey, { interval: 'day', groupBy: 'branch' });
      expect(grouped.counted).toMatchObject({ by: 'rollups', groupsBy: 'rollups' });
      const { counted, ...results } = grouped;
      expect(results).toEqual(await computeResults(survey, await allRows(s, survey.id), { interval: 'day', groupBy: 'branch' }));
    });

    it('ends exact with ingestion running concurrently, between the reads of a day and its transaction', async () => {
      const days = 8;
      const { site, survey, rand, stored } = await seeded(s, 1200, days, 17);
      await changeElsewhere(s, site, survey.id, ['agent', 'branch']);
      let recounting = true;
      let batches = 0;
      const ingestion = (async () => {
        while (recounting) {
          const replaced = Array.from({ length: 5 }, () => {
            const r = rand.pick(stored);
            r.seq += 1;
            return { ...r, meta: { ...r.meta, branch: rand.pick(['north', 'west', 'b7']) } };
          });
          const fresh = Array.from({ length: 10 }, () => makeResponse(rand, survey.id, days));
          await s.ingest(site, [...fresh, ...replaced, rand.pick(stored)]);
          stored.push(...fresh);
          if (++batches % 9 === 0) await s.deleteRespondent(rand.pick(['anon_1', 'anon_2', 'anon_3']));
        }
      })();
      let recounted = 0;
      try {
        while (await recountNextDay(s.db)) recounted++;
      } finally {
        recounting = false;
        await ingestion;
      }
      expect(recounted).toBe(days);
      expect(batches).toBeGreaterThan(days);
      await expectExact(s, survey.id);
    });

    it('leaves a day that died halfway marked and unchanged, and recounts it on the next try', async () => {
      const days = 5;
      const { site, survey } = await seeded(s, 400, days, 29);
      await changeElsewhere(s, site, survey.id, ['branch']);
      const before = await s.db.query('SELECT dimension, day::text, value, n FROM rollups WHERE survey_id = $1 ORDER BY 1, 2, 3, 4', [survey.id]);
      // The process dies after the day's counts were wiped, as it writes the new ones: its transaction never commits.
      const dying: Db = {
        ...s.db,
        transaction: (fn) =>
          s.db.transaction((tx) =>
            fn({
              exec: (sql) => tx.exec(sql),
              query: async (sql, params, options) => {
                if (sql.includes('INSERT INTO rollups')) throw new Error('killed midway');
                return tx.query(sql, params, options);
              },
            }),
          ),
      };
      await expect(recountNextDay(dying)).rejects.toThrow('killed midway');
      expect(await daysToRecount(s.db, survey.id)).toBe(days);
      expect(await s.db.query('SELECT dimension, day::text, value, n FROM rollups WHERE survey_id = $1 ORDER BY 1, 2, 3, 4', [survey.id])).toEqual(before);
      while (await recountNextDay(s.db));
      await expectExact(s, survey.id);
    });

    it('reports a recount that fails, tries it again later, and finds days another process left without being woken', async () => {
      const days = 4;
      const { site, survey } = await seeded(s, 200, days, 37);
      let failing = 2;
      const errors: unknown[] = [];
      const flaky: Db = {
        ...s.db,
        transaction: (fn) => (failing-- > 0 ? Promise.reject(new Error('database away')) : s.db.transaction(fn)),
      };
      const recounter = createRecounter(flaky, { retryMs: 20, sweepMs: 50, onError: (err) => errors.push(err) });
      try {
        // Marked as another collector would mark them: nothing kicks this recounter, its sweep finds them.
        await changeElsewhere(s, site, survey.id, ['branch']);
        for (let i = 0; i < 200 && (await daysToRecount(s.db, survey.id)) > 0; i++) await new Promise((ok) => setTimeout(ok, 25));
        expect(await daysToRecount(s.db, survey.id)).toBe(0);
        expect(errors.map((e) => (e as Error).message)).toEqual(['database away', 'database away']);
        await recounter.idle();
        await expectExact(s, survey.id);
        // The last try failing is what idle() says. A recounter without a sweep: the one above, sweeping every 50 ms,
        // could recount the days marked next before the failure is armed, and idle() would rightly resolve.
        await recounter.close();
        const unswept = createRecounter(flaky, { retryMs: 60_000, sweepMs: 3_600_000 });
        await changeElsewhere(s, site, survey.id, ['branch', 'location']);
        failing = 1;
        unswept.kick();
        await expect(unswept.idle()).rejects.toThrow('database away');
        await unswept.close();
        while (await recountNextDay(s.db));
        await expectExact(s, survey.id);
      } finally {
        await recounter.close();
      }
    });

    it('marks nothing when the same dimensions come in another order', async () => {
      const { site, survey } = await seeded(s, 120, 6, 31);
      await s.upsertSite({ key: site, origins: [], dimensions: ['channel', 'locale', 'agent', 'location'] });
      expect(await daysToRecount(s.db, survey.id)).toBe(0);
      await expectExact(s, survey.id);
    });

    it('recounts a day whose pending deltas sit in packs with other days, and a second change midway', async () => {
      const days = 12;
      const { site, survey, rand } = await seeded(s, 600, days, 21);
      // Uncompacted batches: each pack holds counts of several days.
      await ingestAll(
        s,
        site,
        Array.from({ length: 200 }, () => makeResponse(rand, survey.id, days)),
      );
      expect((await s.db.query('SELECT 1 FROM rollup_delta_packs WHERE cardinality(array_remove(day, day[1])) > 0')).length).toBeGreaterThan(0);
      await changeElsewhere(s, site, survey.id, ['branch']);
      for (let i = 0; i < 4; i++) expect(await recountNextDay(s.db)).toMatchObject({ surveyId: survey.id });
      expect(await daysToRecount(s.db, survey.id)).toBe(days - 4);
      // Days already recounted are marked again: they were counted with the dimensions now replaced.
      await changeElsewhere(s, site, survey.id, ['agent', 'branch']);
      expect(await daysToRecount(s.db, survey.id)).toBe(days);
      expect(await daysToRecount(s.db, survey.id, 'agent')).toBe(days);
      expect(await daysToRecount(s.db, survey.id, 'branch')).toBe(days - 4);
      // One dimension per transaction: the days recounted already count agent only, the others both, one at a time.
      let slices = 0;
      while (await recountNextDay(s.db)) slices++;
      expect(slices).toBe(4 + (days - 4) * 2);
      await expectExact(s, survey.id);
    });
  });
}

recountSuite('PGlite', () => openPGliteStorage());

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});
recountSuite('PostgreSQL', () => openPostgresStorage(pg!.url));

describe('a recount stopped midway', () => {
  it('resumes on PGlite when the data directory is opened again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tellus-recount-'));
    try {
      let s = await openPGliteStorage(dir);
      await s.migrate();
      const days = 20;
      const { site, survey } = await seeded(s, 1000, days, 5);
      await s.upsertSite({ key: site, origins: [], dimensions: ['branch'] });
      // Closing stops the recount after the day in hand; the rest is still marked.
      await s.close();
      s = await openPGliteStorage(dir);
      try {
        const left = await daysToRecount(s.db, survey.id);
        expect(left).toBeGreaterThan(0);
        expect(left).toBeLessThan(days + 1);
        await s.migrate();
        await s.rollupsRecounted();
        expect(await daysToRecount(s.db, survey.id)).toBe(0);
        await expectExact(s, survey.id);
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resumes on PostgreSQL in another process', async () => {
    const a = await openPostgresStorage(pg!.url);
    await a.migrate();
    const days = 10;
    const { site, survey } = await seeded(a, 800, days, 9);
    await a.upsertSite({ key: site, origins: [], dimensions: ['branch'] });
    await a.close();
    const b = await openPostgresStorage(pg!.url);
    try {
      expect(await daysToRecount(b.db, survey.id)).toBeGreaterThan(0);
      await b.migrate();
      await b.rollupsRecounted();
      expect(await daysToRecount(b.db, survey.id)).toBe(0);
      await expectExact(b, survey.id);
    } finally {
      await b.close();
    }
  });
});

describe('PGlite stays responsive during a recount', () => {
  it('answers a primary-key read far sooner than during the one-transaction rebuild', async () => {
    const s = await openPGliteStorage();
    try {
      await s.migrate();
      const days = 20;
      const { site, survey } = await seeded(s, 20_000, days, 3);
      /** The longest a getSite waits (as /healthz does) while `work` runs. */
      const longestWait = async (work: Promise<unknown>) => {
        let running = true;
        let longest = 0;
        const probe = (async () => {
          while (running) {
            const t = performance.now();
            await s.getSite(site);
            longest = Math.max(longest, performance.now() - t);
            await new Promise((ok) => setTimeout(ok, 2));
          }
        })();
        const t = performance.now();
        await work;
        const took = performance.now() - t;
        running = false;
        await probe;
        return { longest, took };
      };
      // The old way once, to set the bound: the site's roll-ups recounted in one transaction.
      const old = await longestWait(s.db.transaction((tx) => rebuildRollups(tx, [survey.id])));
      await s.upsertSite({ key: site, origins: [], dimensions: ['branch', 'agent'] });
      const sliced = await longestWait(s.rollupsRecounted());
      console.log(
        `one transaction: ${old.took.toFixed(0)} ms, longest getSite wait ${old.longest.toFixed(0)} ms; sliced: ${sliced.took.toFixed(0)} ms, longest wait ${sliced.longest.toFixed(0)} ms`,
      );
      expect(await daysToRecount(s.db)).toBe(0);
      // The old rebuild holds the database for all of its length; a day holds it for about 1/days of that.
      expect(old.longest).toBeGreaterThan(old.took * 0.8);
      expect(sliced.longest).toBeLessThan(old.longest / 4);
      await expectExact(s, survey.id);
    } finally {
      await s.close();
    }
  }, 180_000);
});
