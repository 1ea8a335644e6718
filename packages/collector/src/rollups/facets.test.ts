// The counting of roll-ups in JavaScript: facets, dimension values, days, and agreement with the SQL facets that
// results use when they scan responses (migration 004's tellus_facets), on a real PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGliteStorage } from '../storage/pglite.js';
import type { Storage } from '../storage/types.js';
import {
  canonicalJson,
  createTally,
  type Count,
  type Described,
  describe as describeChange,
  dimensionValue,
  facetsOf,
  type HasSlot,
  textFacet,
  utcDay,
} from './facets.js';
import { DEFAULT_DIMENSIONS, META_DIMENSION, OTHER_VALUE } from './sql.js';

const facetMap = (answers: unknown) => facetsOf(answers).map((f) => [f.question, JSON.parse(f.json), f.scalar]);

describe('facetsOf', () => {
  it('spells numbers, booleans and text facets as canonicalJson does, the kept spellings included', () => {
    const answers: unknown[] = [0, -0, 1, 5, 10, 11, -1, 2.5, 1e21, true, false, '', ' ', '\u00a0', 'x', 'Quick delivery'];
    for (let n = 0; n < 5000; n++) answers.push('y'.repeat(n % 700) + (n % 3 ? '' : ' '));
    for (const round of [1, 2])
      for (const value of answers) {
        const [facet] = facetsOf({ q: value });
        const expected = typeof value === 'string' ? canonicalJson(textFacet(value)) : canonicalJson(value);
        expect(facet?.json, `${String(value).slice(0, 20)} (round ${round})`).toBe(expected);
      }
  });

  it('turns text into its UTF-16 length and trim() blankness, and keeps thumbs as they are', () => {
    expect(facetMap({ why: '😀x', blank: ' \u00a0\u3000\ufeff', nel: '\u0085', t: 'up' })).toEqual([
      ['why', { $text: { length: 3, blank: false } }, false],
      ['blank', { $text: { length: 4, blank: true } }, false],
      ['nel', { $text: { length: 1, blank: false } }, false],
      ['t', 'up', true],
    ]);
  });

  it('keeps a choice whole but for its other text, and gives a matrix its shape plus one facet per row', () => {
    expect(facetMap({ c: { selected: ['a'], other: ' ' }, m: { b: 2.5, a: 1, z: 'x' } })).toEqual([
      ['c', { selected: ['a'], other: { $text: { length: 1, blank: true } } }, false],
      ['m', { $matrix: { rows: ['a', 'b', 'z'], min: 1, max: 2.5, whole: false } }, false],
      ['m', { $matrix: { row: 'b', rating: 2.5 } }, false],
      ['m', { $matrix: { row: 'a', rating: 1 } }, false],
      ['m', { $matrix: { row: 'z', rating: 'x' } }, false],
    ]);
  });

  it('skips what JSON would not store and counts nothing for answers that are not an object', () => {
    expect(facetMap({ gone: undefined, n: 0 })).toEqual([['n', 0, true]]);
    expect(facetsOf([1, 2])).toEqual([]);
    expect(facetsOf(null)).toEqual([]);
  });
});

