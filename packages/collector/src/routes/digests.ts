// A site's digest: GET/PUT its frequency and recipients, and a preview of the last period's digest (HTML or text).
import { Hono } from 'hono';
import * as z from 'zod';
import { errorMessage, fromZodIssues } from '@tellus/schema';
import { requireAdmin, requireAdminWrite } from '../http/admin.js';
import { bodyLimit, readJson } from '../http/body.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { noStore } from '../http/headers.js';
import { HttpError } from '../http/errors.js';
import { buildDigest, lastPeriod, renderDigest } from '../alerts/digest.js';
import { DASHBOARD_CSP } from '../dashboard/html.js';

const digestInput = z.union([
  z.null(),
  z.strictObject({
    frequency: z.enum(['daily', 'weekly']),
    recipients: z.array(z.email('must be an e-mail address').max(254)).min(1).max(50),
  }),
]);

export const digestRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  app.use('/v1/admin/sites/:key/digest', noStore, bodyLimit(16 * 1024));
  app.use('/v1/admin/sites/:key/digest/preview', noStore);
  const read = requireAdmin(ctx, { cookie: true });
  const site = async (key: string) => {
    if (!(await ctx.lookups.site(key))) throw new HttpError(404, 'unknown site');
  };
  app.get('/v1/admin/sites/:key/digest', read, async (c) => {
    await site(c.req.param('key'));
    return c.json({ digest: await ctx.storage.alerts.getDigest(c.req.param('key')) });
  });
  app.put('/v1/admin/sites/:key/digest', requireAdminWrite(ctx), async (c) => {
    const key = c.req.param('key');
    const body = await readJson(c);
    const r = digestInput.safeParse(body, { error: errorMessage });
    if (!r.success) throw new HttpError(400, 'invalid digest settings', { issues: fromZodIssues(r.error.issues) });
    await site(key);
    await ctx.storage.alerts.setDigest(key, r.data);
    return c.json({ digest: await ctx.storage.alerts.getDigest(key) });
  });
  // What the next digest would say about the last whole period: to check before subscribing anyone.
  app.get('/v1/admin/sites/:key/digest/preview', read, async (c) => {
    const key = c.req.param('key');
    await site(key);
    const frequency = c.req.query('frequency') ?? 'weekly';
    if (frequency !== 'daily' && frequency !== 'weekly') throw new HttpError(400, 'frequency must be daily or weekly');
    const at = c.req.query('at');
    const now = at === undefined ? new Date() : new Date(at);
    if (Number.isNaN(now.getTime()) || now.getUTCFullYear() < 2000 || now.getUTCFullYear() > 2100)
      throw new HttpError(400, 'at must be a date from 2000 to 2100');
    const message = renderDigest(await buildDigest(ctx.storage, key, lastPeriod(frequency, now)), ctx.dashboardUrl);
    if (c.req.query('format') === 'text') return c.text(message.text);
    c.header('Content-Security-Policy', DASHBOARD_CSP.replace("style-src 'self'", "style-src 'unsafe-inline'"));
    return c.html(message.html);
  });
  return app;
};
