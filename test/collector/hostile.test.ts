// Hostile input never yields a 5xx nor a stored row that fails validation: named attacks, then 10,000 seeded random payloads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAnswers, parseResponse } from '@tellus/schema';
import { createApp, openPGliteStorage, openPostgresStorage, silentLogger, type Storage } from '@tellus/collector';
import { startPostgres, type TestPostgres } from '../../scripts/postgres.mjs';
import { ADMIN, fullSurvey, makeResponse, ORIGIN, rng, uuidv7 } from './fixtures.js';

const SQL = [
  "'; DROP TABLE responses; --",
  "' OR '1'='1",
  '"; DELETE FROM sites; --',
  '$1 $$ $tag$ \\ \\\\ %s %% _',
  "E'\\x00'",
  "Robert'); DROP TABLE students;--",
  '\u0000',
  "'::jsonb",
  '*/ SELECT pg_sleep(10); /*',
];
const WEIRD_STRINGS = [
  ...SQL,
  '',
  ' ',
  '\ud800',
  '\udfff\ud800',
  '🎉👩‍👩‍👧',
  'مرحبا بالعالم',
  '\u202e\u200f',
  '<script>alert(1)</script>',
  'x'.repeat(5001),
  '__proto__',
  'constructor',
  'prototype',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  'Tue, 01 Jan 30000 00:00:00 GMT',
  '1e400',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '__defineGetter__'];

type Post = (body: string | Uint8Array, type?: string) => Promise<Response>;
type Ack = { accepted: string[]; duplicates: string[]; rejected: { id: string; error: string }[] };

