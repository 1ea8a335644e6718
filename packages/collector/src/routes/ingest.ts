// POST /v1/responses: the SDK's batches — site and origin, a rate limit per stored item, then the shared ingestion.
import { Hono } from 'hono';
import { bodyLimit } from '../http/body.js';
import { clientAddress } from '../http/client-address.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { corsHeaders, originAllowed, preflight, setCors, type CorsOptions } from '../http/cors.js';
import { HttpError } from '../http/errors.js';
import { finalJson } from '../http/headers.js';
import { createRateLimiter } from '../http/rate-limit.js';
import { requestHeader } from '../http/request-header.js';
import { ingestBatch, rateLimited, readBatch } from '../ingest/batch.js';

const CORS: CorsOptions = { methods: 'POST, OPTIONS', headers: 'Content-Type', expose: 'Retry-After' };

export const ingestRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  const limiter = createRateLimiter(ctx.limits.rate);

  // Preflights carry no body and so no site key: allow any origin some site allows.
  app.options('/v1/responses', async (c) => {
    const origin = requestHeader(c, 'origin');
    if (!origin || !(await ctx.lookups.anySiteAllows(origin))) throw new HttpError(403, 'origin not allowed');
    return preflight(c, origin, CORS);
  });

  app.post('/v1/responses', bodyLimit(ctx.limits.maxBody), async (c) => {
    const origin = requestHeader(c, 'origin');
    try {
      const batch = await readBatch(c);
      const { siteKey, responses } = batch;
      // Each item is a row: a batch of 50 spends 50, so a flood is bounded in rows, not requests.
      const rate = limiter.take(`${siteKey}\u0000${clientAddress(c, ctx.limits)}`, Math.max(1, responses.length));
      if (!rate.ok) throw rateLimited(rate.retryAfterSeconds);
      const site = await ctx.lookups.site(siteKey);
      if (!site) throw new HttpError(403, 'unknown site key');
      if (origin !== undefined && !originAllowed(site.origins, origin)) throw new HttpError(403, 'origin not allowed');
      return finalJson(await ingestBatch(ctx, batch), 200, corsHeaders(origin, CORS));
    } catch (err) {
      // Error bodies hold nothing private, so any origin may read them: the SDK must tell a
      // permanent 4xx from a network failure, which an opaque CORS error would hide.
      setCors(c, origin, CORS);
      throw err;
    }
  });
  return app;
};