describe('dimension values', () => {
  it('spell every value as canonicalJson does, the kept spellings of repeated values too, and past the cache bound', () => {
    const values: unknown[] = ['riga', 'a"b', 'ā\\', '\u2028', 'x'.repeat(198), 'x'.repeat(199), 3, 2.5, true, ['a'], { b: 1, a: 2 }];
    for (let i = 0; i < 5000; i++) values.push(`agent-${i}`);
    for (const round of [1, 2])
      for (const v of values) {
        const json = canonicalJson(v);
        expect(dimensionValue({ location: v }, 'location'), `${String(v).slice(0, 20)} (round ${round})`).toBe(json.length > 200 ? null : json);
      }
  });

  it('read none for missing, null and "", never an inherited property, and too long values as no group', () => {
    expect(dimensionValue({ location: '' }, 'location')).toBe('null');
    expect(dimensionValue({}, 'constructor')).toBe('null');
    expect(dimensionValue({ location: 3 }, 'location')).toBe('3');
    expect(dimensionValue({ location: 'riga' }, 'location')).toBe('"riga"');
    expect(dimensionValue({ location: 'x'.repeat(300) }, 'location')).toBeNull();
  });

  it('count a value without a slot in the other bucket, and attribute names only with one', () => {
    const d = describeChange(
      {
        siteKey: 's',
        surveyId: 'v',
        surveyVersion: 1,
        completed: true,
        createdAt: '2026-01-01T23:59:59.999Z',
        answers: { nps: 9 },
        meta: { location: 'riga' },
        w: 1,
      },
      ['location'],
    );
    const counts = createTally();
    counts.add(d, () => false);
    expect([...counts.values()].map((c) => [c.dimension, c.question, c.value, c.facet, c.day, c.n])).toEqual([
      ['', '', '', 'null', '2026-01-01', 1],
      ['', 'nps', '', '9', '2026-01-01', 1],
      ['location', '', OTHER_VALUE, 'null', '2026-01-01', 1],
      ['location', 'nps', OTHER_VALUE, '9', '2026-01-01', 1],
    ]);
  });
});

it('spells canonical JSON with sorted keys and days in UTC', () => {
  expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":2,"d":1}]}');
  expect(utcDay(new Date('2026-03-01T00:30:00+02:00'))).toBe('2026-02-28');
});

/** mulberry32, so a failing case can be rebuilt from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

/** The counts of described changes as the definition reads, one joined text per key: what createTally must give, in its order. */
function plainCounts(described: Described[], hasSlot: HasSlot): Count[] {
  const byKey = new Map<string, Count>();
  for (const d of described) {
    const bump = (dimension: string, question: string, value: string, facet: string) => {
      const key = [d.surveyId, d.day, d.surveyVersion, d.completed, dimension, value, question, facet].join('\u0000');
      const c = byKey.get(key);
      if (c) c.n += d.w;
      else
        byKey.set(key, { surveyId: d.surveyId, dimension, question, day: d.day, value, facet, surveyVersion: d.surveyVersion, completed: d.completed, n: d.w });
    };
    bump('', '', '', 'null');
    for (const f of d.facets) bump('', f.question, '', f.json);
    for (const { dimension, value } of d.dimensions) {
      const slotted = value !== null && hasSlot(d.surveyId, d.day, dimension, value);
      if (dimension === META_DIMENSION) {
        if (slotted) bump(dimension, '', value, 'null');
        continue;
      }
      const group = slotted ? value : OTHER_VALUE;
      bump(dimension, '', group, 'null');
      for (const f of d.facets) if (f.scalar) bump(dimension, f.question, group, f.json);
    }
  }
  return [...byKey.values()];
}