function hostileSuite(name: string, open: () => Promise<Storage>, fuzzCount: number) {
  describe(`hostile input on ${name}`, () => {
    let storage: Storage;
    let post: Post;
    const statuses = new Map<number, number>();

    beforeAll(async () => {
      storage = await open();
      await storage.migrate();
      await storage.upsertSite({ key: 'shop', origins: [ORIGIN] });
      await storage.upsertSite({ key: 'other', origins: ['https://other.example'] });
      await storage.putSurvey('shop', fullSurvey());
      await storage.putSurvey('shop', { ...fullSurvey(), version: 2, questions: fullSurvey().questions.slice(0, 3) });
      await storage.putSurvey('other', fullSurvey('theirs'));
      const app = createApp({ storage, adminToken: ADMIN, logger: silentLogger, limits: { rate: { burst: 1e9, perSecond: 1e9 } } });
      post = async (body, type = 'application/json') => {
        const res = await app.request('/v1/responses', {
          method: 'POST',
          headers: { 'content-type': type, origin: ORIGIN },
          body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        return res;
      };
    });

    afterAll(async () => {
      await storage?.close();
    });

    const batch = (responses: unknown[]) => JSON.stringify({ siteKey: 'shop', responses });

    /** Every stored row must pass the same checks ingestion applies, against its own survey version. */
    async function expectEveryStoredRowValid(): Promise<number> {
      let n = 0;
      for (const surveyId of ['post-chat', 'theirs']) {
        for await (const row of storage.iterateResponses({ surveyId })) {
          const { siteKey, receivedAt, ...response } = row;
          expect(siteKey).toBe(surveyId === 'theirs' ? 'other' : 'shop');
          expect(Number.isNaN(Date.parse(receivedAt))).toBe(false);
          const parsed = parseResponse(response);
          const survey = await storage.getSurvey(parsed.surveyId, parsed.surveyVersion);
          expect(survey?.siteKey).toBe(siteKey);
          expect(checkAnswers(survey!.definition, parsed.answers, parsed.completed)).toEqual([]);
          n++;
        }
      }
      return n;
    }

    it('refuses deep nesting as a whole request and inside items', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      expect((await post(deep)).status).toBe(400);
      expect((await post(`{"siteKey":"shop","responses":[{"answers":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}]}`)).status).toBe(400);
      const nested = makeResponse('post-chat', { answers: { csat: 3, grid: { speed: { a: { b: { c: 1 } } } as never } } });
      const res = await post(batch([nested]));
      expect(res.status).toBe(200);
      expect(((await res.json()) as Ack).rejected).toHaveLength(1);
    });

    it('answers 1 MB strings with 413 and never stores them', async () => {
      const huge = makeResponse('post-chat', { answers: { csat: 2, why: 'x'.repeat(1024 * 1024) } });
      expect((await post(batch([huge]))).status).toBe(413);
      expect((await post(batch([{ ...makeResponse(), meta: { k: 'é'.repeat(600_000) } }]), 'text/plain')).status).toBe(413);
    });

    it('rejects wrong types in every field item by item', async () => {
      const good = makeResponse();
      const fields = Object.keys(good) as (keyof typeof good)[];
      const values = [null, true, 0, -1, 1.5, 2 ** 53, 'str', [], {}, [1, 2], { a: 1 }];
      const items = fields.flatMap((f) => values.map((v) => ({ ...makeResponse(), [f]: v })));
      for (let i = 0; i < items.length; i += 50) {
        const res = await post(batch(items.slice(i, i + 50)));
        expect(res.status).toBe(200);
      }
      await expectEveryStoredRowValid();
    });

    it('treats prototype-pollution keys as data or rejects them, and pollutes nothing', async () => {
      for (const key of PROTO_KEYS) {
        for (const value of ['{"polluted":true}', '{"csat":3}', '3', '"x"']) {
          const body = batch([makeResponse()]);
          const inject = (anchor: string) => body.replace(anchor, `${anchor}"${key}":${value},`);
          for (const hostile of [inject('"answers":{'), inject('"meta":{'), inject('"responses":[{')]) {
            const res = await post(hostile);
            expect(res.status).toBe(200);
            const ack = (await res.json()) as Ack;
            // "__proto__" is never data; the others may be (a meta attribute named "constructor").
            if (key === '__proto__') expect(ack.rejected).toEqual([{ id: expect.any(String), error: 'forbidden key "__proto__"' }]);
            else expect(ack.accepted.length + ack.rejected.length).toBe(1);
          }
          const envelope = await post(body.replace('{"siteKey"', `{"${key}":${value},"siteKey"`));
          expect(envelope.status).toBe(400);
        }
      }
      // The required csat hidden in a prototype must not make an unanswered response complete.
      const sneaky = batch([makeResponse('post-chat', { answers: { nps: 5 }, completed: false })])
        .replace('"completed":false', '"completed":true')
        .replace('"answers":{', '"answers":{"__proto__":{"csat":3},');
      expect(((await (await post(sneaky)).json()) as Ack).accepted).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
      await expectEveryStoredRowValid();
    });

    it('answers invalid UTF-8 with 400', async () => {
      const valid = new TextEncoder().encode(batch([makeResponse('post-chat', { answers: { csat: 1, why: 'ab' } })]));
      const at = new TextDecoder().decode(valid).indexOf('ab');
      for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80] /* encoded surrogate */, [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]]) {
        const bytes = new Uint8Array([...valid.slice(0, at), ...bad, ...valid.slice(at + 2)]);
        const res = await post(bytes);
        expect(res.status).toBe(400);
        expect(await res.json()).toEqual({ error: 'body is not valid UTF-8' });
      }
    });

    it('stores SQL metacharacters verbatim where they are valid data and rejects them where they are not', async () => {
      const ok = SQL.filter((s) => !s.includes('\u0000')).map((s) =>
        makeResponse('post-chat', { answers: { csat: 2, why: s, kind: { selected: [], other: s } }, meta: { agent: s, [`k${SQL.indexOf(s)}`]: s } }),
      );
      const res = await post(batch(ok));
      expect(((await res.json()) as Ack).accepted).toHaveLength(ok.length);
      const stored = new Map<string, unknown>();
      for await (const row of storage.iterateResponses({ surveyId: 'post-chat' })) stored.set(row.id, row.answers.why);
      for (const r of ok) expect(stored.get(r.id)).toBe(r.answers.why);
      // Where the schema allows no such characters (ids, keys), they are item rejections.
      const bad = SQL.map((s, i) =>
        i % 3 === 0 ? { ...makeResponse(), id: s } : i % 3 === 1 ? { ...makeResponse(), surveyId: s } : { ...makeResponse(), anonId: s },
      );
      const badRes = await post(batch(bad));
      expect(badRes.status).toBe(200);
      expect(((await badRes.json()) as Ack).rejected).toHaveLength(bad.length);
      const siteSql = await post(JSON.stringify({ siteKey: SQL[0], responses: [makeResponse()] }));
      expect(siteSql.status).toBe(400);
      expect(await storage.getSite('shop')).not.toBeNull();
      await expectEveryStoredRowValid();
    });

    it(`survives ${fuzzCount.toLocaleString('en')} seeded random payloads without a 5xx or an invalid stored row`, async () => {
      const seed = Number(process.env.TELLUS_FUZZ_SEED ?? 4242);
      const random = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
      const ids: string[] = Array.from({ length: 200 }, () => uuidv7());

      const randomValue = (depth = 0): unknown => {
        switch (int(0, depth > 3 ? 5 : 8)) {
          case 0: return null;
          case 1: return random() < 0.5;
          case 2: return pick([0, -1, 1, 3, 5, 7, 10, 11, 1.5, -0, 2 ** 31, 2 ** 53, 1e308, -1e308]);
          case 3: return pick(WEIRD_STRINGS);
          case 4: return pick(['up', 'down', 'complaint', 'compliment', 'speed', 'trust']);
          case 5: return int(0, 10);
          case 6: return Array.from({ length: int(0, 4) }, () => randomValue(depth + 1));
          case 7: return { selected: pick([[], ['complaint'], ['complaint', 'compliment'], ['nope'], 'x']), ...(random() < 0.3 && { other: pick(WEIRD_STRINGS) }) };
          default: return Object.fromEntries(Array.from({ length: int(0, 3) }, () => [pick([...PROTO_KEYS, 'speed', 'trust', 'a']), randomValue(depth + 1)]));
        }
      };
      const questionIds = ['csat', 'nps', 'effort', 'why', 'kind', 'grid', 'thumb', 'nope', ...PROTO_KEYS];
      const plausibleAnswer = (q: string): unknown =>
        random() < 0.4 ? randomValue() : ({
          csat: int(0, 6), nps: int(-1, 11), effort: int(0, 8), why: pick(['fine', ...WEIRD_STRINGS]),
          kind: { selected: pick([[], ['complaint'], ['compliment', 'complaint']]) }, grid: { speed: int(1, 5), trust: int(0, 6) },
          thumb: pick(['up', 'down', 'sideways']),
        } as Record<string, unknown>)[q] ?? randomValue();

      const item = (): unknown => {
        const r: Record<string, unknown> = {
          ...makeResponse(pick(['post-chat', 'post-chat', 'post-chat', 'theirs', 'ghost'])),
          id: random() < 0.9 ? pick(ids) : pick([...WEIRD_STRINGS, uuidv7().toUpperCase()]),
          surveyVersion: pick([1, 1, 1, 2, 3, 0, 2 ** 31]),
          seq: pick([int(0, 30), int(0, 30), -1, 1.5, 1_000_001]),
          completed: random() < 0.5,
          answers: Object.fromEntries(Array.from({ length: int(0, 4) }, () => { const q = pick(questionIds); return [q, plausibleAnswer(q)]; })),
        };
        if (random() < 0.2) r.meta = Object.fromEntries(Array.from({ length: int(0, 4) }, () => [pick(['agent', 'url', ...PROTO_KEYS, 'a b', '']), randomValue(3)]));
        if (random() < 0.15) r.createdAt = pick(WEIRD_STRINGS);
        if (random() < 0.1) r.anonId = randomValue();
        if (random() < 0.1) delete r[pick(Object.keys(r))];
        if (random() < 0.05) r[pick(['extra', ...PROTO_KEYS])] = randomValue();
        return r;
      };

      const payload = (): { body: string | Uint8Array; type: string } => {
        const type = pick(['application/json', 'application/json', 'text/plain;charset=UTF-8', 'application/json; charset=utf-8', 'text/html', 'application/x-www-form-urlencoded']);
        const roll = random();
        const items = () => Array.from({ length: int(1, random() < 0.1 ? 55 : 8) }, item);
        if (roll < 0.7) return { body: batch(items()), type };
        if (roll < 0.8) {
          const env = { siteKey: pick(['shop', 'shop', 'other', 'ghost', ...WEIRD_STRINGS]), responses: random() < 0.8 ? items() : randomValue() };
          let text = JSON.stringify(env);
          if (random() < 0.3) text = text.replace('{', `{"${pick(PROTO_KEYS)}":${JSON.stringify(randomValue())},`);
          return { body: text, type };
        }
        if (roll < 0.87) {
          const text = batch(items());
          return { body: text.slice(0, int(0, text.length)), type }; // truncated JSON
        }
        if (roll < 0.93) {
          const bytes = new TextEncoder().encode(batch(items()));
          for (let k = int(1, 5); k > 0; k--) bytes[int(0, bytes.length - 1)] = int(0x80, 0xff);
          return { body: bytes, type };
        }
        if (roll < 0.97) {
          const d = int(1, 2000);
          return { body: pick(['[', '{"a":']).repeat(d) + '1' + pick([']', '}']).repeat(d), type };
        }
        if (roll < 0.995) return { body: Uint8Array.from({ length: int(0, 500) }, () => int(0, 255)), type };
        return { body: batch([{ ...makeResponse(), answers: { why: 'y'.repeat(int(250_000, 1_100_000)) } }]), type };
      };

      let accepted = 0;
      let rejected = 0;
      for (let n = 0; n < fuzzCount; n++) {
        const { body, type } = payload();
        const res = await post(body, type);
        if (res.status >= 500) throw new Error(`5xx for payload #${n} (seed ${seed}): ${String(await res.text())}`);
        expect([200, 400, 403, 413, 415]).toContain(res.status);
        const json = (await res.json()) as Ack & { error?: string };
        if (res.status === 200) {
          accepted += json.accepted.length;
          rejected += json.rejected.length;
        } else expect(typeof json.error).toBe('string');
      }
      // The fuzz must exercise both paths, or it proves nothing.
      expect(accepted).toBeGreaterThan(fuzzCount / 50);
      expect(rejected).toBeGreaterThan(fuzzCount);
      expect(await expectEveryStoredRowValid()).toBeGreaterThan(0);
      expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    }, 240_000); // ~20 s alone on PGlite; generous for a loaded CI runner
  });
}

