// The outbox seen from the admin API: deliveries by status (pending, delivered, failed with the last error) and retry.
import { Hono } from 'hono';
import { requireAdmin, requireAdminWrite } from '../http/admin.js';
import { bodyLimit } from '../http/body.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { noStore } from '../http/headers.js';
import { HttpError } from '../http/errors.js';
import type { DeliveryStatus } from '../deliveries/types.js';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const deliveryRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  app.use('/v1/admin/deliveries/*', noStore, bodyLimit(1024));
  app.use('/v1/admin/deliveries', noStore);
  const read = requireAdmin(ctx, { cookie: true });
  app.get('/v1/admin/deliveries', read, async (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !STATUSES.includes(status as DeliveryStatus)) throw new HttpError(400, 'status must be pending, delivered or failed');
    const responseId = c.req.query('responseId');
    if (responseId !== undefined && !UUID.test(responseId)) throw new HttpError(400, 'responseId must be a UUID');
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, 'limit must be a whole number from 1 to 1000');
    const surveyId = c.req.query('surveyId');
    const [deliveries, counts] = await Promise.all([
      ctx.storage.deliveries.list({ status: status as DeliveryStatus | undefined, surveyId, responseId, limit }),
      ctx.storage.deliveries.counts({ surveyId }),
    ]);
    return c.json({ counts, deliveries });
  });
  app.post('/v1/admin/deliveries/:id/retry', requireAdminWrite(ctx), async (c) => {
    if (!(await ctx.storage.deliveries.retry(c.req.param('id')))) throw new HttpError(404, 'no failed delivery with this id');
    ctx.deliveries?.poke();
    return c.json({ retried: c.req.param('id') });
  });
  return app;
};
