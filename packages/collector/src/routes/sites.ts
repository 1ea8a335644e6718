// Sites: the public survey list the SDK fetches (GET /v1/sites/:siteKey/surveys) and admin site management.
import { createHash } from 'node:crypto';
import { SITE_KEY, type Survey } from '@tellus/schema';
import { Hono } from 'hono';
import { requireAdmin } from '../http/admin.js';
import { bodyLimit, readJson } from '../http/body.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { isOrigin, originAllowed, preflight, setCors, type CorsOptions } from '../http/cors.js';
import { HttpError } from '../http/errors.js';
import { noStore } from '../http/headers.js';
import { StorageInputError } from '../storage/errors.js';
import type { SiteInput } from '../storage/types.js';

const CORS: CorsOptions = { methods: 'GET, OPTIONS', headers: 'Content-Type, If-None-Match', expose: 'ETag' };

/** A survey is served until its trigger's end date has passed; the SDK applies the start date itself. */
const active = (s: Survey, now: number) => !s.trigger?.endsAt || Date.parse(s.trigger.endsAt) > now;

const etagMatches = (header: string | undefined, etag: string) =>
  !!header && header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');

function parseSiteInput(body: unknown): SiteInput {
  const issues: { path: string; message: string }[] = [];
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (typeof b.key !== 'string' || !SITE_KEY.test(b.key)) issues.push({ path: 'key', message: 'must be 1-64 letters, digits, _ or -' });
  if (b.name !== undefined && (typeof b.name !== 'string' || b.name.length > 200))
    issues.push({ path: 'name', message: 'must be text of at most 200 characters' });
  if (!Array.isArray(b.origins) || b.origins.length > 100) issues.push({ path: 'origins', message: 'must be a list of at most 100 origins' });
  else
    b.origins.forEach((o, i) => {
      if (typeof o !== 'string' || !isOrigin(o)) issues.push({ path: `origins[${i}]`, message: 'must be an origin like https://shop.example.com, or "*"' });
    });
  // Storage checks the names themselves (StorageInputError → 400 below).
  if (b.dimensions !== undefined && (!Array.isArray(b.dimensions) || b.dimensions.some((d) => typeof d !== 'string')))
    issues.push({ path: 'dimensions', message: 'must be a list of meta attribute names' });
  if (issues.length) throw new HttpError(400, 'invalid site', { issues });
  const site: SiteInput = { key: b.key as string, origins: b.origins as string[] };
  if (typeof b.name === 'string') site.name = b.name;
  if (Array.isArray(b.dimensions)) site.dimensions = b.dimensions as string[];
  return site;
}

export const siteRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  app.options('/v1/sites/:siteKey/surveys', async (c) => {
    const origin = c.req.header('origin');
    const site = await ctx.lookups.site(c.req.param('siteKey'));
    if (!origin || !site || !originAllowed(site.origins, origin)) throw new HttpError(403, 'origin not allowed');
    return preflight(c, origin, CORS);
  });

  app.get('/v1/sites/:siteKey/surveys', async (c) => {
    const origin = c.req.header('origin');
    const site = await ctx.lookups.site(c.req.param('siteKey'));
    if (!site) throw new HttpError(404, 'unknown site key');
    if (origin !== undefined && !originAllowed(site.origins, origin)) throw new HttpError(403, 'origin not allowed');
    setCors(c, origin, CORS);
    const now = Date.now();
    const surveys = (await ctx.storage.listSurveys(site.key)).map((s) => s.definition).filter((s) => active(s, now));
    const body = JSON.stringify({ surveys });
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=60');
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(body, 200);
  });

  app.use('/v1/admin/sites', requireAdmin(ctx), noStore, bodyLimit(ctx.limits.maxBody));
  app.get('/v1/admin/sites', async (c) => c.json({ sites: await ctx.storage.listSites() }));
  app.post('/v1/admin/sites', async (c) => {
    const input = parseSiteInput(await readJson(c));
    const existed = (await ctx.storage.getSite(input.key)) !== null;
    try {
      await ctx.storage.upsertSite(input);
    } catch (err) {
      if (err instanceof StorageInputError) throw new HttpError(400, 'invalid site', { issues: [{ path: 'dimensions', message: err.message }] });
      throw err;
    }
    ctx.lookups.forgetSite(input.key);
    return c.json({ site: await ctx.storage.getSite(input.key) }, existed ? 200 : 201);
  });
  return app;
};
