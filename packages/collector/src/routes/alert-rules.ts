// GET/PUT /v1/admin/surveys/:id/rules: a survey's alert rules, validated with paths and stored beside its settings.
import { Hono } from 'hono';
import { requireAdmin, requireAdminWrite } from '../http/admin.js';
import { bodyLimit, readJson } from '../http/body.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { noStore } from '../http/headers.js';
import { HttpError } from '../http/errors.js';
import { checkRules, unaskedQuestions, type Rule } from '../alerts/rules.js';

/** Webhook secrets are write-only: reads say whether one is set. */
export const rulesShown = (rules: Rule[]) =>
  rules.map((r) => ({
    ...r,
    destinations: r.destinations.map((d) => (d.type === 'webhook' ? { ...(({ secret: _s, ...rest }) => rest)(d), secretSet: !!d.secret } : d)),
  }));

export const alertRuleRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  app.use('/v1/admin/surveys/:id/rules', noStore, bodyLimit(ctx.limits.maxBody));
  const known = async (id: string) => {
    if (!(await ctx.storage.getSurvey(id))) throw new HttpError(404, 'unknown survey');
  };
  app.get('/v1/admin/surveys/:id/rules', requireAdmin(ctx, { cookie: true }), async (c) => {
    await known(c.req.param('id'));
    return c.json({ rules: rulesShown(await ctx.storage.alerts.getRules(c.req.param('id'))) });
  });
  app.put('/v1/admin/surveys/:id/rules', requireAdminWrite(ctx), async (c) => {
    const id = c.req.param('id');
    const body = await readJson(c);
    const input = body && typeof body === 'object' && !Array.isArray(body) && 'rules' in body ? (body as { rules: unknown }).rules : body;
    const checked = checkRules(input);
    if (!checked.ok) throw new HttpError(400, 'invalid rules', { issues: checked.issues });
    const survey = await ctx.storage.getSurvey(id);
    if (!survey) throw new HttpError(404, 'unknown survey');
    const unknown = unaskedQuestions(checked.rules, survey.definition);
    if (unknown.length) throw new HttpError(400, 'invalid rules', { issues: unknown });
    // A webhook destination sent back without its secret (as read) keeps the stored one.
    const before = new Map((await ctx.storage.alerts.getRules(id)).map((r) => [r.id, r]));
    const rules = checked.rules.map((r) => ({
      ...r,
      destinations: r.destinations.map((d, i) => {
        const old = before.get(r.id)?.destinations[i];
        return d.type === 'webhook' && d.secret === undefined && old?.type === 'webhook' && old.url === d.url && old.secret ? { ...d, secret: old.secret } : d;
      }),
    }));
    await ctx.storage.alerts.setRules(id, rules);
    return c.json({ rules: rulesShown(rules) });
  });
  return app;
};
