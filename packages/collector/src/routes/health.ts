// GET /healthz: the process answers and its database does too (a primary-key lookup, cheap at any size).
import type { RouteRegistrar } from '../http/context.js';

export const registerHealth: RouteRegistrar = (app, ctx) => {
  app.get('/healthz', async (c) => {
    try {
      await ctx.storage.getSite('healthz');
      return c.json({ status: 'ok' });
    } catch {
      return c.json({ status: 'unavailable', error: 'storage not reachable' }, 503);
    }
  });
};
