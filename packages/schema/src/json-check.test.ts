import { describe, expect, it } from 'vitest';
import generated from './generated/survey-json-schema.js';
import { checkJson } from './json-check.js';
import type { Issue } from './errors.js';
import { survey } from './survey.js';

const base = {
  id: 'all',
  version: 1,
  name: 'All',
  defaultLocale: 'en',
  trigger: { event: ['a', 'b'], urls: ['/x/*'], excludeUrls: ['/y'], delayMs: 10, sample: 0.5, startsAt: '2026-01-01', endsAt: '2027-01-01' },
  throttle: { recontactDays: 3, maxShows: 2, ignoreGlobalCooldown: true },
  display: { mode: 'tab', position: 'top-left', selector: '#x', tabLabel: { en: 'Feedback' } },
  questions: [
    { id: 'r', type: 'rating', scale: 5, style: 'stars', text: 'R', lowLabel: 'L', highLabel: { en: 'H' }, required: true },
    { id: 'n', type: 'nps', text: { en: 'N', lv: 'N' }, description: 'D' },
    { id: 'c', type: 'ces', text: 'C', showIf: { question: 'r', in: [1, 'x'], lte: 3, gte: 1, eq: true } },
    { id: 't', type: 'text', text: 'T', maxLength: 10, placeholder: 'P', multiline: false },
    { id: 'k', type: 'choice', text: 'K', multiple: true, other: false, options: [{ id: 'a', text: 'A' }] },
    { id: 'm', type: 'matrix', text: 'M', scale: 3, rows: [{ id: 'x', text: { fa: 'ایکس' } }] },
    { id: 'h', type: 'thumbs', text: 'H' },
  ],
  thankYou: 'Thanks',
};

// Values chosen to hit every keyword: types, bounds, patterns, dates, empty maps, unknown fields.
const pool: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  1,
  -1,
  1.5,
  2,
  10,
  11,
  600_001,
  1e21,
  '',
  'x',
  ' bad id',
  'en',
  'not-a-date',
  '2026-05-01T10:00:00Z',
  'x'.repeat(2001),
  [],
  ['x'],
  [1],
  [{}],
  {},
  { en: 'x' },
  { 'e!': 'x' },
  { en: 5 },
  'rating',
  'nps',
  'thumbs',
  'slider',
  'popover',
  'inline',
  'hearts',
  'stars',
  { id: 'z', text: 'Z' },
  { id: 'q', type: 'nps', text: 'Q' },
  { question: 'r', eq: 1 },
  Array.from({ length: 31 }, (_, i) => ({ id: `q${i}`, type: 'thumbs', text: 'x' })),
];

/** A seeded PRNG (mulberry32) so a failure names a case that can be replayed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const containers = (v: unknown, path: (string | number)[] = [], out: { path: (string | number)[]; node: Record<string, unknown> | unknown[] }[] = []) => {
  if (typeof v === 'object' && v !== null) {
    out.push({ path, node: v as Record<string, unknown> });
    for (const [k, child] of Object.entries(v)) containers(child, [...path, Array.isArray(v) ? Number(k) : k], out);
  }
  return out;
};

function mutate(random: () => number): unknown {
  const doc = structuredClone(base) as unknown;
  const steps = 1 + Math.floor(random() * 3);
  for (let s = 0; s < steps; s++) {
    const all = containers(doc);
    const { node } = all[Math.floor(random() * all.length)]!;
    const keys = Object.keys(node);
    const value = structuredClone(pool[Math.floor(random() * pool.length)]);
    const roll = random();
    if (roll < 0.15 && !Array.isArray(node)) (node as Record<string, unknown>)[`extra${s}`] = value;
    else if (roll < 0.3 && keys.length) delete (node as Record<string, unknown>)[keys[Math.floor(random() * keys.length)]!];
    else if (keys.length) (node as Record<string, unknown>)[keys[Math.floor(random() * keys.length)]!] = value;
  }
  return doc;
}

describe('checkJson on the generated survey schema', () => {
  it('accepts and rejects exactly what the zod schema does, over 5,000 seeded mutations', () => {
    const random = prng(20261123);
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const doc = mutate(random);
      const issues: Issue[] = [];
      checkJson(generated, doc, [], issues);
      const zod = survey.safeParse(doc);
      if (zod.success !== (issues.length === 0))
        throw new Error(`case ${i} disagrees: zod ${zod.success ? 'accepts' : 'rejects'}, checker says ${JSON.stringify(issues)}\n${JSON.stringify(doc)}`);
      if (!zod.success) {
        rejected++;
        // Each problem the checker names is somewhere zod found a problem too (same place or inside it).
        const zodPaths = zod.error.issues.map((x) => x.path.join('.'));
        for (const issue of issues) {
          const p = issue.path.replace(/\[(\d+)\]/g, '.$1');
          expect(
            zodPaths.some((z) => p.startsWith(z) || z.startsWith(p)),
            `${issue.path} in ${zodPaths.join(', ')}`,
          ).toBe(true);
        }
      }
    }
    expect(rejected).toBeGreaterThan(2500);
  });
});
