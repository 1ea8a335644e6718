import { describe, expect, it } from 'vitest';
import { errorMessage } from './errors.js';
import { LIMITS } from './limits.js';
import { parseBatch, parseResponse } from './parse.js';
import { batch, surveyResponse } from './response.js';
import { checkBatchShape, checkResponseShape } from './response-check.js';

/** mulberry32: a small seeded generator, so a failure names an input that can be rebuilt. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const chance = (p: number) => next() < p;
  let noise = 0;
  return {
    next,
    int,
    pick,
    chance,
    /** Usually one of `valid`; in a noisy item now and then one of `invalid`. */
    either: <T>(valid: readonly T[], invalid: readonly T[]): T => (chance(noise) ? pick(invalid) : pick(valid)),
    /** How often `either` picks a wrong value from now on. */
    noisy: (p: number) => void (noise = p),
  };
}
type Rng = ReturnType<typeof rng>;

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const TEXT_PARTS = ['a', 'Z', ' ', 'ā', 'ش', '😀', '\n', '"', '\\', '\u0000', '\ud800', 'e\u0301', '<b>', '%', '.', '-', '_'];
const word = (r: Rng, n: number, chars = ALNUM) => Array.from({ length: n }, () => chars[r.int(0, chars.length - 1)]).join('');
const text = (r: Rng, max: number) => {
  const len = r.either([0, 1, 5, 40, max - 1, max], [max + 1]);
  let s = '';
  while (s.length < Math.min(len, 40)) s += r.pick(TEXT_PARTS);
  return s.repeat(Math.ceil(len / Math.max(1, s.length))).slice(0, len);
};
const hex = (r: Rng, n: number) => word(r, n, r.chance(0.9) ? '0123456789abcdef' : '0123456789ABCDEF');
const uuid = (r: Rng) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
const key = (r: Rng) => word(r, 1) + word(r, r.int(0, 12), `${ALNUM}_-`);
const metaKey = (r: Rng) => word(r, 1, 'abcdefXYZ') + word(r, r.int(0, 12), `${ALNUM}_.-`);
// toISOString's spelling, which isoTime reads itself, and near misses of it that Date.parse judges (some it takes).
const date = (r: Rng) =>
  r.pick([
    '2026-03-01T10:00:00.000Z',
    '2026-03-01',
    '2026-03-01T10:00:00+02:00',
    'March 1, 2026',
    '1999-12-31T23:59:59Z',
    '2200-01-01',
    '2024-02-29T23:59:59.999Z',
    '2026-02-29T10:00:00.000Z',
    '2026-04-31T10:00:00.000Z',
    '2026-03-01T24:00:00.000Z',
    '2026-03-01T10:60:00.000Z',
    '2026-13-01T10:00:00.000Z',
    '2026-03-01T10:00:00.000z',
    '2026-03-01 10:00:00.000Z',
    '2026-03-01T1a:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '+002026-03-01T10:00:00.000Z',
  ]);

function answerValue(r: Rng): unknown {
  switch (r.int(0, 6)) {
    case 0:
      return r.pick([0, 1, 5, 10, -3, 2.5, 1e300, -0]);
    case 1:
      return r.chance(0.5);
    case 2:
      return r.chance(0.3) ? r.pick(['up', 'down']) : text(r, LIMITS.textMax);
    case 3: {
      const selected = Array.from({ length: r.either([0, 1, 3, 20], [21]) }, () => key(r));
      return r.chance(0.5) ? { selected } : { other: text(r, LIMITS.textMax), selected };
    }
    case 4:
      return r.either(
        [{}, { email: 'a@b.co' }, { phone: '+371 2000 0000' }, { email: 'a@b.co', phone: '1' }],
        [{ phone: 'x'.repeat(41) }, { email: 'e'.repeat(255) }],
      );
    case 5:
      return Object.fromEntries(Array.from({ length: r.either([1, 3, 20], [21]) }, () => [key(r), r.int(1, 5)]));
    default:
      return r.either<unknown>(
        [1, 'x', true],
        [null, [1, 2], { nested: { a: 1 } }, { selected: 'x' }, { selected: [1] }, { email: 1 }, { a: 'x' }, { selected: [], email: 'x' }],
      );
  }
}

const metaValue = (r: Rng): unknown =>
  r.either<unknown>([null, true, 7, -0.5, 'web', text(r, LIMITS.metaValueMax)], ['x'.repeat(LIMITS.metaValueMax + 1), { a: 1 }, [1]]);

