// Results counted in the database give exactly what reading every response gives, on PGlite and on PostgreSQL,
// over awkward data: answers outside the current scales, blank and over-long text (in UTF-16 units), odd group values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey } from '@tellus/schema';
import { computeResults, type ResultsOptions } from '../../packages/collector/src/results/compute.js';
import { resultsFromStorage } from '../../packages/collector/src/results/from-storage.js';
import { row, survey as base } from '../../packages/collector/src/results/test-fixtures.js';
import { openPostgresStorage } from '../../packages/collector/src/storage/postgres.js';
import type { Storage, StoredResponse } from '../../packages/collector/src/storage/types.js';
import { startPostgres, type TestPostgres } from '../../scripts/postgres.mjs';
import { ingestRows, seededStorage } from './seed.js';

const survey: Survey = { ...base, questions: [...base.questions, { id: 'note', type: 'text', maxLength: 10, text: 'Note' }] };

function awkwardRows(count: number): StoredResponse[] {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const maybe = <T>(v: T) => (rand() < 0.8 ? v : undefined);
  // U+0085 and U+001C are white space to some locales' regular expressions, but not to JavaScript's trim().
  const texts = [
    '',
    '   ',
    '\u00a0\u3000',
    '\t\n',
    '\u0085',
    '\u001c',
    '\u200b',
    'ok',
    'Ļoti labi',
    'x'.repeat(1000),
    'x'.repeat(1001),
    '😀'.repeat(500),
    '😀'.repeat(500) + 'x',
    5,
    null,
  ];
  const notes = ['short', '0123456789', '01234567890', '😀'.repeat(5), '😀'.repeat(5) + 'x', ' '];
  const start = Date.UTC(2026, 2, 1);
  return Array.from({ length: count }, () => {
    const answers: Record<string, unknown> = {
      nps: maybe(pick([0, 3, 6, 7, 8, 9, 10, 11, '5', null])),
      csat: maybe(pick([1, 2, 3, 4, 5, 6, 4.5])),
      effort: maybe(pick([0, 1, 2, 4, 7])),
      topic: maybe(
        pick([
          { selected: ['x'] },
          { selected: ['x', 'y'] },
          { selected: ['q'] },
          { selected: [], other: 'Price' },
          { selected: [], other: '\u00a0' },
          { selected: ['z'], other: ' ' },
        ]),
      ),
      thumb: maybe(pick(['up', 'down', 'sideways'])),
      grid: maybe(pick([{ a: 1 }, { a: 5, b: 3 }, { b: 6 }, {}])),
      why: maybe(pick(texts)),
      note: maybe(pick(notes)),
    };
    for (const k of Object.keys(answers)) if (answers[k] === undefined) delete answers[k];
    const meta = pick<Record<string, unknown>>([
      { location: 'riga' },
      { location: 'tallinn', agent: 'anna' },
      { location: '' },
      { location: null },
      { location: 3 },
      { location: true },
      {},
      { channel: 'web' },
    ]);
    // Whole days, midnights and the millisecond before them.
    const at = start + Math.floor(rand() * 70) * 86_400_000 + pick([0, 1, 3_600_000, 86_399_999, Math.floor(rand() * 86_400_000)]);
    return row(new Date(at).toISOString(), answers, meta as StoredResponse['meta'], rand() < 0.7);
  }).map((r) => ({ ...r, surveyId: survey.id }));
}

/** Over 100 attribute names, the oldest responses carrying the names that sort last. */
const manyAttributes = ['z', 'y', 'b', 'a'].map((p, i) =>
  row(`2026-03-0${i + 1}T08:00:00.000Z`, { nps: 9 }, Object.fromEntries(Array.from({ length: 50 }, (_, k) => [`${p}${String(k).padStart(2, '0')}`, 'v']))),
);
const data = [...awkwardRows(900), ...manyAttributes.map((r) => ({ ...r, surveyId: survey.id }))];
const cases: (ResultsOptions & { completedOnly?: boolean })[] = [
  {},
  { interval: 'week', groupBy: 'location' },
  { interval: 'month', groupBy: 'location', from: new Date('2026-03-10T12:30:00Z'), to: new Date('2026-04-20T06:00:00.001Z') },
  { interval: 'day', groupBy: 'agent', completedOnly: true },
  { groupBy: 'channel', commentLimit: 3 },
  { interval: 'week', groupBy: 'nowhere', commentLimit: 50 },
];

/** The reference: every response read back and counted one by one. */
async function byReading(storage: Storage, o: ResultsOptions & { completedOnly?: boolean }) {
  const rows: StoredResponse[] = [];
  for await (const r of storage.iterateResponses({ surveyId: survey.id, ...(o.completedOnly && { completedOnly: true }) })) rows.push(r);
  return computeResults(survey, rows, o);
}

describe.each(['PGlite', 'PostgreSQL', 'PostgreSQL in SQL_ASCII'])('results counted in %s', (kind) => {
  let storage: Storage;
  let pg: TestPostgres | undefined;

  beforeAll(async () => {
    if (kind === 'PGlite') storage = await seededStorage(survey, data);
    else {
      // A database that is not UTF8 counts text lengths in bytes: there results read every response instead.
      pg = await startPostgres(kind === 'PostgreSQL' ? {} : { encoding: 'SQL_ASCII' });
      storage = await openPostgresStorage(pg.url);
      await storage.migrate();
      await storage.upsertSite({ key: 'shop', origins: [] });
      await storage.putSurvey('shop', survey);
      await ingestRows(storage, data);
    }
  });
  afterAll(async () => {
    await storage?.close();
    await pg?.stop();
  });

  it.each(cases.map((o, i) => [i, o] as const))('match reading every response (case %i)', async (_i, o) => {
    const { counted: how, ...counted } = await resultsFromStorage(storage, survey, o);
    // Whole-day ranges come from the roll-ups, and declared dimensions too; the rest is scanned (or read: not UTF8).
    const dayBounds = [o.from, o.to].every((d) => !d || d.getTime() % 86_400_000 === 0);
    const declared = !o.groupBy || ['location', 'agent', 'channel', 'locale'].includes(o.groupBy);
    if (kind === 'PostgreSQL in SQL_ASCII') expect(how?.by).toBe('rows');
    else expect([how?.by, how?.groupsBy ?? null]).toEqual([dayBounds ? 'rollups' : 'scan', o.groupBy ? (declared && dayBounds ? 'rollups' : 'scan') : null]);
    expect(counted.n).toBeGreaterThan(0);
    expect(counted).toEqual(await byReading(storage, o));
  });

  it('count what the awkward data should count (the comparison can fail)', async () => {
    const r = await resultsFromStorage(storage, survey, {});
    const why = r.questions.find((q) => q.id === 'why');
    const note = r.questions.find((q) => q.id === 'note');
    // By hand from the data: non-blank strings that fit (1000 UTF-16 units for why, 10 for note).
    const fits = (v: unknown, max: number) => typeof v === 'string' && v.trim() !== '' && v.length <= max;
    expect(why?.n).toBe(data.filter((x) => fits(x.answers.why, 1000)).length);
    expect(note?.n).toBe(data.filter((x) => fits(x.answers.note, 10)).length);
    expect(why?.n).toBeGreaterThan(0);
    expect(r.comments).toHaveLength(20);
    // The first 100 names in code-unit order, whichever responses carried them.
    expect(r.attributes.slice(0, 3)).toEqual(['a00', 'a01', 'a02']);
    expect(r.attributes).toHaveLength(100);
  });
});
