import { Writable } from 'node:stream';
import { createApp, silentLogger } from '@tellus/collector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportResponses } from '../../packages/collector/src/export/stream.js';
import { row, rows, survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { parseCsv } from './csv-parse.js';
import { ADMIN, ingestRows, seededStorage } from './seed.js';

const tricky = [
  row('2026-05-01T08:00:00.000Z', { why: 'He said "wow", then left\r\nfor good', topic: { selected: ['x'], other: '=1+1' } }, { agent: '@mallory', location: 'Rīga, LV' }),
  row('2026-05-01T09:00:00.000Z', { why: 'Ļoti labi 👍 — 日本語', grid: { a: 2, b: 5 } }, { agent: '-2+3', channel: 'email' }),
];

let storage: Storage;
let app: ReturnType<typeof createApp>;
const auth = { Authorization: `Bearer ${ADMIN}` };

beforeAll(async () => {
  storage = await seededStorage(survey, rows);
  await ingestRows(storage, tricky);
  app = createApp({ storage, adminToken: ADMIN, logger: silentLogger });
});
afterAll(async () => {
  await storage.close();
});

function sink() {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { w, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('exportResponses (CSV)', () => {
  it('writes a header with one column per question, matrix rows and meta attributes', async () => {
    const s = sink();
    const { rows: n } = await exportResponses(storage, { surveyId: 'post-chat', format: 'csv' }, s.w);
    expect(n).toBe(7);
    const [header] = parseCsv(s.text());
    expect(header).toEqual([
      'id', 'surveyVersion', 'createdAt', 'updatedAt', 'completed',
      'nps', 'csat', 'effort', 'topic', 'topic.other', 'thumb', 'grid.a', 'grid.b', 'why',
      'meta.agent', 'meta.channel', 'meta.location',
    ]);
  });

  it('reads back with quotes, line breaks and unicode intact and formula cells neutralised', async () => {
    const s = sink();
    await exportResponses(storage, { surveyId: 'post-chat', format: 'csv', from: new Date('2026-05-01T00:00:00Z') }, s.w);
    const [header, first, second, ...rest] = parseCsv(s.text());
    expect(rest).toEqual([]);
    const rec = (r: string[] | undefined) => Object.fromEntries(header!.map((h, i) => [h, r![i]]));
    expect(rec(first)).toMatchObject({
      why: 'He said "wow", then left\r\nfor good',
      topic: 'x',
      'topic.other': "'=1+1",
      'meta.agent': "'@mallory",
      'meta.location': 'Rīga, LV',
      completed: 'true',
      createdAt: '2026-05-01T08:00:00.000Z',
    });
    expect(rec(second)).toMatchObject({ why: 'Ļoti labi 👍 — 日本語', 'grid.a': '2', 'grid.b': '5', 'meta.agent': "'-2+3", 'meta.channel': 'email', nps: '' });
  });

  it('joins multiple choices and writes numbers, partial flags and rows in creation order', async () => {
    const s = sink();
    await exportResponses(storage, { surveyId: 'post-chat', format: 'csv', to: new Date('2026-03-10T00:00:00Z') }, s.w);
    const [header, ...records] = parseCsv(s.text());
    const col = (name: string) => records.map((r) => r[header!.indexOf(name)]);
    expect(col('nps')).toEqual(['10', '9', '7', '3']);
    expect(col('topic')).toEqual(['x;y', 'x', '', '']);
    expect(col('topic.other')).toEqual(['', '', '', 'Price']);
    expect(col('completed')).toEqual(['true', 'true', 'true', 'false']);
    expect(col('meta.location')).toEqual(['riga', 'riga', 'tallinn', '']);
  });

  it('starts with a UTF-8 byte order mark only when asked', async () => {
    const a = sink();
    await exportResponses(storage, { surveyId: 'post-chat', format: 'csv', bom: true }, a.w);
    expect(a.text().charCodeAt(0)).toBe(0xfeff);
    const b = sink();
    await exportResponses(storage, { surveyId: 'post-chat', format: 'csv' }, b.w);
    expect(b.text().startsWith('id,')).toBe(true);
  });

  it('rejects an unknown survey before writing anything', async () => {
    const s = sink();
    await expect(exportResponses(storage, { surveyId: 'nope', format: 'csv' }, s.w)).rejects.toThrow(/unknown survey/);
    expect(s.text()).toBe('');
  });
});

describe('exportResponses (NDJSON)', () => {
  it('writes one stored response per line', async () => {
    const s = sink();
    const { rows: n } = await exportResponses(storage, { surveyId: 'post-chat', format: 'ndjson' }, s.w);
    const lines = s.text().trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(n).toBe(7);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatchObject({ id: rows[0]!.id, surveyId: 'post-chat', answers: { nps: 10 }, meta: { location: 'riga' }, siteKey: 'shop' });
    expect(lines[6].answers.why).toBe('Ļoti labi 👍 — 日本語');
  });
});

describe('GET /v1/surveys/:id/responses.csv|.ndjson', () => {
  it('needs the admin token', async () => {
    expect((await app.request('/v1/surveys/post-chat/responses.csv')).status).toBe(401);
    expect((await app.request('/v1/surveys/post-chat/responses.csv', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('streams CSV with a download name, filtered by date', async () => {
    const res = await app.request('/v1/surveys/post-chat/responses.csv?from=2026-03-02&to=2026-03-02&bom=1', { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="post-chat-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(new TextDecoder().decode(bytes))).toHaveLength(3); // header + the two responses of 2 March
  });

  it('streams NDJSON and answers 404 and 400 as JSON', async () => {
    const res = await app.request('/v1/surveys/post-chat/responses.ndjson?completed=1', { headers: auth });
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    expect((await res.text()).trimEnd().split('\n')).toHaveLength(6);
    const missing = await app.request('/v1/surveys/nope/responses.ndjson', { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'unknown survey' });
    const bad = await app.request('/v1/surveys/post-chat/responses.csv?interval=hour', { headers: auth });
    expect(bad.status).toBe(400);
  });

  it('streams a large export in pages without losing rows', async () => {
    const big = Array.from({ length: 1200 }, (_, i) =>
      row(new Date(Date.UTC(2027, 0, 1, 0, 0, i)).toISOString(), { nps: i % 11, why: `row ${i}, "quoted"` }, { agent: `a${i % 7}` }),
    );
    await storage.putSurvey('shop', { ...survey, id: 'big' });
    await ingestRows(storage, big.map((r) => ({ ...r, surveyId: 'big' })));
    const res = await app.request('/v1/surveys/big/responses.csv', { headers: auth });
    const records = parseCsv(await res.text());
    expect(records).toHaveLength(1201);
    expect(records[1200]?.[records[0]!.indexOf('why')]).toBe('row 1199, "quoted"');
  });
});
