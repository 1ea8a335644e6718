// Pages beside the dashboard: the survey editor's API and preview frame, hosted link surveys, widget files.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { existsSync } from 'node:fs';
import { parseSurvey, ValidationError, type Survey } from '@tellus/schema';
import { Hono, type Context } from 'hono';
import { requireAdmin } from '../http/admin.js';
import { widgetDistDir } from '../dashboard/assets.js';
import { DASHBOARD_CSP } from '../dashboard/html.js';
import { HOSTED_CSP, hostedCss, hostedJs, hostedPage, hostedSurvey, linkMeta } from '../pages/hosted.js';
import type { ResultsRouteContext } from './context.js';
import type { RouteRegistrar } from '../http/context.js';
import { readLimited } from '../http/body.js';
import { HttpError } from '../http/errors.js';

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

export interface PageRouteOptions {
  /** Where widget files are served from; default packages/widget/dist (or TELLUS_WIDGET_DIR). */
  widgetDir?: string | null;
  /**
   * Hands a hosted page's batch to the collector's own POST /v1/responses (with the caller's
   * environment, so rate limits still see the client). Without it hosted pages post there directly.
   */
  ingest?: (req: Request, env: unknown) => Response | Promise<Response>;
}

/** Largest hosted-page batch read here before handing it on (the ingest route applies its own limit). */
const HOSTED_BODY_MAX = 256 * 1024;

export function pageRoutes(ctx: ResultsRouteContext, options: PageRouteOptions = {}): Hono {
  const app = new Hono();
  const widgetDir = () => (options.widgetDir !== undefined ? options.widgetDir : widgetDistDir());
  const widgetHas = (file: string) => {
    const dir = widgetDir();
    return !!dir && existsSync(join(dir, file));
  };
  const admin = requireAdmin(ctx, { cookie: true });

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
    const origin = new URL(c.req.url).origin;
    const config = {
      siteKey: stored.siteKey,
      endpoint: options.ingest ? `${origin}/s/${encodeURIComponent(stored.id)}` : origin,
      surveyId: stored.id,
      survey: hostedSurvey(stored.definition),
      meta: linkMeta(query),
      ...(locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale) ? { locale } : {}),
    };
    return c.html(hostedPage(config, title, widgetHas('tellus.js')));
  });

  // A hosted page posts here (its SDK endpoint is /s/:surveyId): a same-origin page of the collector
  // itself is allowed without listing the collector among the site's origins, but only for the
  // survey in the path, so this cannot serve as a way around any site's origin list.
  if (options.ingest) {
    const ingest = options.ingest;
    app.post('/s/:surveyId/v1/responses', async (c) => {
      const origin = c.req.header('origin');
      const host = c.req.header('host');
      let sameHost = false;
      try {
        sameHost = origin !== undefined && host !== undefined && new URL(origin).host === host;
      } catch {
        sameHost = false;
      }
      if (origin !== undefined && !sameHost) return c.json({ error: 'origin not allowed' }, 403);
      // Streamed within the limit: a chunked body without Content-Length is never buffered whole.
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(await readLimited(c, HOSTED_BODY_MAX));
      } catch (e) {
        if (e instanceof HttpError) throw e;
        throw new HttpError(400, 'body is not valid UTF-8');
      }
      const surveyId = c.req.param('surveyId');
      const stored = await ctx.storage.getSurvey(surveyId);
      let batch: unknown;
      try {
        batch = JSON.parse(text);
      } catch {
        batch = null; // malformed: the ingest route answers it as it answers any malformed batch
      }
      if (batch && typeof batch === 'object') {
        const b = batch as { siteKey?: unknown; responses?: unknown };
        const items = Array.isArray(b.responses) ? b.responses : [];
        const forThisSurvey = items.every((r) => !!r && typeof r === 'object' && (r as { surveyId?: unknown }).surveyId === surveyId);
        if (!stored || b.siteKey !== stored.siteKey || !forThisSurvey) return c.json({ error: `only responses to survey "${surveyId.slice(0, 64)}" go here` }, 403);
      }
      const headers = new Headers({ 'content-type': c.req.header('content-type') ?? 'application/json' });
      const forwarded = c.req.header('x-forwarded-for');
      if (forwarded) headers.set('x-forwarded-for', forwarded);
      return ingest(new Request(new URL('/v1/responses', c.req.url), { method: 'POST', headers, body: text }), c.env);
    });
  }

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
export const registerPages: RouteRegistrar = (app, ctx) =>
  void app.route('/', pageRoutes(ctx, { ingest: (req, env) => app.fetch(req, env as never) }));