describe('fast paths agree with the definitions', () => {
  it('reads the day of ISO text as new Date(text) does, also for impossible dates, 24:00 and years outside 1000–9999', () => {
    const r = rng(11);
    const two = () => String(Math.floor(r.next() * 35)).padStart(2, '0');
    const reference = (at: string) => {
      try {
        return new Date(at).toISOString().slice(0, 10);
      } catch {
        return 'throws';
      }
    };
    const ours = (at: string) => {
      try {
        return utcDay(at);
      } catch {
        return 'throws';
      }
    };
    for (let i = 0; i < 5000; i++) {
      const year = r.pick(['2026', '2024', '1900', '2000', '2100', '0999', '1000', '9999', '0000']);
      const at = `${year}-${two()}-${two()}T${r.pick(['00', '12', '23', '24', two()])}:${two()}:${two()}.${r.pick(['000', '999', '5'])}${r.pick(['Z', 'Z', '+02:00', ''])}`;
      const want = reference(at);
      if (want !== 'throws' && !(Number(year) >= 1000)) continue; // years below 1000 take utcDay's padded path, tested above
      expect(ours(at), at).toBe(want);
    }
  });

  it('counts generated responses as the plain definition does, count by count and in the same order', () => {
    const r = rng(5);
    const text = () => r.pick(['', ' ', 'Quick delivery', '😀', '\u0085', 'x'.repeat(300)]);
    const answer = () =>
      r.pick<unknown>([
        1,
        2,
        5,
        9,
        2.5,
        true,
        false,
        null,
        'up',
        'down',
        text(),
        [1, 'a'],
        { selected: ['a'] },
        { selected: ['b'], other: text() },
        { a: 1, b: 'x' },
        undefined,
      ]);
    const described: Described[] = [];
    for (let i = 0; i < 400; i++) {
      const answers = Object.fromEntries(['csat', 'nps', 'why', 'k', 'm'].filter(() => r.next() < 0.7).map((q) => [q, answer()]));
      const meta = Object.fromEntries(
        ['location', 'agent', 'channel', 'url', 'plan']
          .filter(() => r.next() < 0.6)
          .map((k) => [k, r.pick<unknown>(['riga', 'web', 3, null, '', 'x'.repeat(250), undefined])]),
      );
      const change = {
        siteKey: 's',
        surveyId: r.pick(['a', 'b']),
        surveyVersion: r.pick([1, 2]),
        completed: r.next() < 0.5,
        createdAt: r.pick([
          '2026-03-01T10:00:00.000Z',
          '2026-03-01T23:59:59.999Z',
          '2026-03-02T00:00:00.000Z',
          new Date('2026-03-01T00:30:00+02:00'),
          Date.UTC(2026, 2, 1),
        ]),
        answers,
        meta,
        w: r.pick([1, 1, -1]),
      };
      const d = describeChange(change, r.pick([DEFAULT_DIMENSIONS, ['plan'], null]));
      // The facets themselves: text spelled as canonicalJson(textFacet(...)) would, scalars as canonicalJson.
      for (const f of d.facets) {
        const value = (answers as Record<string, unknown>)[f.question];
        if (typeof value === 'string' && value !== 'up' && value !== 'down') expect(f.json).toBe(canonicalJson(textFacet(value)));
        else if (typeof value !== 'object' || value === null) expect(f.json).toBe(canonicalJson(value));
      }
      expect(d.day).toBe(utcDay(new Date(change.createdAt)));
      described.push(d);
    }
    const hasSlot: HasSlot = (_survey, day, dimension, value) => (day.length + dimension.length + value.length) % 3 !== 0;
    const tally = createTally();
    for (const d of described) tally.add(d, hasSlot);
    expect([...tally.values()]).toEqual(plainCounts(described, hasSlot));
    expect(tally.size).toBe(plainCounts(described, hasSlot).length);
  });
});

describe('agreement with the SQL facets', () => {
  let s: Storage;
  beforeAll(async () => {
    s = await openPGliteStorage();
    await s.migrate();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('gives the same facets as tellus_facets for every kind of answer', async () => {
    const samples: unknown[] = [
      { nps: 10, csat: 2.5, t: 'down', flag: true, none: null, list: [1, 'a'] },
      { why: '', ws: ' \t\n\u2028', emoji: '😀😀 ok', lv: 'Ļoti labi', nel: '\u0085' },
      { c: { selected: ['a', 'b'], other: 'Price' }, c2: { selected: [] }, c3: { selected: ['x'], other: 3 } },
      { m: { trust: 5, empathy: 4 }, m2: {}, m3: { a: 1.5, b: 'x' }, m4: { é: 1, z: 2, A: 3, '😀': 1, '\uffee': 2 } },
    ];
    for (const answers of samples) {
      const rows = await s.db.query<{ question: string; facet: unknown }>('SELECT question, facet FROM tellus_facets($1::jsonb)', [JSON.stringify(answers)]);
      const fromSql = rows.map((r) => `${r.question} ${canonicalJson(r.facet)}`).sort();
      const fromJs = facetsOf(answers)
        .map((f) => `${f.question} ${f.json}`)
        .sort();
      expect(fromJs).toEqual(fromSql);
    }
  });
});
