// Batches that wait for the database go in one fast-path statement: the grouping rules on their own, then concurrent
// ingestion on PGlite and PostgreSQL, exact under retries and replacements that arrive in the same moment.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey, SurveyResponse } from '@tellus/schema';
import { startPostgres, type TestPostgres } from '../../../../scripts/postgres.mjs';
import { verifyRollups } from '../rollups/maintain.js';
import type { Db } from './db.js';
import { createFreshGroups, type FreshBatch } from './fresh-group.js';
import { openPGliteStorage } from './pglite.js';
import { openPostgresStorage } from './postgres.js';
import { createSqlStorage } from './sql-storage.js';
import type { Storage } from './types.js';

const AT = '2026-03-04T10:00:00.000Z';
const unique = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

const response = (surveyId: string, i: number, over: Partial<SurveyResponse> = {}): SurveyResponse => ({
  id: randomUUID(),
  surveyId,
  surveyVersion: 1,
  seq: 1,
  completed: true,
  answers: { nps: i % 11, why: `Reason ${i % 4}.` },
  meta: { location: `branch-${i % 3}` },
  anonId: `anon-${i}`,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});

const batchOf = (rs: SurveyResponse[]): FreshBatch => ({ winners: rs, rows: JSON.stringify(rs.map((r) => ({ id: r.id }))) });

interface Call {
  siteKey: string;
  batch: FreshBatch;
  finish: (written: boolean | Error) => void;
}

