// One storage suite run against embedded PGlite and a real PostgreSQL cluster started for this file.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey, SurveyResponse } from '@tellus/schema';
import { startPostgres, type TestPostgres } from '../../../../scripts/postgres.mjs';
import { openPGliteStorage } from './pglite.js';
import { openPostgresStorage } from './postgres.js';
import type { Storage, StoredResponse } from './types.js';

const survey = (id: string, version = 1, text = 'How was it?'): Survey => ({
  id,
  version,
  questions: [{ id: 'csat', type: 'rating', scale: 5, text }],
});

let clock = Date.parse('2026-03-01T10:00:00.000Z');
const response = (surveyId: string, over: Partial<SurveyResponse> = {}): SurveyResponse => {
  const at = new Date((clock += 1000)).toISOString();
  return {
    id: randomUUID(),
    surveyId,
    surveyVersion: 1,
    seq: 0,
    completed: false,
    answers: {},
    meta: { locale: 'en' },
    createdAt: at,
    updatedAt: at,
    ...over,
  };
};

const all = async (it: AsyncIterable<StoredResponse>) => {
  const out: StoredResponse[] = [];
  for await (const r of it) out.push(r);
  return out;
};

const unique = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

function storageSuite(name: string, open: () => Promise<Storage>) {
  describe(`storage on ${name}`, () => {
    let s: Storage;
    let site: string;
    beforeAll(async () => {
      s = await open();
      await s.migrate();
      site = unique('site');
      await s.upsertSite({ key: site, name: 'Shop', origins: ['https://shop.example'] });
    });
    afterAll(async () => {
      await s?.close();
    });

    it('migrates twice without error (migrations are versioned, not re-run)', async () => {
      await s.migrate();
      expect(await s.getSite(site)).not.toBeNull();
    });

    it('stores a site and updates its origins, keeping the name when none is given', async () => {
      const key = unique('k');
      await s.upsertSite({ key, name: 'First', origins: ['https://a.example'] });
      await s.upsertSite({ key, origins: ['https://a.example', 'https://b.example'] });
      const got = await s.getSite(key);
      expect(got).toMatchObject({ key, name: 'First', origins: ['https://a.example', 'https://b.example'] });
      expect(Number.isNaN(Date.parse(got!.createdAt))).toBe(false);
      expect((await s.listSites()).map((x) => x.key)).toContain(key);
      expect(await s.getSite('no-such-site')).toBeNull();
    });

    it('versions surveys: same content is a no-op, changed content under the same version becomes a new version', async () => {
      const id = unique('srv');
      expect(await s.putSurvey(site, survey(id, 1))).toEqual({ version: 1, created: true });
      expect(await s.putSurvey(site, survey(id, 1))).toEqual({ version: 1, created: false });
      expect(await s.putSurvey(site, survey(id, 1, 'Changed?'))).toEqual({ version: 2, created: true });
      expect(await s.putSurvey(site, survey(id, 5, 'Five'))).toEqual({ version: 5, created: true });
      const latest = await s.getSurvey(id);
      expect(latest).toMatchObject({ id, version: 5, siteKey: site });
      expect(latest!.definition.version).toBe(5);
      const v2 = await s.getSurvey(id, 2);
      expect(v2!.definition.version).toBe(2);
      expect(v2!.definition.questions[0]!.text).toBe('Changed?');
      expect(await s.getSurvey(id, 3)).toBeNull();
      const listed = (await s.listSurveys(site)).filter((x) => x.id === id);
      expect(listed.map((x) => x.version)).toEqual([5]);
    });

    it('refuses surveys for unknown sites, surveys owned by another site and out-of-range versions', async () => {
      const id = unique('own');
      await expect(s.putSurvey('nope-' + randomUUID(), survey(id))).rejects.toThrow(/unknown site/);
      await s.putSurvey(site, survey(id));
      const other = unique('other');
      await s.upsertSite({ key: other, origins: [] });
      await expect(s.putSurvey(other, survey(id, 2))).rejects.toThrow(/another site/);
      await expect(s.putSurvey(site, survey(id, 2 ** 31))).rejects.toThrow(/version/);
      expect((await s.listSurveys(other)).length).toBe(0);
    });

    it('keeps survey settings per survey and updates only the given fields', async () => {
      const id = unique('set');
      expect(await s.getSurveySettings(id)).toEqual({ webhookUrl: null, webhookSecret: null, retentionDays: null });
      await s.setSurveySettings(id, { webhookUrl: 'https://hooks.example/x', webhookSecret: 'sec' });
      await s.setSurveySettings(id, { retentionDays: 30 });
      expect(await s.getSurveySettings(id)).toEqual({ webhookUrl: 'https://hooks.example/x', webhookSecret: 'sec', retentionDays: 30 });
      await s.setSurveySettings(id, { webhookUrl: null });
      expect(await s.getSurveySettings(id)).toEqual({ webhookUrl: null, webhookSecret: 'sec', retentionDays: 30 });
    });

    it('says how many deliveries a batch wrote to the outbox, and nothing when it wrote none', async () => {
      const quiet = unique('quiet');
      const first = await s.ingest(site, [response(quiet, { completed: true })]);
      expect(first.accepted).toHaveLength(1);
      expect(first.deliveries).toBeUndefined();
      const loud = unique('loud');
      await s.setSurveySettings(loud, { webhookUrl: 'https://hooks.example/x' });
      const batch = [response(loud, { completed: true }), response(loud, { completed: true }), response(loud, { completed: false })];
      const res = await s.ingest(site, batch);
      expect(res.accepted).toHaveLength(3);
      // One webhook delivery per completed response; a partial one is delivered when it completes.
      expect(res.deliveries).toBe(2);
      expect((await s.ingest(site, batch)).deliveries).toBeUndefined();
    });

    it('upserts by id: the highest seq wins, a lower or equal seq is a duplicate', async () => {
      const sid = unique('up');
      const first = response(sid, { seq: 1, answers: { csat: 2 } });
      expect(await s.ingest(site, [first])).toEqual({ accepted: [first.id], duplicates: [] });
      const newer = { ...first, seq: 3, completed: true, answers: { csat: 4 }, updatedAt: '2026-03-02T00:00:00.000Z' };
      expect(await s.ingest(site, [newer])).toEqual({ accepted: [first.id], duplicates: [] });
      const older = { ...first, seq: 2, answers: { csat: 1 } };
      expect(await s.ingest(site, [older])).toEqual({ accepted: [], duplicates: [first.id] });
      expect(await s.ingest(site, [newer])).toEqual({ accepted: [], duplicates: [first.id] });
      const rows = await all(s.iterateResponses({ surveyId: sid }));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: first.id, seq: 3, completed: true, answers: { csat: 4 }, siteKey: site });
      expect(rows[0]!.createdAt).toBe(first.createdAt);
      expect(rows[0]!.updatedAt).toBe('2026-03-02T00:00:00.000Z');
    });

    it('collapses one id repeated inside a batch to its highest seq, whatever the order', async () => {
      const sid = unique('dup');
      const base = response(sid);
      const batch = [3, 1, 5, 2, 5].map((seq) => ({ ...base, seq, answers: { csat: seq } }));
      const res = await s.ingest(site, batch);
      expect(res.accepted).toEqual([base.id]);
      expect(res.duplicates).toHaveLength(4);
      const rows = await all(s.iterateResponses({ surveyId: sid }));
      expect(rows.map((r) => r.seq)).toEqual([5]);
    });

    it('applies out-of-order seqs across batches so the stored row ends at the highest one', async () => {
      const sid = unique('ooo');
      const items = Array.from({ length: 20 }, () => response(sid));
      const seqs = [4, 0, 7, 2, 9, 1, 8, 3, 6, 5];
      for (const seq of seqs)
        await s.ingest(
          site,
          items.map((r) => ({ ...r, seq, answers: { csat: (seq % 5) + 1 } })),
        );
      const rows = await all(s.iterateResponses({ surveyId: sid }));
      expect(rows).toHaveLength(20);
      expect(rows.every((r) => r.seq === 9 && r.answers.csat === 5)).toBe(true);
    });

    it('stores exactly one row per id with the highest seq under concurrent overlapping batches', async () => {
      const sid = unique('conc');
      const ids = Array.from({ length: 75 }, () => response(sid));
      // 12 concurrent writers, each sending 50 of the 75 ids (overlapping, in its own order) at its own seq.
      const slices = Array.from({ length: 12 }, (_, w) => {
        const slice = ids.filter((_, i) => (i + w) % 3 !== 0);
        return w % 2 ? slice.reverse() : slice;
      });
      const results = await Promise.all(
        slices.map((slice, w) =>
          s.ingest(
            site,
            slice.map((r) => ({ ...r, seq: w, answers: { csat: (w % 5) + 1 } })),
          ),
        ),
      );
      const rows = await all(s.iterateResponses({ surveyId: sid }));
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      const touched = new Map<string, number>();
      slices.forEach((slice, w) => slice.forEach((r) => touched.set(r.id, Math.max(touched.get(r.id) ?? -1, w))));
      expect(rows.length).toBe(touched.size);
      for (const r of rows) expect(r.seq).toBe(touched.get(r.id));
      // Every item got exactly one verdict.
      const verdicts = results.reduce((n, r) => n + r.accepted.length + r.duplicates.length, 0);
      expect(verdicts).toBe(12 * 50);
      expect(results.reduce((n, r) => n + r.accepted.length, 0)).toBeGreaterThanOrEqual(touched.size);
    });

    it('never lets another site or survey take over a stored response id', async () => {
      const sid = unique('own');
      const r = response(sid, { seq: 1, answers: { csat: 5 } });
      await s.ingest(site, [r]);
      const other = unique('thief');
      await s.upsertSite({ key: other, origins: [] });
      expect(await s.ingest(other, [{ ...r, seq: 9, answers: { csat: 1 } }])).toEqual({ accepted: [], duplicates: [r.id] });
      expect(await s.ingest(site, [{ ...r, surveyId: sid + 'x', seq: 9 }])).toEqual({ accepted: [], duplicates: [r.id] });
      const rows = await all(s.iterateResponses({ surveyId: sid }));
      expect(rows[0]).toMatchObject({ seq: 1, siteKey: site, answers: { csat: 5 } });
    });

    it('answers with the ids as the client spelled them, even in upper case', async () => {
      const sid = unique('case');
      const r = response(sid);
      const upper = { ...r, id: r.id.toUpperCase() };
      expect(await s.ingest(site, [upper])).toEqual({ accepted: [upper.id], duplicates: [] });
      expect(await s.ingest(site, [r])).toEqual({ accepted: [], duplicates: [r.id] });
    });

    it('round-trips answers, meta and anonId, and normalises dates to ISO', async () => {
      const sid = unique('rt');
      const r = response(sid, {
        completed: true,
        anonId: 'anon_1',
        answers: { csat: 4, why: 'it\'s "great" -- ; DROP TABLE responses; ünïcödé 🎉', pick: { selected: ['a'], other: 'x' }, grid: { speed: 3 } },
        meta: { url: 'https://shop.example/p', agent: 'Ann', vip: true, score: 1.5, none: null },
        createdAt: '2026-03-01T12:00:00+02:00',
      });
      await s.ingest(site, [r]);
      const [row] = await all(s.iterateResponses({ surveyId: sid }));
      expect(row).toMatchObject({ answers: r.answers, meta: r.meta, anonId: 'anon_1', completed: true, surveyVersion: 1 });
      expect(row!.createdAt).toBe('2026-03-01T10:00:00.000Z');
      expect(Number.isNaN(Date.parse(row!.receivedAt))).toBe(false);
      const noAnon = response(sid);
      await s.ingest(site, [noAnon]);
      const rows = await all(s.iterateResponses({ surveyId: sid }));
      expect('anonId' in rows.find((x) => x.id === noAnon.id)!).toBe(false);
    });

    it('stores dates as Date reads them: canonical text as is, a day past the month end rolled over, no milliseconds filled in', async () => {
      const sid = unique('dates');
      const spelled = {
        '2026-03-01T12:34:56.789Z': '2026-03-01T12:34:56.789Z',
        '2026-02-30T23:59:59.999Z': '2026-03-02T23:59:59.999Z',
        '2026-04-31T00:00:00.000Z': '2026-05-01T00:00:00.000Z',
        '2026-03-01T12:00:00Z': '2026-03-01T12:00:00.000Z',
      };
      const rs = Object.keys(spelled).map((at) => response(sid, { createdAt: at, updatedAt: at }));
      expect((await s.ingest(site, rs)).accepted).toHaveLength(rs.length);
      const rows = new Map((await all(s.iterateResponses({ surveyId: sid }))).map((row) => [row.id, row]));
      for (const r of rs) {
        const want = spelled[r.createdAt as keyof typeof spelled];
        expect(rows.get(r.id)).toMatchObject({ createdAt: want, updatedAt: want });
      }
    });

    it('iterates in created order across pages, filtered by dates and completion', async () => {
      const sid = unique('iter');
      const t0 = Date.parse('2026-01-01T00:00:00.000Z');
      // 1,203 rows: more than two pages, several sharing a timestamp to exercise the keyset tie-break.
      const rows = Array.from({ length: 1203 }, (_, i) => {
        const at = new Date(t0 + Math.floor(i / 3) * 60_000).toISOString();
        return response(sid, { createdAt: at, updatedAt: at, completed: i % 2 === 0 });
      });
      for (let i = 0; i < rows.length; i += 50) await s.ingest(site, rows.slice(i, i + 50));
      const got = await all(s.iterateResponses({ surveyId: sid }));
      expect(got).toHaveLength(1203);
      expect(new Set(got.map((r) => r.id)).size).toBe(1203);
      for (let i = 1; i < got.length; i++) expect(got[i]!.createdAt >= got[i - 1]!.createdAt).toBe(true);
      const from = new Date(t0 + 100 * 60_000);
      const to = new Date(t0 + 200 * 60_000);
      const window = await all(s.iterateResponses({ surveyId: sid, from, to }));
      expect(window).toHaveLength(300); // minutes 100..199, three rows each: from inclusive, to exclusive
      const done = await all(s.iterateResponses({ surveyId: sid, completedOnly: true }));
      expect(done).toHaveLength(602);
      expect(await s.countResponses({ surveyId: sid })).toBe(1203);
      expect(await s.countResponses()).toBeGreaterThanOrEqual(1203);
    });

    it('erases one respondent everywhere and nobody else', async () => {
      const a = unique('era');
      const b = unique('erb');
      const anon = 'who_' + randomUUID().slice(0, 8);
      await s.ingest(site, [response(a, { anonId: anon }), response(b, { anonId: anon }), response(a, { anonId: 'someone_else' })]);
      expect(await s.deleteRespondent(anon)).toBe(2);
      expect(await s.deleteRespondent(anon)).toBe(0);
      expect(await s.countResponses({ surveyId: a })).toBe(1);
      expect(await s.countResponses({ surveyId: b })).toBe(0);
      const bySurvey = await s.countResponsesBySurvey();
      expect([bySurvey.get(a), bySurvey.get(b)]).toEqual([1, undefined]);
    });

    it('deletes a survey\u2019s responses older than a date, leaving other surveys alone', async () => {
      const a = unique('ret');
      const b = unique('reu');
      const old = '2025-01-01T00:00:00.000Z';
      const recent = '2026-06-01T00:00:00.000Z';
      await s.ingest(site, [
        response(a, { createdAt: old, updatedAt: old }),
        response(a, { createdAt: recent, updatedAt: recent }),
        response(b, { createdAt: old, updatedAt: old }),
      ]);
      expect(await s.deleteOlderThan(a, new Date('2026-01-01T00:00:00Z'))).toBe(1);
      expect(await s.countResponses({ surveyId: a })).toBe(1);
      expect(await s.countResponses({ surveyId: b })).toBe(1);
    });

    it.runIf(name === 'PostgreSQL')('keeps its connections through statements the server refuses', async () => {
      const backends = async () =>
        (await s.db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'")).map((r) => r.pid);
      const before = await backends();
      // More refusals than the pool holds connections: had any been dropped, a new backend would answer below.
      for (let i = 0; i < 12; i++) await expect(s.db.query('SELECT 1 / 0')).rejects.toMatchObject({ code: '22012' });
      const [row] = await s.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(before).toContain(row!.pid);
    });

    it('returns empty results for an empty batch', async () => {
      expect(await s.ingest(site, [])).toEqual({ accepted: [], duplicates: [] });
    });
  });
}

storageSuite('PGlite', () => openPGliteStorage());

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});
storageSuite('PostgreSQL', () => openPostgresStorage(pg!.url));
