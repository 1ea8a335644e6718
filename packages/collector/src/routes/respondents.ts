// DELETE /v1/respondents/:anonId: the right to erasure, removing every response of one visitor (admin).
import { ANON_ID } from '@tellus/schema';
import { Hono } from 'hono';
import { requireAdmin } from '../http/admin.js';
import type { ResultsRouteContext } from './context.js';
import type { RouteRegistrar } from '../http/context.js';

export function respondentRoutes(ctx: ResultsRouteContext): Hono {
  const app = new Hono();
  // Bearer only: a destructive call must never ride on the dashboard's cookie.
  app.delete('/v1/respondents/:anonId', requireAdmin(ctx), async (c) => {
    const anonId = c.req.param('anonId');
    if (!ANON_ID.test(anonId)) return c.json({ error: 'invalid anonymous id' }, 400);
    const deleted = await ctx.storage.deleteRespondent(anonId);
    ctx.logger?.info('respondent erased', { deleted });
    return c.json({ deleted });
  });
  return app;
}

/** Mounts these routes on the collector app (see routeRegistrars in server.ts). */
export const registerRespondents: RouteRegistrar = (app, ctx) => void app.route('/', respondentRoutes(ctx));
