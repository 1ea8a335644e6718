// Follow-ups of alerted responses: list, set open / contacted / resolved (who and when), and "closed within 24 h" per group.
import { Hono } from 'hono';
import { requireAdmin, requireAdminWrite } from '../http/admin.js';
import { bodyLimit, readJson } from '../http/body.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { noStore } from '../http/headers.js';
import { HttpError } from '../http/errors.js';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '../alerts/store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export const followUpRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  app.use('/v1/admin/surveys/:id/follow-ups', noStore);
  app.use('/v1/admin/follow-ups/:responseId', noStore, bodyLimit(4096));
  const read = requireAdmin(ctx, { cookie: true });
  app.get('/v1/admin/surveys/:id/follow-ups', read, async (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !FOLLOW_UP_STATUSES.includes(status as FollowUpStatus)) throw new HttpError(400, 'status must be open, contacted or resolved');
    const groupBy = c.req.query('groupBy') ?? 'location';
    if (!ATTRIBUTE.test(groupBy)) throw new HttpError(400, 'groupBy must be an attribute name');
    const id = c.req.param('id');
    const [followUps, closedLoop] = await Promise.all([
      ctx.storage.alerts.listFollowUps(id, { status: status as FollowUpStatus | undefined }),
      ctx.storage.alerts.closedLoop(id, groupBy),
    ]);
    return c.json({ groupBy, closedLoop, followUps });
  });
  app.put('/v1/admin/follow-ups/:responseId', requireAdminWrite(ctx), async (c) => {
    const responseId = c.req.param('responseId');
    if (!UUID.test(responseId)) throw new HttpError(400, 'responseId must be a UUID');
    const body = (await readJson(c)) as Record<string, unknown> | null;
    const issues: { path: string; message: string }[] = [];
    const status = body?.status;
    if (!FOLLOW_UP_STATUSES.includes(status as FollowUpStatus)) issues.push({ path: 'status', message: 'must be one of "open", "contacted", "resolved"' });
    const by = body?.by ?? 'admin';
    if (typeof by !== 'string' || by.trim() === '' || by.length > 100) issues.push({ path: 'by', message: 'must be a name of 1–100 characters' });
    if (issues.length) throw new HttpError(400, 'invalid follow-up', { issues });
    const updated = await ctx.storage.alerts.setFollowUp(responseId, status as FollowUpStatus, (by as string).trim());
    if (!updated) throw new HttpError(404, 'this response was not alerted');
    return c.json({ followUp: updated });
  });
  return app;
};
