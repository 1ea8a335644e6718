// GET /v1/surveys/:id/insights?from&to&groupBy&localeGrouping&completed: matrix means per group, key drivers and themes (admin).
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { requireAdmin } from '../http/admin.js';
import { errorResponse, HttpError } from '../http/errors.js';
import { insightsFromStorage } from '../results/insights-from-storage.js';
import { parseResultsQuery } from '../results/query.js';
import type { ResultsRouteContext } from './context.js';
import type { RouteRegistrar } from '../http/context.js';

export function insightsRoutes(ctx: ResultsRouteContext): Hono {
  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof HttpError) return errorResponse(c, err);
    throw err;
  });
  app.get('/v1/surveys/:id/insights', requireAdmin(ctx, { cookie: true }), etag({ weak: true }), async (c) => {
    const q = parseResultsQuery(c.req.query());
    if (!q.ok) throw new HttpError(400, q.error, { param: q.param });
    const stored = await ctx.storage.getSurvey(c.req.param('id'));
    if (!stored) throw new HttpError(404, 'unknown survey');
    const insights = await insightsFromStorage(ctx.storage, stored.definition, q.value);
    // Not stored by browsers (comments are personal data); the dashboard keeps the ETag itself and polls with If-None-Match.
    c.header('Cache-Control', 'no-store');
    return c.json(insights);
  });
  return app;
}

/** Mounts these routes on the collector app (see routeRegistrars in server.ts). */
export const registerInsights: RouteRegistrar = (app, ctx) => void app.route('/', insightsRoutes(ctx));
