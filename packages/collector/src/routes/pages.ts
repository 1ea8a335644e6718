// Pages beside the dashboard: the survey editor's API and preview frame, hosted link surveys, widget files.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { existsSync } from 'node:fs';
import { parseSurvey, ValidationError, type Survey } from '@tellus/schema';
import { Hono, type Context } from 'hono';
import { requireAdmin } from '../dashboard/auth.js';
import { widgetDistDir } from '../dashboard/assets.js';
import { DASHBOARD_CSP } from '../dashboard/html.js';
import { HOSTED_CSP, hostedCss, hostedJs, hostedPage, hostedSurvey, linkMeta } from '../pages/hosted.js';
import type { ResultsRouteContext } from './context.js';
import type { RouteRegistrar } from '../http/context.js';

const WIDGET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};

/** Key order in jsonb is not the author's, so definitions compare by sorted keys. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

/** A state-changing call from the dashboard must be a same-origin JSON request (no form can forge one). */
function sameOriginJson(c: Context): boolean {
  if (!(c.req.header('content-type') ?? '').startsWith('application/json')) return false;
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin') return false;
  const origin = c.req.header('origin');
  return !origin || origin === new URL(c.req.url).origin;
}

export function pageRoutes(ctx: ResultsRouteContext, options: { widgetDir?: string | null } = {}): Hono {
  const app = new Hono();
  const widgetDir = () => (options.widgetDir !== undefined ? options.widgetDir : widgetDistDir());
  const widgetHas = (file: string) => {
    const dir = widgetDir();
    return !!dir && existsSync(join(dir, file));
  };
  const admin = requireAdmin({ adminToken: ctx.adminToken, cookie: true });

  app.get('/dashboard/api/surveys/:id', admin, async (c) => {
    const survey = await ctx.storage.getSurvey(c.req.param('id'));
    if (!survey) return c.json({ error: 'unknown survey' }, 404);
    c.header('Cache-Control', 'no-store');
    return c.json({ survey, preview: widgetHas('tellus-ui.js') });
  });

  // Save from the editor: always a new version when the definition changed.
  app.put('/dashboard/api/surveys/:id', admin, async (c) => {
    if (!sameOriginJson(c)) return c.json({ error: 'same-origin JSON requests only' }, 403);
    const body = (await c.req.json().catch(() => null)) as { survey?: unknown } | null;
    let survey: Survey;
    try {
      survey = parseSurvey(body?.survey);
    } catch (err) {
      if (err instanceof ValidationError) return c.json({ error: 'invalid survey', issues: err.issues }, 400);
      throw err;
    }
    const id = c.req.param('id');
    if (survey.id !== id) return c.json({ error: 'invalid survey', issues: [{ path: 'id', message: `must be "${id}"` }] }, 400);
    const stored = await ctx.storage.getSurvey(id);
    if (!stored) return c.json({ error: 'unknown survey' }, 404);
    if (canonical({ ...survey, version: 0 }) === canonical({ ...stored.definition, version: 0 }))
      return c.json({ id, version: stored.version, created: false });
    const version = Math.max(survey.version, stored.version + 1);
    const r = await ctx.storage.putSurvey(stored.siteKey, { ...survey, version });
    ctx.logger?.info('survey saved from editor', { surveyId: id, version: r.version });
    return c.json({ id, version: r.version, created: r.created }, r.created ? 201 : 200);
  });

  app.get('/dashboard/preview', admin, (c) => {
    c.header('Content-Security-Policy', DASHBOARD_CSP);
    c.header('Cache-Control', 'no-store');
    return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<link rel="icon" href="data:,">
<title>Survey preview</title><link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<script src="/widget/tellus-ui.js" defer></script><script src="/dashboard/assets/dashboard.js" defer></script></head>
<body class="preview-page"><main><h1 class="sr-only">Survey preview</h1><div id="tellus-preview"></div></main></body></html>`);
  });

  app.get('/s/assets/hosted.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(hostedJs);
  });
  app.get('/s/assets/hosted.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(hostedCss);
  });

  app.get('/s/:surveyId', async (c) => {
    const stored = await ctx.storage.getSurvey(c.req.param('surveyId'));
    c.header('Content-Security-Policy', HOSTED_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
    if (!stored) return c.html('<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Survey not found</title></head><body><main><h1>Survey not found</h1></main></body></html>', 404);
    const query = c.req.query();
    const locale = query.lang ?? query.locale;
    const title = stored.definition.name ?? 'Survey';
    const config = {
      siteKey: stored.siteKey,
      endpoint: new URL(c.req.url).origin,
      surveyId: stored.id,
      survey: hostedSurvey(stored.definition),
      meta: linkMeta(query),
      ...(locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale) ? { locale } : {}),
    };
    return c.html(hostedPage(config, title, widgetHas('tellus.js')));
  });

  app.get('/widget/*', async (c) => {
    const dir = widgetDir();
    const rel = decodeURIComponent(c.req.path.slice('/widget/'.length));
    const type = WIDGET_TYPES[extname(rel)];
    if (!dir || !type || rel.includes('\0')) return c.json({ error: 'not found' }, 404);
    const file = normalize(join(dir, rel));
    if (!file.startsWith(normalize(dir + sep))) return c.json({ error: 'not found' }, 404);
    try {
      if (!(await stat(file)).isFile()) return c.json({ error: 'not found' }, 404);
      c.header('Content-Type', type);
      c.header('Cache-Control', 'public, max-age=300');
      c.header('X-Content-Type-Options', 'nosniff');
      return c.body(await readFile(file));
    } catch {
      return c.json({ error: 'not found' }, 404);
    }
  });
  return app;
}

/** Mounts these routes on the collector app (see routeRegistrars in server.ts). */
export const registerPages: RouteRegistrar = (app, ctx) => void app.route('/', pageRoutes(ctx));
