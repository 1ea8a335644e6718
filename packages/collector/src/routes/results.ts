// GET /v1/surveys/:id/results?from&to&interval&groupBy&completed: scores, distributions, series, groups and comments for one survey (admin).
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { requireAdmin } from '../http/admin.js';
import { resultsFromStorage } from '../results/from-storage.js';
import { parseResultsQuery } from '../results/query.js';
import type { ResultsRouteContext } from './context.js';
import type { RouteRegistrar } from '../http/context.js';

export function resultsRoutes(ctx: ResultsRouteContext): Hono {
  const app = new Hono();
  app.get('/v1/surveys/:id/results', requireAdmin(ctx, { cookie: true }), etag({ weak: true }), async (c) => {
    const q = parseResultsQuery(c.req.query());
    if (!q.ok) return c.json({ error: q.error, param: q.param }, 400);
    const stored = await ctx.storage.getSurvey(c.req.param('id'));
    if (!stored) return c.json({ error: 'unknown survey' }, 404);
    const results = await resultsFromStorage(ctx.storage, stored.definition, q.value);
    // Not stored by browsers (comments are personal data); the dashboard keeps the ETag itself and polls with If-None-Match.
    c.header('Cache-Control', 'no-store');
    return c.json(results);
  });
  return app;
}

/** Mounts these routes on the collector app (see routeRegistrars in server.ts). */
export const registerResults: RouteRegistrar = (app, ctx) => void app.route('/', resultsRoutes(ctx));
