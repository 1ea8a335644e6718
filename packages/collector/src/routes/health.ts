// GET /healthz: the process answers and its database does too (a primary-key lookup, cheap at any size).
import { Hono } from 'hono';
import type { AppEnv, RouteGroup } from '../http/context.js';

export const healthRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  app.get('/healthz', async (c) => {
    try {
      await ctx.storage.getSite('healthz');
      return c.json({ status: 'ok' });
    } catch {
      return c.json({ status: 'unavailable', error: 'storage not reachable' }, 503);
    }
  });
  return app;
};