/** A response that is usually valid and, at random, wrong in one or more places. */
function response(r: Rng): Record<string, unknown> {
  r.noisy(r.chance(0.5) ? 0.1 : 0);
  const answers = Object.fromEntries(Array.from({ length: r.either([0, 1, 3, 30], [31]) }, () => [key(r), answerValue(r)]));
  const meta = Object.fromEntries(Array.from({ length: r.either([0, 2, 4, LIMITS.metaKeys], [LIMITS.metaKeys + 1]) }, () => [metaKey(r), metaValue(r)]));
  const out: Record<string, unknown> = {
    id: uuid(r),
    surveyId: key(r),
    surveyVersion: r.either([1, 1, 3, 2 ** 31, Number.MAX_SAFE_INTEGER], [0, 1.5, Number.MAX_SAFE_INTEGER + 1]),
    seq: r.either([0, 0, 7, 1_000_000], [1_000_001, -1, 0.5]),
    completed: r.chance(0.5),
    answers,
    meta,
    createdAt: date(r),
    updatedAt: date(r),
  };
  if (r.chance(0.5)) out.anonId = r.either(['v_abc', uuid(r), 'x'.repeat(128)], ['x'.repeat(129), 'bad id', '']);
  return out;
}

const BAD_VALUES: unknown[] = [undefined, null, 0, -1, 1.5, '', 'x', 'x'.repeat(41), true, [], {}, [1], { a: 1 }, Number.NaN, Number.POSITIVE_INFINITY];

/** One of many ways to spoil a value: a wrong type, a missing or extra key, a hostile key, a prototype that is not a plain object's. */
function mutate(r: Rng, value: Record<string, unknown>): unknown {
  const v = structuredClone(value);
  const answers = (v.answers ?? {}) as Record<string, unknown>;
  const meta = (v.meta ?? {}) as Record<string, unknown>;
  switch (r.int(0, 11)) {
    case 0:
      delete v[r.pick(Object.keys(v))];
      return v;
    case 1:
      v[r.pick(Object.keys(v))] = r.pick(BAD_VALUES);
      return v;
    case 2:
      v[r.pick(['extra', '__proto__', 'constructor', 'toString', 'ID', 'answer'])] = 1;
      return v;
    case 3:
      answers[r.pick(['__proto__', 'constructor', '_x', '-x', '', 'a b', 'ü', 'x'.repeat(65), '123', '1e3'])] = 1;
      return v;
    case 4:
      meta[r.pick(['__proto__', '1abc', '_x', 'a b', 'x'.repeat(65), 'a.b-c_d', 'ok'])] = r.pick(BAD_VALUES);
      return v;
    case 5:
      // JSON.parse makes "__proto__" an own key, the way a request body brings it.
      return JSON.parse(
        JSON.stringify(v).replace(
          /"(answers|meta)":\{(\}?)/,
          (_, field, empty) => `"${field}":{"__proto__":${r.pick(['1', '{"polluted":1}', '"x"', 'null'])}${empty || ','}`,
        ),
      );
    case 6:
      return Object.assign(Object.create(null), v);
    case 7:
      v.answers = Object.assign(Object.create(null), answers);
      return v;
    case 8:
      v.answers = { ...answers, [Symbol('s')]: 1 };
      return v;
    case 9:
      return r.pick([null, [], 'x', 1, [v]]);
    case 10: {
      const k = Object.keys(answers)[0];
      if (k) answers[k] = r.pick([{ selected: ['a'], other: undefined }, { email: undefined }, { selected: ['a', 'a'] }, { a: Number.NaN }, answerValue(r)]);
      return v;
    }
    default:
      v.anonId = r.pick([undefined, null, 'ok', 1]);
      return v;
  }
}

const ASTRAL = /[\ud800-\udbff][\udc00-\udfff]/;
const zodResponse = (input: unknown) => surveyResponse.safeParse(input, { error: errorMessage });
/** Equal values with keys in the same order (JSON text) and the same undefined holes (toEqual). */
function expectSameValue(fast: unknown, zod: unknown) {
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod));
  expect(fast).toStrictEqual(zod);
}

const ordinary = {
  id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
  surveyId: 's',
  surveyVersion: 1,
  seq: 0,
  completed: false,
  answers: { k: { selected: ['a'] } },
  meta: { a: 1 },
  createdAt: '2026-01-01',
  updatedAt: '2026-01-01',
};

