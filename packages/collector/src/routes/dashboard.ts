// The dashboard: sign-in (token once → session cookie), the page shells, its assets and its small JSON API.
import { readFile } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import { etag } from 'hono/etag';
import { bearerOk, cookieOk, isAdminToken, requireAdmin, SESSION_COOKIE, SESSION_SECONDS, sessionValue } from '../http/admin.js';
import { dashboardBundlePath } from '../dashboard/assets.js';
import { DASHBOARD_CSP, dashboardShell, loginPage } from '../dashboard/html.js';
import { overviewFromStorage } from '../results/overview.js';
import { dashboardCss } from '../dashboard/styles.js';
import type { ResultsRouteContext } from './context.js';
import type { RouteRegistrar } from '../http/context.js';

const pageHeaders = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export function dashboardRoutes(ctx: ResultsRouteContext): Hono {
  const app = new Hono();
  const authed = (c: Context) => bearerOk(c, ctx.adminToken) || cookieOk(c, ctx.adminToken);

  const html = (c: Context, body: string, status: 200 | 401 = 200) => {
    for (const [k, v] of Object.entries(pageHeaders)) c.header(k, v);
    return c.html(body, status);
  };

  /** Sets the session cookie and sends the browser to `to`, so the token leaves the address bar. */
  const signIn = (c: Context, to: string) => {
    const secure = new URL(c.req.url).protocol === 'https:' ? '; Secure' : '';
    c.header('Set-Cookie', `${SESSION_COOKIE}=${sessionValue(ctx.adminToken as string)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure}`);
    c.header('Cache-Control', 'no-store');
    return c.redirect(to, 303);
  };

  const page = (c: Context) => {
    const token = c.req.query('token');
    if (token !== undefined) {
      if (!isAdminToken(ctx, token)) return html(c, loginPage('That token is not valid.'), 401);
      // Keep the rest of the address (the dashboard's filters), drop only the token.
      const rest = new URL(c.req.url).searchParams;
      rest.delete('token');
      return signIn(c, `${c.req.path}${rest.size ? `?${rest}` : ''}`);
    }
    if (!authed(c)) return html(c, loginPage(ctx.adminToken ? undefined : 'The admin API is disabled: set TELLUS_ADMIN_TOKEN.'), 401);
    return html(c, dashboardShell());
  };

  app.get('/dashboard', page);
  app.get('/dashboard/', page);
  app.get('/dashboard/surveys/:id', page);
  app.get('/dashboard/surveys/:id/edit', page);

  app.post('/dashboard/login', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.token === 'string' ? form.token : undefined;
    if (!isAdminToken(ctx, token)) return html(c, loginPage('That token is not valid.'), 401);
    return signIn(c, '/dashboard');
  });

  app.post('/dashboard/logout', (c) => {
    c.header('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    return c.redirect('/dashboard', 303);
  });

  app.get('/dashboard/assets/dashboard.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(dashboardCss);
  });

  app.get('/dashboard/assets/dashboard.js', async (c) => {
    const file = dashboardBundlePath();
    if (!file) return c.text('dashboard bundle not built: run `npm run build`', 404);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(await readFile(file));
  });

  // The page's own data: the survey list with response counts (reads only, so the cookie is enough).
  app.get('/dashboard/api/surveys', requireAdmin(ctx, { cookie: true }), async (c) => {
    const [surveys, counts] = await Promise.all([ctx.storage.listSurveys(), ctx.storage.countResponsesBySurvey()]);
    const rows = surveys.map((s) => ({
      id: s.id,
      version: s.version,
      name: s.definition.name ?? null,
      siteKey: s.siteKey,
      responses: counts.get(s.id) ?? 0,
    }));
    c.header('Cache-Control', 'no-store');
    return c.json({ surveys: rows.sort((a, b) => a.id.localeCompare(b.id)) });
  });

  // Every survey's headline this period against the one before: ?days=N (1–366) or all time without it.
  app.get('/dashboard/api/overview', requireAdmin(ctx, { cookie: true }), etag({ weak: true }), async (c) => {
    const raw = c.req.query('days');
    const days = raw === undefined || raw === 'all' ? null : Number(raw);
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 366)) return c.json({ error: 'days must be a whole number from 1 to 366, or all', param: 'days' }, 400);
    const surveys = await ctx.storage.listSurveys();
    const overview = await overviewFromStorage(ctx.storage, surveys.map((s) => s.definition), days);
    c.header('Cache-Control', 'no-store');
    return c.json(overview);
  });

  return app;
}

/** Mounts these routes on the collector app (see routeRegistrars in server.ts). */
export const registerDashboard: RouteRegistrar = (app, ctx) => void app.route('/', dashboardRoutes(ctx));