describe('hostile URLs and headers', () => {
  it('answers every malformed path, query and header with a 4xx or a page, never a 5xx', async () => {
    const storage = await openPGliteStorage();
    try {
      await storage.migrate();
      await storage.upsertSite({ key: 'shop', origins: [ORIGIN] });
      await storage.putSurvey('shop', fullSurvey());
      const app = createApp({ storage, adminToken: ADMIN, logger: silentLogger });
      const auth = { authorization: `Bearer ${ADMIN}` };
      const paths = [
        '/widget/%', '/widget/%zz.js', '/widget/%E0%A4%A.js', '/widget/..%2f..%2fpackage.json', '/widget/%2e%2e/%2e%2e/etc/passwd.js', '/widget//etc/passwd.js',
        '/s/%', '/s/%ff', '/s/x%0d%0a', '/dashboard/surveys/%', '/dashboard/surveys/%0d%0a?token=x', `/dashboard/surveys/a%0d%0ab?token=${ADMIN}`,
        '/v1/surveys/%/results', '/v1/surveys/post-chat/results?from=-271821-04-20', '/v1/surveys/post-chat/results?to=%', '/v1/surveys/post-chat/results?groupBy=%00',
        '/v1/surveys/post-chat/responses.csv?from=275760-09-13', '/v1/admin/surveys/post-chat?version=1e400', '/v1/respondents/%', '/v1/sites/%/surveys',
      ];
      for (const path of paths) {
        for (const method of ['GET', 'DELETE', 'PUT', 'POST']) {
          const res = await app.request(path, { method, headers: { ...auth, 'content-type': 'application/json', cookie: 'tellus_admin=%' }, ...(method === 'PUT' || method === 'POST' ? { body: '{}' } : {}) });
          expect([method, path, res.status < 500]).toEqual([method, path, true]);
        }
      }
    } finally {
      await storage.close();
    }
  }, 120_000);
});

hostileSuite('PGlite', () => openPGliteStorage(), 10_000);

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});
hostileSuite('PostgreSQL', () => openPostgresStorage(pg!.url), 2_000);
