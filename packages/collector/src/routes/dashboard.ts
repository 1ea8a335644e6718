// The dashboard: its page shells (signing in with ?token= once), its assets and the survey list it loads.
import { readFile } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import { etag } from 'hono/etag';
import { bearerToken, isAdminToken, requireAdmin, sessionOk } from '../http/admin.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { noStore } from '../http/headers.js';
import { dashboardBundlePath } from '../dashboard/assets.js';
import { dashboardShell, loginPage } from '../dashboard/html.js';
import { dashboardCss } from '../dashboard/styles.js';
import { alertsCss } from '../dashboard/alerts-styles.js';
import { overviewFromStorage } from '../results/overview.js';
import { pageHtml } from './page-html.js';
import { signIn } from './session.js';

export const dashboardRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();

  const page = async (c: Context<AppEnv>) => {
    const token = c.req.query('token');
    // The raw, still percent-encoded path: nothing decoded (a CR or LF) can reach the Location header.
    // The rest of the query (the dashboard's filters) is kept, re-encoded by URLSearchParams; only the token goes.
    if (token !== undefined) {
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return signIn(ctx, c, token, `${url.pathname}${url.searchParams.size ? `?${url.searchParams}` : ''}`);
    }
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
    return c.body(dashboardCss + alertsCss);
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

  // Every survey's headline this period against the one before: ?days=N (1–366), or all time with days=all or none.
  app.get('/dashboard/api/overview', requireAdmin(ctx, { cookie: true }), noStore, etag({ weak: true }), async (c) => {
    const raw = c.req.query('days');
    const days = raw === undefined || raw === 'all' ? null : Number(raw);
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 366))
      throw new HttpError(400, 'days must be a whole number from 1 to 366, or all', { param: 'days' });
    const surveys = await ctx.storage.listSurveys();
    return c.json(
      await overviewFromStorage(
        ctx.storage,
        surveys.map((s) => s.definition),
        days,
      ),
    );
  });
  return app;
};
