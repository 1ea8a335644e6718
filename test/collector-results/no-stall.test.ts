// Long reads never hold up ingestion on PGlite's single connection: an export held open by a slow client, and a
// scan (an undeclared attribute) that runs in slices, leave room for ingestion and health checks; a client that
// goes away stops the work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, openPGliteStorage, silentLogger, type Storage, type StoredResponse } from '@tellus/collector';
import { resultsFromStorage } from '../../packages/collector/src/results/from-storage.js';
import { ADMIN, fullSurvey, makeResponse } from '../collector/fixtures.js';
import { listen } from './app.js';

const survey = fullSurvey('busy');
const STORED = 10_000;
let storage: Storage;
/** Rows the collector's exports have read from storage so far (a CSV export reads them twice: header, then rows). */
let exportedRows = 0;
let onExportRow: () => void = () => {};
let server: { url: string; close(): Promise<void> };
const auth = { Authorization: `Bearer ${ADMIN}` };

const post = (body: unknown) =>
  fetch(`${server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  storage = await openPGliteStorage();
  await storage.migrate();
  await storage.upsertSite({ key: 'shop', origins: [] });
  await storage.putSurvey('shop', survey);
  // Enough responses that an export's first pass takes many pages (500 rows each) on PGlite.
  for (let i = 0; i < STORED; i += 500)
    await storage.ingest(
      'shop',
      Array.from({ length: 500 }, (_, k) => makeResponse('busy', { answers: { csat: 1 + ((i + k) % 5) }, meta: { orderId: `o${i + k}` } })),
    );
  async function* counted(rows: AsyncIterable<StoredResponse>) {
    for await (const row of rows) {
      exportedRows++;
      onExportRow();
      yield row;
    }
  }
  const watched: Storage = { ...storage, iterateResponses: (filter) => counted(storage.iterateResponses(filter)) };
  const app = createApp({ storage: watched, adminToken: ADMIN, logger: silentLogger, limits: { rate: { burst: 1000, perSecond: 1000 } } });
  server = await listen(app);
});
afterAll(async () => {
  await server?.close();
  await storage?.close();
});

describe('on PGlite, long reads leave room for ingestion', () => {
  it('acknowledges ingestion and answers /healthz while a CSV export is still on its first pass over the responses', async () => {
    const total = await storage.countResponses({ surveyId: 'busy' });
    exportedRows = 0;
    const reading = new Promise<void>((ok) => (onExportRow = ok));
    const exported = fetch(`${server.url}/v1/surveys/busy/responses.csv`, { headers: auth }).then((res) => res.text());
    await reading;
    // Both at once, as a site's traffic comes; each notes how far the export had read when it was answered.
    const answered = <T>(p: Promise<T>) => p.then((value) => ({ value, read: exportedRows }));
    const [ack, health] = await Promise.all([
      answered(post({ siteKey: 'shop', responses: Array.from({ length: 50 }, () => makeResponse('busy', { answers: { csat: 3 } })) })),
      answered(fetch(`${server.url}/healthz`)),
    ]);
    expect(ack.value.status).toBe(200);
    expect(health.value.status).toBe(200);
    onExportRow = () => {};
    const csv = await exported;
    // The export was under way (it had read rows) and had not finished its first pass when ingestion was answered:
    // ingestion went in between its pages instead of waiting for the export (PGlite has one connection).
    expect(ack.read).toBeLessThan(total);
    expect(health.read).toBeLessThan(total);
    expect(csv.trim().split('\r\n').length).toBeGreaterThanOrEqual(total + 1);
  });

  it('ingests and answers /healthz while an export is held open by a client that reads slowly', async () => {
    const res = await fetch(`${server.url}/v1/surveys/busy/responses.ndjson`, { headers: auth });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // The export is mid-way (one chunk read, the rest waiting on the client): ingestion must not wait for it.
    for (let i = 0; i < 5; i++) {
      const batch = Array.from({ length: 50 }, () => makeResponse('busy', { answers: { csat: 5 } }));
      const ack = await post({ siteKey: 'shop', responses: batch });
      expect(ack.status).toBe(200);
      expect(((await ack.json()) as { accepted: string[] }).accepted).toHaveLength(50);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    }
    let text = new TextDecoder().decode(first.value);
    for (let part = await reader.read(); !part.done; part = await reader.read()) text += new TextDecoder().decode(part.value);
    expect(text.trim().split('\n').length).toBeGreaterThanOrEqual(STORED);
  });

  it('ingests while a results scan of an undeclared attribute runs, slice by slice', async () => {
    const scan = fetch(`${server.url}/v1/surveys/busy/results?groupBy=orderId`, { headers: auth });
    const acks = await Promise.all(
      Array.from({ length: 3 }, () => post({ siteKey: 'shop', responses: Array.from({ length: 50 }, () => makeResponse('busy', { answers: { csat: 4 } })) })),
    );
    expect(acks.map((a) => a.status)).toEqual([200, 200, 200]);
    const results = (await (await scan).json()) as { groupsOmitted: number; groups: unknown[]; counted: { groupsBy: string; note: string } };
    expect(results.counted.groupsBy).toBe('scan');
    expect(results.counted.note).toMatch(/orderId/);
    expect(results.groups).toHaveLength(100);
  });

  it('stops counting when the client has gone (the signal is aborted)', async () => {
    const gone = new AbortController();
    gone.abort(new Error('client went away'));
    await expect(resultsFromStorage(storage, survey, { groupBy: 'orderId', signal: gone.signal })).rejects.toThrow(/client went away/);
  });
});
