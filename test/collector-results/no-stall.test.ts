// Long reads never hold up ingestion on PGlite's single connection: an export held open by a slow client, and a
// scan (an undeclared attribute) that runs in slices, leave room for ingestion and health checks; a client that
// goes away stops the work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, openPGliteStorage, silentLogger, type Storage } from '@tellus/collector';
import { resultsFromStorage } from '../../packages/collector/src/results/from-storage.js';
import { ADMIN, fullSurvey, makeResponse } from '../collector/fixtures.js';
import { listen } from './app.js';

const survey = fullSurvey('busy');
let storage: Storage;
let server: { url: string; close(): Promise<void> };
const auth = { Authorization: `Bearer ${ADMIN}` };

const post = (body: unknown) =>
  fetch(`${server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  storage = await openPGliteStorage();
  await storage.migrate();
  await storage.upsertSite({ key: 'shop', origins: [] });
  await storage.putSurvey('shop', survey);
  for (let i = 0; i < 3000; i += 100)
    await storage.ingest(
      'shop',
      Array.from({ length: 100 }, (_, k) => makeResponse('busy', { answers: { csat: 1 + ((i + k) % 5) }, meta: { orderId: `o${i + k}` } })),
    );
  const app = createApp({ storage, adminToken: ADMIN, logger: silentLogger, limits: { rate: { burst: 1000, perSecond: 1000 } } });
  server = await listen(app);
});
afterAll(async () => {
  await server?.close();
  await storage?.close();
});

describe('on PGlite, long reads leave room for ingestion', () => {
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
    expect(text.trim().split('\n').length).toBeGreaterThanOrEqual(3000);
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
