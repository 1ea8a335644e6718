// The dashboard's survey editor: load and save one definition (a new version when it changed), and its preview frame.
import { parseSurvey, ValidationError, type Survey } from '@tellus/schema';
import { Hono, type MiddlewareHandler } from 'hono';
import { requireAdmin } from '../http/admin.js';
import { bodyLimit, readJson } from '../http/body.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { noStore } from '../http/headers.js';
import { pageHtml } from './page-html.js';
import { widgetHas } from './widget-files.js';

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
const sameOriginJson: MiddlewareHandler = async (c, next) => {
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  const ok =
    (c.req.header('content-type') ?? '').startsWith('application/json') &&
    (!site || site === 'same-origin') &&
    (!origin || origin === new URL(c.req.url).origin);
  if (!ok) throw new HttpError(403, 'same-origin JSON requests only');
  await next();
};

const PREVIEW_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Survey preview</title><link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<script src="/widget/tellus-ui.js" defer></script><script src="/dashboard/assets/dashboard.js" defer></script></head>
<body class="preview-page"><main><h1 class="sr-only">Survey preview</h1><div id="tellus-preview"></div></main></body></html>`;

export const editorRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  const admin = requireAdmin(ctx, { cookie: true });

  app.get('/dashboard/api/surveys/:id', admin, noStore, async (c) => {
    const survey = await ctx.storage.getSurvey(c.req.param('id'));
    if (!survey) throw new HttpError(404, 'unknown survey');
    return c.json({ survey, preview: widgetHas(ctx, 'tellus-ui.js') });
  });

  // Save from the editor: always a new version when the definition changed.
  app.put('/dashboard/api/surveys/:id', admin, noStore, sameOriginJson, bodyLimit(ctx.limits.maxBody), async (c) => {
    const body = (await readJson(c)) as { survey?: unknown } | null;
    let survey: Survey;
    try {
      survey = parseSurvey(body && typeof body === 'object' ? body.survey : undefined);
    } catch (err) {
      if (err instanceof ValidationError) throw new HttpError(400, 'invalid survey', { issues: err.issues });
      throw err;
    }
    const id = c.req.param('id');
    if (survey.id !== id) throw new HttpError(400, 'invalid survey', { issues: [{ path: 'id', message: `must be "${id}"` }] });
    const stored = await ctx.storage.getSurvey(id);
    if (!stored) throw new HttpError(404, 'unknown survey');
    if (canonical({ ...survey, version: 0 }) === canonical({ ...stored.definition, version: 0 }))
      return c.json({ id, version: stored.version, created: false });
    const version = Math.max(survey.version, stored.version + 1);
    const r = await ctx.storage.putSurvey(stored.siteKey, { ...survey, version });
    ctx.logger.info('survey saved from editor', { surveyId: id, version: r.version });
    return c.json({ id, version: r.version, created: r.created }, r.created ? 201 : 200);
  });

  app.get('/dashboard/preview', admin, (c) => pageHtml(c, PREVIEW_PAGE));
  return app;
};
