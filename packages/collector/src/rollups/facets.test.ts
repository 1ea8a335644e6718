// The counting of roll-ups in JavaScript: facets, dimension values, days, and agreement with the SQL facets that
// results use when they scan responses (migration 004's tellus_facets), on a real PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGliteStorage } from '../storage/pglite.js';
import type { Storage } from '../storage/types.js';
import { canonicalJson, createTally, describe as describeChange, dimensionValue, facetsOf, utcDay } from './facets.js';
import { OTHER_VALUE } from './sql.js';

const facetMap = (answers: unknown) => facetsOf(answers).map((f) => [f.question, JSON.parse(f.json), f.scalar]);

describe('facetsOf', () => {
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
