// The dashboard: its page shells (signing in with ?token= once), its assets and the survey list it loads.
import { readFile } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import { bearerToken, isAdminToken, requireAdmin, sessionOk } from '../http/admin.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { noStore } from '../http/headers.js';
import { dashboardBundlePath } from '../dashboard/assets.js';
import { dashboardShell, loginPage } from '../dashboard/html.js';
import { dashboardCss } from '../dashboard/styles.js';
import { pageHtml } from './page-html.js';
import { signIn } from './session.js';

export const dashboardRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();

  const page = async (c: Context<AppEnv>) => {
    const token = c.req.query('token');
    // The raw, still percent-encoded path: nothing decoded (a CR or LF) can reach the Location header.
    if (token !== undefined) return signIn(ctx, c, token, new URL(c.req.url).pathname);
    const authed = isAdminToken(ctx, bearerToken(c.req.header('authorization'))) || (await sessionOk(ctx, c));
    if (!authed) return pageHtml(c, loginPage(ctx.adminToken ? undefined : 'The admin API is disabled: set TELLUS_ADMIN_TOKEN.'), 401);
    return pageHtml(c, dashboardShell());
  };

  app.get('/dashboard', page);
  app.get('/dashboard/', page);
  app.get('/dashboard/surveys/:id', page);
  app.get('/dashboard/surveys/:id/edit', page);

  app.get('/dashboard/assets/dashboard.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(dashboardCss);
  });

  app.get('/dashboard/assets/dashboard.js', async (c) => {
    const file = dashboardBundlePath();
    if (!file) throw new HttpError(404, 'dashboard bundle not built: run `npm run build`');
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(await readFile(file));
  });

  // The page's own data: the survey list with response counts (reads only, so the cookie is enough).
  app.get('/dashboard/api/surveys', requireAdmin(ctx, { cookie: true }), noStore, async (c) => {
    const [surveys, counts] = await Promise.all([ctx.storage.listSurveys(), ctx.storage.countResponsesBySurvey()]);
    const rows = surveys.map((s) => ({
      id: s.id,
      version: s.version,
      name: s.definition.name ?? null,
      siteKey: s.siteKey,
      responses: counts.get(s.id) ?? 0,
    }));
    return c.json({ surveys: rows.sort((a, b) => a.id.localeCompare(b.id)) });
  });
  return app;
};
