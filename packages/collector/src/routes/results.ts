// GET /v1/surveys/:id/results?from&to&interval&groupBy&completed: scores, distributions, series, groups and comments for one survey (admin).
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { requireAdmin } from '../http/admin.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { noStore } from '../http/headers.js';
import { resultsFromStorage } from '../results/from-storage.js';
import { parseResultsQuery } from '../results/query.js';

export const resultsRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  // no-store keeps personal comments out of caches; the dashboard keeps the ETag itself and polls with If-None-Match.
  app.get('/v1/surveys/:id/results', requireAdmin(ctx, { cookie: true }), noStore, etag({ weak: true }), async (c) => {
    const q = parseResultsQuery(c.req.query());
    if (!q.ok) throw new HttpError(400, q.error, { param: q.param });
    const stored = await ctx.storage.getSurvey(c.req.param('id'));
    if (!stored) throw new HttpError(404, 'unknown survey');
    // A client that went away stops the counting, in the database too.
    const signal = c.req.raw.signal;
    let results: Awaited<ReturnType<typeof resultsFromStorage>>;
    try {
      results = await resultsFromStorage(ctx.storage, stored.definition, { ...q.value, signal });
    } catch (err) {
      if (signal.aborted) return c.body(null, 499 as 400);
      throw err;
    }
    return c.json(results);
  });
  return app;
};
