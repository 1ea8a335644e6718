// GET /v1/surveys/:id/results?from&to&interval&groupBy&completed: scores, distributions, series, groups and comments for one survey (admin).
import { Hono } from 'hono';
import { requireAdmin } from '../http/admin.js';
import { resultsFromStorage } from '../results/from-storage.js';
import { parseResultsQuery } from '../results/query.js';
import type { ResultsRouteContext } from './context.js';
import type { RouteRegistrar } from '../http/context.js';

export function resultsRoutes(ctx: ResultsRouteContext): Hono {
  const app = new Hono();
  app.get('/v1/surveys/:id/results', requireAdmin(ctx, { cookie: true }), async (c) => {
    const q = parseResultsQuery(c.req.query());
    if (!q.ok) return c.json({ error: q.error, param: q.param }, 400);
    const stored = await ctx.storage.getSurvey(c.req.param('id'));
    if (!stored) return c.json({ error: 'unknown survey' }, 404);
    const { from, to, interval, groupBy } = q.value;
    const completedOnly = c.req.query('completed') === '1' || c.req.query('completed') === 'true';
    // A client that went away stops the counting, in the database too.
    const signal = c.req.raw.signal;
    let results;
    try {
      results = await resultsFromStorage(ctx.storage, stored.definition, {
        interval,
        signal,
        ...(from && { from }),
        ...(to && { to }),
        ...(groupBy && { groupBy }),
        ...(completedOnly && { completedOnly }),
      });
    } catch (err) {
      if (signal.aborted) return c.body(null, 499 as 400);
      throw err;
    }
    c.header('Cache-Control', 'no-store');
    return c.json(results);
  });
  return app;
}

/** Mounts these routes on the collector app (see routeRegistrars in server.ts). */
export const registerResults: RouteRegistrar = (app, ctx) => void app.route('/', resultsRoutes(ctx));
