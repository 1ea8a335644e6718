// DELETE /v1/respondents/:anonId: the right to erasure, removing every response of one visitor (admin).
import { ANON_ID } from '@tellus/schema';
import { Hono } from 'hono';
import { requireAdmin } from '../http/admin.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { noStore } from '../http/headers.js';

export const respondentRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  // Bearer only: a destructive call must never ride on the dashboard's cookie.
  app.delete('/v1/respondents/:anonId', requireAdmin(ctx), noStore, async (c) => {
    const anonId = c.req.param('anonId');
    if (!ANON_ID.test(anonId)) throw new HttpError(400, 'invalid anonymous id');
    const deleted = await ctx.storage.deleteRespondent(anonId);
    ctx.logger.info('respondent erased', { deleted });
    return c.json({ deleted });
  });
  return app;
};
