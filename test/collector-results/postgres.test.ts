// Results and export over a real PostgreSQL server give exactly what they give over PGlite.
import { Writable } from 'node:stream';
import { createApp, silentLogger } from '@tellus/collector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportResponses } from '../../packages/collector/src/export/stream.js';
import { applyRetention } from '../../packages/collector/src/privacy/retention.js';
import { rows, survey } from '../../packages/collector/src/results/test-fixtures.js';
import { openPostgresStorage } from '../../packages/collector/src/storage/postgres.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { startPostgres, type TestPostgres } from '../../scripts/postgres.mjs';
import { parseCsv } from './csv-parse.js';
import { sampleRows } from './sample-data.js';
import { ADMIN, ingestRows, seededStorage } from './seed.js';

let pg: TestPostgres;
let onPg: Storage;
let onLite: Storage;
const data = [...rows, ...sampleRows(700)]; // more than one 500-row page

beforeAll(async () => {
  pg = await startPostgres();
  onPg = await openPostgresStorage(pg.url);
  await onPg.migrate();
  await onPg.upsertSite({ key: 'shop', origins: [] });
  await onPg.putSurvey('shop', survey);
  await ingestRows(onPg, data);
  onLite = await seededStorage(survey, data);
});

afterAll(async () => {
  await onPg?.close();
  await onLite?.close();
  await pg?.stop();
});

const results = async (storage: Storage, query: string) =>
  (
    await createApp({ storage, adminToken: ADMIN, logger: silentLogger }).request(`/v1/surveys/post-chat/results?${query}`, {
      headers: { Authorization: `Bearer ${ADMIN}` },
    })
  ).json();

async function csv(storage: Storage): Promise<string> {
  let text = '';
  const w = new Writable({
    write(chunk, _e, done) {
      text += chunk.toString();
      done();
    },
  });
  await exportResponses(storage, { surveyId: 'post-chat', format: 'csv' }, w);
  return text;
}

describe('results half on PostgreSQL', () => {
  it('computes the same results as on PGlite, for every interval and grouping', async () => {
    for (const q of ['interval=day', 'interval=week&groupBy=location', 'interval=month&groupBy=agent&from=2026-03-10&to=2026-04-05']) {
      const [a, b] = await Promise.all([results(onPg, q), results(onLite, q)]);
      expect(a).toEqual(b);
    }
    const all = (await results(onPg, 'interval=week')) as { n: number };
    expect(all.n).toBe(705);
  });

  it('exports the same CSV as on PGlite, across storage pages', async () => {
    const [a, b] = await Promise.all([csv(onPg), csv(onLite)]);
    expect(a).toBe(b);
    expect(parseCsv(a)).toHaveLength(706);
  });

  it('gives the same results on a database set to another DateStyle (days are read as YYYY-MM-DD whatever it says)', async () => {
    await onPg.db.exec('CREATE DATABASE dmy');
    await onPg.db.exec("ALTER DATABASE dmy SET DateStyle = 'SQL, DMY'");
    const onDmy = await openPostgresStorage(pg.url.replace(/\/postgres$/, '/dmy'));
    try {
      expect((await onDmy.db.query<{ d: string }>("SELECT '2026-01-16'::date::text AS d"))[0]?.d).toBe('2026-01-16');
      await onDmy.migrate();
      await onDmy.upsertSite({ key: 'shop', origins: [] });
      await onDmy.putSurvey('shop', survey);
      await ingestRows(onDmy, data);
      const days = new Set(data.map((r) => r.createdAt.slice(0, 10)));
      expect(days.size).toBeGreaterThan(15); // more than one slice of the daily series
      for (const q of ['interval=day', 'interval=week&groupBy=location']) expect(await results(onDmy, q)).toEqual(await results(onLite, q));
    } finally {
      await onDmy.close();
    }
  });

  it('applies retention on PostgreSQL', async () => {
    await onPg.setSurveySettings('post-chat', { retentionDays: 30 });
    const [run] = await applyRetention(onPg, new Date('2026-04-15T00:00:00Z'));
    const left = await onPg.countResponses({ surveyId: 'post-chat' });
    expect(run?.deleted).toBeGreaterThan(0);
    expect(run!.deleted + left).toBe(705);
    for await (const r of onPg.iterateResponses({ surveyId: 'post-chat' })) expect(r.createdAt >= '2026-03-16').toBe(true);
  });
});