describe('checkResponseShape', () => {
  it('agrees with zod on thousands of generated responses, valid and spoiled, item by item', () => {
    const r = rng(20261202);
    let bothAccepted = 0;
    let bothRefused = 0;
    let leftToZod = 0;
    for (let i = 0; i < 6000; i++) {
      const base = response(r);
      const mutated = r.chance(0.4);
      const input = mutated ? mutate(r, base) : base;
      const zod = zodResponse(input);
      const fast = checkResponseShape(input);
      const where = `item ${i}: ${JSON.stringify(input)?.slice(0, 300)}`;
      if (fast !== undefined) {
        expect(zod.success, where).toBe(true);
        expectSameValue(fast, zod.data);
        bothAccepted++;
      } else if (zod.success) {
        // Only a spoiled item (a "__proto__" key, an odd prototype, an undefined value) or one whose text passes a
        // limit in UTF-16 units, not in code points (zod counts code points), is left to zod.
        expect(mutated || ASTRAL.test(JSON.stringify(input)), where).toBe(true);
        leftToZod++;
      } else bothRefused++;
      // parseResponse (fast path, then zod) gives what zod alone gives: the value or the same issues.
      if (zod.success) expectSameValue(parseResponse(input), zod.data);
      else expect(() => parseResponse(input), where).toThrow(expect.objectContaining({ issues: expect.any(Array) }));
    }
    // Both sides of the line are exercised, and the fast path takes nearly every valid item.
    expect(bothAccepted).toBeGreaterThan(500);
    expect(bothRefused).toBeGreaterThan(500);
    expect(leftToZod).toBeGreaterThan(0);
  });

  it('takes every ordinary valid response itself, leaving zod only the refusals and the odd ones', () => {
    const r = rng(7);
    const good = {
      id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
      surveyId: 'post-chat',
      surveyVersion: 3,
      seq: 2,
      completed: true,
      answers: { r: 4, t: 'Fast ✓ 😀', k: { selected: ['complaint'], other: 'x' }, m: { trust: 3 }, c: { email: 'a@b.co' }, e: {}, h: 'up', b: false },
      meta: { url: 'https://shop.example.com/support', locale: 'lv', agent: 7, vip: true, orderId: null },
      anonId: 'v_abc123',
      createdAt: '2026-11-23T10:00:00.000Z',
      updatedAt: '2026-11-23T10:00:05.000Z',
    };
    expectSameValue(checkResponseShape(good), zodResponse(good).data);
    for (let i = 0; i < 200; i++) {
      const { anonId: _, ...withoutAnonId } = good;
      const input = { ...withoutAnonId, id: uuid(r), seq: r.int(0, 1_000_000), answers: { [key(r)]: r.int(0, 10), [key(r)]: text(r, 900) } };
      expect(zodResponse(input).success).toBe(true);
      expectSameValue(checkResponseShape(input), zodResponse(input).data);
    }
  });

  it('leaves a response with a "__proto__" key to zod, which drops the key as before', () => {
    const input = JSON.parse(
      '{"id":"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b","surveyId":"s","surveyVersion":1,"seq":0,"completed":false,"answers":{"__proto__":{"polluted":1},"a":1},"meta":{},"createdAt":"2026-01-01","updatedAt":"2026-01-01"}',
    );
    expect(checkResponseShape(input)).toBeUndefined();
    const parsed = parseResponse(input);
    expect(Object.keys(parsed.answers)).toEqual(['a']);
    expect(Object.getPrototypeOf(parsed.answers)).toBe(Object.prototype);
  });

  it('leaves text over a limit in UTF-16 units but within it in code points to zod, which takes it', () => {
    const input = { ...ordinary, meta: { note: '😀'.repeat(LIMITS.metaValueMax / 2 + 1) } };
    expect(checkResponseShape(input)).toBeUndefined();
    expect(parseResponse(input).meta.note).toBe(input.meta.note);
    expect(() => parseResponse({ ...input, meta: { note: '😀'.repeat(LIMITS.metaValueMax + 1) } })).toThrow(/meta.note/);
  });

  it('returns fresh objects, as zod does, so later changes to the input do not reach the parsed value', () => {
    const input = structuredClone(ordinary);
    const parsed = checkResponseShape(input)!;
    expect(parsed).not.toBe(input);
    expect(parsed.answers).not.toBe(input.answers);
    expect(parsed.answers.k).not.toBe(input.answers.k);
    expect(parsed.meta).not.toBe(input.meta);
  });
});

describe('checkBatchShape', () => {
  it('agrees with zod on generated envelopes', () => {
    const r = rng(99);
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      const responses = Array.from({ length: r.pick([0, 1, 2, 50, 51]) }, () => r.pick([1, 'x', null, {}]));
      let input: unknown = { siteKey: r.pick(['demo', 'a_b-C9', '', 'bad key', 'x'.repeat(64), 'x'.repeat(65), 'ü']), responses };
      if (r.chance(0.3)) input = mutate(r, input as Record<string, unknown>);
      const zod = batch.safeParse(input, { error: errorMessage });
      const fast = checkBatchShape(input);
      if (fast !== undefined) {
        expect(zod.success, JSON.stringify(input)?.slice(0, 200)).toBe(true);
        expectSameValue(fast, zod.data);
        expect(fast.responses).not.toBe((input as { responses: unknown }).responses);
        accepted++;
      }
      if (zod.success) expectSameValue(parseBatch(input), zod.data);
      else expect(() => parseBatch(input)).toThrow(/./);
    }
    expect(accepted).toBeGreaterThan(300);
  });
});
