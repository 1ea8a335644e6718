// `serve` applies retention as soon as it starts (and then every 6 h on an unref'd timer).
import { describe, expect, it, vi } from 'vitest';
import { serve } from '../../packages/collector/src/server.js';
import { silentLogger } from '../../packages/collector/src/log.js';
import { row, survey } from '../../packages/collector/src/results/test-fixtures.js';
import { seededStorage } from './seed.js';

describe('serve', () => {
  it('deletes responses past their survey retention at start-up', async () => {
    const storage = await seededStorage(survey, [row('2020-01-01T00:00:00.000Z', { nps: 5 }), row(new Date().toISOString(), { nps: 9 })]);
    await storage.setSurveySettings('post-chat', { retentionDays: 30 });
    const server = await serve({ storage, port: 0, hostname: '127.0.0.1', handleSignals: false, logger: silentLogger });
    try {
      await vi.waitFor(async () => expect(await storage.countResponses({ surveyId: 'post-chat' })).toBe(1), { timeout: 10_000 });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close(); // also closes storage
    }
  });
});
