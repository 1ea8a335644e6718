// GET/PUT /v1/admin/surveys/:id/settings: webhook URL and secret, retention period (admin).
import { Hono } from 'hono';
import { requireAdmin } from '../http/admin.js';
import { bodyLimit, readJson } from '../http/body.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { noStore } from '../http/headers.js';
import type { SurveySettings } from '../storage/types.js';

type Check = { ok: true; value: Partial<SurveySettings> } | { ok: false; issues: { path: string; message: string }[] };

export function checkSettings(body: unknown): Check {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, issues: [{ path: '', message: 'must be an object' }] };
  const b = body as Record<string, unknown>;
  const issues: { path: string; message: string }[] = [];
  const value: Partial<SurveySettings> = {};
  for (const k of Object.keys(b))
    if (!['webhookUrl', 'webhookSecret', 'retentionDays'].includes(k)) issues.push({ path: k, message: 'unknown setting' });
  if ('webhookUrl' in b) {
    const u = b.webhookUrl;
    let ok = u === null;
    if (typeof u === 'string' && u.length <= 2000) {
      try {
        ok = ['http:', 'https:'].includes(new URL(u).protocol);
      } catch {
        ok = false;
      }
    }
    if (ok) value.webhookUrl = u as string | null;
    else issues.push({ path: 'webhookUrl', message: 'must be an http(s) URL or null' });
  }
  if ('webhookSecret' in b) {
    const s = b.webhookSecret;
    if (s === null || (typeof s === 'string' && s.length >= 16 && s.length <= 256)) value.webhookSecret = s;
    else issues.push({ path: 'webhookSecret', message: 'must be 16–256 characters or null' });
  }
  if ('retentionDays' in b) {
    const d = b.retentionDays;
    if (d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 36_500)) value.retentionDays = d;
    else issues.push({ path: 'retentionDays', message: 'must be a whole number of days from 1 to 36500, or null' });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value };
}

/** The secret is write-only: reads say whether one is set. */
const shown = (s: SurveySettings) => ({ webhookUrl: s.webhookUrl, webhookSecretSet: !!s.webhookSecret, retentionDays: s.retentionDays });

export const surveySettingsRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  app.use('/v1/admin/surveys/:id/settings', requireAdmin(ctx), noStore, bodyLimit(ctx.limits.maxBody));
  app.get('/v1/admin/surveys/:id/settings', async (c) => {
    if (!(await ctx.storage.getSurvey(c.req.param('id')))) throw new HttpError(404, 'unknown survey');
    return c.json({ settings: shown(await ctx.storage.getSurveySettings(c.req.param('id'))) });
  });
  app.put('/v1/admin/surveys/:id/settings', async (c) => {
    const id = c.req.param('id');
    const checked = checkSettings(await readJson(c));
    if (!checked.ok) throw new HttpError(400, 'invalid settings', { issues: checked.issues });
    if (!(await ctx.storage.getSurvey(id))) throw new HttpError(404, 'unknown survey');
    await ctx.storage.setSurveySettings(id, checked.value);
    return c.json({ settings: shown(await ctx.storage.getSurveySettings(id)) });
  });
  return app;
};