/** A write that holds each call until the test finishes it, recording what it was given. */
function heldWrites() {
  const calls: Call[] = [];
  const write = (siteKey: string, batch: FreshBatch) =>
    new Promise<boolean>((resolve, reject) => {
      calls.push({ siteKey, batch, finish: (w) => (w instanceof Error ? reject(w) : resolve(w)) });
    });
  return { calls, write };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('createFreshGroups', () => {
  it('sends the batches that waited for a running statement together in the next one', async () => {
    const { calls, write } = heldWrites();
    const send = createFreshGroups(write, { statements: 1, maxRows: 500 }).write;
    const batches = [0, 1, 2, 3].map(() => batchOf([response('s', 1), response('s', 2)]));
    const results = batches.map((b) => send('site', b));
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.batch).toBe(batches[0]);
    calls[0]!.finish(true);
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.batch.winners).toEqual(batches.slice(1).flatMap((b) => b.winners));
    expect(JSON.parse(calls[1]!.batch.rows)).toEqual(batches.slice(1).flatMap((b) => JSON.parse(b.rows)));
    calls[1]!.finish(true);
    expect(await Promise.all(results)).toEqual([true, true, true, true]);
  });

  it('runs up to `statements` at once, and keeps other sites, shared ids and rows past the cap for later statements', async () => {
    const { calls, write } = heldWrites();
    const send = createFreshGroups(write, { statements: 2, maxRows: 5 }).write;
    const shared = response('s', 9);
    const twin = { ...shared, seq: 2 };
    void send('a', batchOf([response('s', 1)]));
    void send('a', batchOf([response('s', 2)]));
    const waiting = [
      ['a', batchOf([response('s', 3), shared])],
      ['b', batchOf([response('s', 4)])],
      ['a', batchOf([{ ...twin, id: twin.id.toUpperCase() }])],
      ['a', batchOf([response('s', 5), response('s', 6)])],
      ['a', batchOf([response('s', 7), response('s', 8)])],
    ] as const;
    for (const [site, b] of waiting) void send(site, b);
    await settle();
    expect(calls).toHaveLength(2);
    calls[0]!.finish(true);
    await settle();
    // Site a's first waiting batch, then what fits beside it: not b's, not the same id in capitals, not past 5 rows.
    expect(calls[2]!.siteKey).toBe('a');
    expect(calls[2]!.batch.winners).toEqual([...waiting[0][1].winners, ...waiting[3][1].winners]);
    calls[1]!.finish(true);
    await settle();
    expect(calls[3]!.siteKey).toBe('b');
    calls[2]!.finish(true);
    await settle();
    expect(calls[4]!.batch.winners).toEqual([...waiting[2][1].winners, ...waiting[4][1].winners]);
  });

  it('tries each batch alone, all at once, when the joined statement writes nothing or fails, so one batch never fails another', async () => {
    const { calls, write } = heldWrites();
    const send = createFreshGroups(write, { statements: 1, maxRows: 500 }).write;
    const first = send('site', batchOf([response('s', 0)]));
    const good = batchOf([response('s', 1)]);
    const stored = batchOf([response('s', 2)]);
    const broken = batchOf([response('s', 3)]);
    const results = [good, stored, broken].map((b) => send('site', b));
    await settle();
    calls[0]!.finish(true);
    await settle();
    expect(calls[1]!.batch.winners).toHaveLength(3);
    calls[1]!.finish(false);
    await settle();
    expect(calls.slice(2).map((c) => c.batch)).toEqual([good, stored, broken]);
    calls[2]!.finish(true);
    calls[3]!.finish(false);
    calls[4]!.finish(new Error('refused'));
    expect(await first).toBe(true);
    expect(await Promise.allSettled(results)).toEqual([
      { status: 'fulfilled', value: true },
      { status: 'fulfilled', value: false },
      { status: 'rejected', reason: new Error('refused') },
    ]);
    // A joined statement that throws is tried alone the same way.
    await settle();
    const head = send('site', batchOf([response('s', 4)]));
    const again = [5, 6].map((i) => send('site', batchOf([response('s', i)])));
    await settle();
    calls.at(-1)!.finish(true);
    await settle();
    calls.at(-1)!.finish(new Error('deadlock detected'));
    await settle();
    expect(calls.slice(-2).map((c) => c.batch.winners.length)).toEqual([1, 1]);
    for (const c of calls.slice(-2)) c.finish(true);
    expect(await Promise.all([head, ...again])).toEqual([true, true, true]);
  });

  it('fails every batch of a joined statement at once when the server is gone, and says when nothing waits', async () => {
    const { calls, write } = heldWrites();
    const groups = createFreshGroups(write, { statements: 1, maxRows: 500 });
    await groups.idle();
    const head = groups.write('site', batchOf([response('s', 0)]));
    const joined = [1, 2].map((i) => groups.write('site', batchOf([response('s', i)])));
    let idle = false;
    void groups.idle().then(() => (idle = true));
    await settle();
    calls[0]!.finish(true);
    await settle();
    calls[1]!.finish(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    expect(await head).toBe(true);
    expect((await Promise.allSettled(joined)).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toHaveLength(2);
    await settle();
    expect(idle).toBe(true);
    expect(() => createFreshGroups(write, { statements: 0, maxRows: 500 })).toThrow(RangeError);
  });
});

const survey = (id: string): Survey => ({
  id,
  version: 1,
  questions: [
    { id: 'nps', type: 'nps', text: 'Recommend us?' },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
});

/** The Db with its fast-path statements counted. */
function counted(db: Db): { db: Db; statements: () => number } {
  let n = 0;
  return {
    db: {
      ...db,
      query: (sql, params, options) => {
        if (options?.name === 'tellus-fresh-batch') n++;
        return db.query(sql, params, options);
      },
    },
    statements: () => n,
  };
}

function groupedSuite(name: string, open: () => Promise<Storage>) {
  describe(`concurrent batches on ${name}`, () => {
    let base: Storage;
    beforeAll(async () => {
      base = await open();
      await base.migrate();
    });
    afterAll(async () => {
      await base?.close();
    });

    it('go in fewer statements than batches, every response accepted once and counted once', async () => {
      const { db, statements } = counted(base.db);
      const s = createSqlStorage(db, { freshStatements: 2 });
      const site = unique('group');
      const sv = survey(unique('grouped'));
      await s.upsertSite({ key: site, origins: [], dimensions: ['location'] });
      await s.putSurvey(site, sv);
      const batches = Array.from({ length: 12 }, (_, b) => Array.from({ length: 20 }, (_, i) => response(sv.id, b * 20 + i)));
      const results = await Promise.all(batches.map((b) => s.ingest(site, b)));
      expect(results.map((r) => r.accepted)).toEqual(batches.map((b) => b.map((r) => r.id)));
      expect(statements()).toBeLessThan(batches.length);
      expect(await s.countResponses({ surveyId: sv.id })).toBe(240);
      expect((await verifyRollups(s.db, { surveyId: sv.id })).differences).toEqual([]);
    });

    it.each([1, 2])('stay exact when retries, replacements and a response twice in one moment arrive among them (%i at once)', async (statements) => {
      const s = createSqlStorage(base.db, { freshStatements: statements });
      const site = unique('mixed');
      const sv = survey(unique('mixed'));
      await s.upsertSite({ key: site, origins: [], dimensions: ['location'] });
      await s.putSurvey(site, sv);
      const stored = Array.from({ length: 10 }, (_, i) => response(sv.id, i));
      await s.ingest(site, stored);
      const fresh = Array.from({ length: 6 }, (_, b) => Array.from({ length: 10 }, (_, i) => response(sv.id, 100 + b * 10 + i)));
      const twin = response(sv.id, 7);
      const replaced = stored.slice(0, 3).map((r) => ({ ...r, seq: 2, answers: { nps: 0, why: 'Changed my mind.' }, meta: { location: 'branch-9' } }));
      const batches = [
        ...fresh.slice(0, 3),
        stored, // a retry: every one a duplicate
        [twin],
        [...replaced, ...fresh[3]!],
        [{ ...twin, seq: 2, answers: { nps: 10, why: 'Better.' } }],
        ...fresh.slice(4),
      ];
      const results = await Promise.all(batches.map((b) => s.ingest(site, b)));
      expect(results[3]).toEqual({ accepted: [], duplicates: stored.map((r) => r.id) });
      expect(results[5]!.accepted.sort()).toEqual([...replaced, ...fresh[3]!].map((r) => r.id).sort());
      for (const i of [0, 1, 2, 6, 7, 8]) expect(results[i]!.accepted).toEqual(batches[i]!.map((r) => r.id));
      // The twin's first seq is a duplicate when the second, sent at the same moment, was written before it.
      expect([...results[4]!.accepted, ...results[4]!.duplicates]).toEqual([twin.id]);
      expect(await s.countResponses({ surveyId: sv.id })).toBe(10 + 60 + 1);
      const kept: number[] = [];
      for await (const r of s.iterateResponses({ surveyId: sv.id })) if (r.id === twin.id) kept.push(r.seq);
      expect(kept).toEqual([2]);
      expect((await verifyRollups(s.db, { surveyId: sv.id })).differences).toEqual([]);
    });

    it('keep the fast path for a survey without deliveries that went in a statement with one that has them', async () => {
      const { db, statements } = counted(base.db);
      const s = createSqlStorage(db, { freshStatements: 1 });
      const site = unique('loud');
      const [loud, quiet] = [survey(unique('hooked')), survey(unique('quiet'))];
      await s.upsertSite({ key: site, origins: [], dimensions: ['location'] });
      await s.putSurvey(site, loud);
      await s.putSurvey(site, quiet);
      await s.setSurveySettings(loud.id, { webhookUrl: 'https://hooks.example/x' });
      const batches = [quiet, loud, quiet, loud].map((sv, b) => Array.from({ length: 5 }, (_, i) => response(sv.id, b * 5 + i)));
      await Promise.all(batches.map((b) => s.ingest(site, b)));
      const outbox = await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE survey_id = $1', [loud.id]);
      expect(outbox[0]?.n).toBe(10);
      const before = statements();
      await s.ingest(site, [response(quiet.id, 99)]);
      expect(statements()).toBe(before + 1);
      for (const sv of [loud, quiet]) expect((await verifyRollups(s.db, { surveyId: sv.id })).differences).toEqual([]);
    });
  });
}

describe('closing with batches waiting', () => {
  it('writes every batch it took before the database closes', async () => {
    const s = await openPGliteStorage();
    await s.migrate();
    const site = unique('closing');
    const sv = survey(unique('closing'));
    await s.upsertSite({ key: site, origins: [], dimensions: ['location'] });
    await s.putSurvey(site, sv);
    const batches = Array.from({ length: 12 }, (_, b) => Array.from({ length: 10 }, (_, i) => response(sv.id, b * 10 + i)));
    const results = batches.map((b) => s.ingest(site, b));
    await new Promise((r) => setTimeout(r, 1));
    await s.close();
    expect((await Promise.allSettled(results)).map((r) => r.status)).toEqual(batches.map(() => 'fulfilled'));
  });
});

groupedSuite('PGlite', () => openPGliteStorage());

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});
groupedSuite('PostgreSQL', () => openPostgresStorage(pg!.url));
