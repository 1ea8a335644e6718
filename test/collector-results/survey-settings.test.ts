import { afterEach, describe, expect, it } from 'vitest';
import { createApp, silentLogger } from '@tellus/collector';
import { survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { ADMIN, seededStorage } from './seed.js';

const SECRET = 'a-long-webhook-secret-0123456789';

describe('PUT /v1/admin/surveys/:id/settings', () => {
  let storage: Storage | undefined;
  afterEach(async () => {
    await storage?.close();
    storage = undefined;
  });

  // A lone PGlite test: the first open in a worker compiles the WASM, slow on a loaded machine.
  it('stores webhook and retention settings and never reads the secret back', async () => {
    storage = await seededStorage(survey, []);
    const app = createApp({ storage, adminToken: ADMIN, logger: silentLogger });
    const put = (body: unknown) =>
      app.request('/v1/admin/surveys/post-chat/settings', {
        method: 'PUT',
        headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const res = await put({ webhookUrl: 'https://desk.example.com/hooks/tellus', webhookSecret: SECRET, retentionDays: 365 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ settings: { webhookUrl: 'https://desk.example.com/hooks/tellus', webhookSecretSet: true, retentionDays: 365 } });
    expect(await storage.getSurveySettings('post-chat')).toEqual({
      webhookUrl: 'https://desk.example.com/hooks/tellus',
      webhookSecret: SECRET,
      retentionDays: 365,
    });

    const bad = await put({ webhookUrl: 'javascript:alert(1)', webhookSecret: 'short', retentionDays: 0, extra: 1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['extra', 'webhookUrl', 'webhookSecret', 'retentionDays']);

    expect((await put({ webhookUrl: null })).status).toBe(200);
    expect((await storage.getSurveySettings('post-chat')).webhookUrl).toBeNull();
    expect((await app.request('/v1/admin/surveys/post-chat/settings', { method: 'PUT', body: '{}' })).status).toBe(401);
    expect((await app.request('/v1/admin/surveys/nope/settings', { headers: { Authorization: `Bearer ${ADMIN}` } })).status).toBe(404);
  }, 120_000);
});
