import { createApp, silentLogger } from '@tellus/collector';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyRetention, scheduleRetention } from '../../packages/collector/src/privacy/retention.js';
import { row, survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Storage, StoredResponse } from '../../packages/collector/src/storage/types.js';
import { ADMIN, ingestRows, seededStorage } from './seed.js';

// One store for the file; each test works on its own survey ids so they stay independent.
let storage: Storage;
beforeAll(async () => {
  storage = await seededStorage(survey, []);
});
afterAll(async () => {
  await storage.close();
});
afterEach(() => {
  vi.useRealTimers();
});

async function addSurvey(id: string, rows: StoredResponse[]) {
  await storage.putSurvey('shop', { ...survey, id });
  await ingestRows(storage, rows.map((r) => ({ ...r, surveyId: id })));
}
const withAnon = (r: StoredResponse, anonId: string): StoredResponse => ({ ...r, anonId });
const admin = { Authorization: `Bearer ${ADMIN}` };

describe('DELETE /v1/respondents/:anonId', () => {
  it("removes every response of one visitor and no one else's", async () => {
    await addSurvey('erase-a', [
      withAnon(row('2026-03-01T00:00:00Z', { nps: 1 }), 'visitor-a'),
      withAnon(row('2026-03-03T00:00:00Z', { nps: 3 }), 'visitor-b'),
      row('2026-03-04T00:00:00Z', { nps: 4 }),
    ]);
    await addSurvey('erase-b', [withAnon(row('2026-03-02T00:00:00Z', { nps: 2 }), 'visitor-a')]);
    const app = createApp({ storage, adminToken: ADMIN, logger: silentLogger });
    const res = await app.request('/v1/respondents/visitor-a', { method: 'DELETE', headers: admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: 2 }); // across both surveys
    expect(await storage.countResponses({ surveyId: 'erase-a' })).toBe(2);
    expect(await storage.countResponses({ surveyId: 'erase-b' })).toBe(0);
    const again = await app.request('/v1/respondents/visitor-a', { method: 'DELETE', headers: admin });
    expect(await again.json()).toEqual({ deleted: 0 });
  });

  it('needs the bearer token and a well-formed id', async () => {
    await addSurvey('erase-c', [withAnon(row('2026-03-01T00:00:00Z', { nps: 1 }), 'visitor-c')]);
    const app = createApp({ storage, adminToken: ADMIN, logger: silentLogger });
    expect((await app.request('/v1/respondents/visitor-c', { method: 'DELETE' })).status).toBe(401);
    const bad = await app.request(`/v1/respondents/${'x'.repeat(200)}`, { method: 'DELETE', headers: admin });
    expect(bad.status).toBe(400);
    expect(await storage.countResponses({ surveyId: 'erase-c' })).toBe(1);
  });
});

describe('applyRetention', () => {
  it("deletes only responses older than each survey's retention period", async () => {
    await addSurvey('retain', [row('2026-01-01T00:00:00Z', { nps: 1 }), row('2026-02-20T00:00:00Z', { nps: 2 }), row('2026-03-01T00:00:00Z', { nps: 3 })]);
    await addSurvey('keep-all', [row('2020-01-01T00:00:00Z', { nps: 9 })]);
    await storage.setSurveySettings('retain', { retentionDays: 30 });

    const runs = await applyRetention(storage, new Date('2026-03-15T00:00:00Z'));
    // 30 days before 15 March is 13 February: only the January response is older.
    expect(runs.find((r) => r.surveyId === 'retain')).toEqual({ surveyId: 'retain', before: '2026-02-13T00:00:00.000Z', deleted: 1 });
    expect(runs.find((r) => r.surveyId === 'keep-all')).toBeUndefined();
    expect(await storage.countResponses({ surveyId: 'retain' })).toBe(2);
    expect(await storage.countResponses({ surveyId: 'keep-all' })).toBe(1);
  });

  it('runs at start and again every interval until stopped', async () => {
    await addSurvey('scheduled', [row('2026-01-01T00:00:00Z', { nps: 1 })]);
    await storage.setSurveySettings('scheduled', { retentionDays: 10 });
    let now = new Date('2026-01-05T00:00:00Z');
    const deleted: number[] = [];
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const schedule = scheduleRetention(storage, {
      now: () => now,
      intervalMs: 1000,
      onRun: (runs) => deleted.push(runs.find((r) => r.surveyId === 'scheduled')?.deleted ?? -1),
    });
    await vi.waitFor(() => expect(deleted).toEqual([0])); // the start-up run: nothing is 10 days old yet
    now = new Date('2026-01-20T00:00:00Z');
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(deleted).toEqual([0, 1]));
    await schedule.stop();
    expect(await storage.countResponses({ surveyId: 'scheduled' })).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(deleted).toHaveLength(2); // stopped: no more runs
  });
});
