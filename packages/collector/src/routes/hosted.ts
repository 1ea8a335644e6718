// Hosted link surveys: the page at /s/:surveyId, its assets, and the batch endpoint its SDK posts to.
import { Hono } from 'hono';
import { bodyLimit } from '../http/body.js';
import { clientAddress } from '../http/client-address.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { createRateLimiter } from '../http/rate-limit.js';
import { ingestBatch, rateLimited, readBatch } from '../ingest/batch.js';
import { widgetHas } from './widget-files.js';
import { HOSTED_CSP, hostedCss, hostedJs, hostedPage, hostedSurvey, linkMeta } from '../pages/hosted.js';

const NOT_FOUND_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Survey not found</title></head><body><main><h1>Survey not found</h1></main></body></html>';

/** Whether an Origin names this very host: the hosted page is a page of the collector itself. */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

export const hostedRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  // Anyone with the link can post, with no site origin to check: this budget is tighter than the SDK's.
  const limiter = createRateLimiter(ctx.limits.hostedRate);

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
    c.header('Cache-Control', 'no-store');
    if (!stored) return c.html(NOT_FOUND_PAGE, 404);
    const query = c.req.query();
    const locale = query.lang ?? query.locale;
    const origin = new URL(c.req.url).origin;
    const config = {
      siteKey: stored.siteKey,
      endpoint: `${origin}/s/${encodeURIComponent(stored.id)}`,
      surveyId: stored.id,
      survey: hostedSurvey(stored.definition),
      meta: linkMeta(query),
      ...(locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale) ? { locale } : {}),
    };
    return c.html(hostedPage(config, stored.definition.name ?? 'Survey', widgetHas(ctx, 'tellus.js')));
  });

  // A hosted page's SDK posts here: a same-origin page of the collector is allowed without listing
  // the collector among the site's origins, but only for the survey in the path, so this is no way
  // around any site's origin list. Same ingestion as /v1/responses, called directly.
  app.post('/s/:surveyId/v1/responses', bodyLimit(ctx.limits.maxBody), async (c) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !sameHost(origin, c.req.header('host'))) throw new HttpError(403, 'origin not allowed');
    const surveyId = c.req.param('surveyId');
    const batch = await readBatch(c);
    const { siteKey, responses } = batch;
    // A visitor answers one survey at a time; the SDK halves a batch on 413 until it fits.
    if (responses.length > ctx.limits.hostedMaxItems) {
      throw new HttpError(413, `at most ${ctx.limits.hostedMaxItems} responses per request here`, { maxItems: ctx.limits.hostedMaxItems });
    }
    const rate = limiter.take(clientAddress(c, ctx.limits), Math.max(1, responses.length));
    if (!rate.ok) throw rateLimited(rate.retryAfterSeconds);
    const stored = await ctx.storage.getSurvey(surveyId);
    const forThisSurvey = responses.every((r) => !!r && typeof r === 'object' && (r as { surveyId?: unknown }).surveyId === surveyId);
    if (!stored || siteKey !== stored.siteKey || !forThisSurvey) throw new HttpError(403, `only responses to survey "${surveyId.slice(0, 64)}" go here`);
    return c.json(await ingestBatch(ctx, batch), 200);
  });
  return app;
};
