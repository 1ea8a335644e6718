// GET /v1/surveys/:id/insights?from&to&groupBy&localeGrouping&completed: matrix means per group, key drivers and themes (admin).
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { requireAdmin } from '../http/admin.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { noStore } from '../http/headers.js';
import { insightsFromStorage } from '../results/insights-from-storage.js';
import { parseResultsQuery } from '../results/query.js';

export const insightsRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  // no-store keeps personal comments out of caches; the dashboard keeps the ETag itself and asks with If-None-Match.
  app.get('/v1/surveys/:id/insights', requireAdmin(ctx, { cookie: true }), noStore, etag({ weak: true }), async (c) => {
    const q = parseResultsQuery(c.req.query());
    if (!q.ok) throw new HttpError(400, q.error, { param: q.param });
    const stored = await ctx.storage.getSurvey(c.req.param('id'));
    if (!stored) throw new HttpError(404, 'unknown survey');
    return c.json(await insightsFromStorage(ctx.storage, stored.definition, q.value));
  });
  return app;
};
