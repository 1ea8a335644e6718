// GET/PUT /v1/admin/surveys/:id/settings: webhook URL and secret, retention period (admin).
import { Hono } from 'hono';
import { requireAdmin } from '../http/admin.js';
import type { SurveySettings } from '../storage/types.js';
import type { ResultsRouteContext } from './context.js';
import type { RouteRegistrar } from '../http/context.js';

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

export function surveySettingsRoutes(ctx: ResultsRouteContext): Hono {
  const app = new Hono();
  const auth = requireAdmin(ctx);
  app.get('/v1/admin/surveys/:id/settings', auth, async (c) => {
    if (!(await ctx.storage.getSurvey(c.req.param('id')))) return c.json({ error: 'unknown survey' }, 404);
    return c.json({ settings: shown(await ctx.storage.getSurveySettings(c.req.param('id'))) });
  });
  app.put('/v1/admin/surveys/:id/settings', auth, async (c) => {
    const id = c.req.param('id');
    const body = await c.req.json().catch(() => undefined);
    const checked = checkSettings(body);
    if (!checked.ok) return c.json({ error: 'invalid settings', issues: checked.issues }, 400);
    if (!(await ctx.storage.getSurvey(id))) return c.json({ error: 'unknown survey' }, 404);
    await ctx.storage.setSurveySettings(id, checked.value);
    return c.json({ settings: shown(await ctx.storage.getSurveySettings(id)) });
  });
  return app;
}

/** Mounts these routes on the collector app (see routeRegistrars in server.ts). */
export const registerSurveySettings: RouteRegistrar = (app, ctx) => void app.route('/', surveySettingsRoutes(ctx));
