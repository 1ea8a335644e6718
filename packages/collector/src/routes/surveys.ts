// Admin survey API: upsert a versioned definition (validated by @tellus/schema) and list the latest ones.
import { parseSurvey, SurveyConfigError } from '@tellus/schema';
import { Hono } from 'hono';
import { requireAdmin } from '../http/admin.js';
import { bodyLimit, readJson } from '../http/body.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { noStore } from '../http/headers.js';
import { StorageInputError } from '../storage/errors.js';

export const surveyRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  for (const path of ['/v1/admin/surveys', '/v1/admin/surveys/*']) app.use(path, requireAdmin(ctx), noStore, bodyLimit(ctx.limits.maxBody));

  app.get('/v1/admin/surveys', async (c) => {
    const siteKey = c.req.query('siteKey');
    return c.json({ surveys: await ctx.storage.listSurveys(siteKey || undefined) });
  });

  app.get('/v1/admin/surveys/:id', async (c) => {
    const v = c.req.query('version');
    const version = v === undefined ? undefined : Number(v);
    if (version !== undefined && !(Number.isInteger(version) && version >= 1 && version < 2 ** 31)) {
      throw new HttpError(400, 'version must be a whole number >= 1');
    }
    const survey = await ctx.storage.getSurvey(c.req.param('id'), version);
    if (!survey) throw new HttpError(404, 'unknown survey');
    return c.json({ survey });
  });

  // Body { siteKey, survey }; paths in issues are relative to the survey, as an editor shows them.
  app.put('/v1/admin/surveys/:id', async (c) => {
    const body = await readJson(c);
    const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    if (typeof b.siteKey !== 'string') throw new HttpError(400, 'invalid request', { issues: [{ path: 'siteKey', message: 'required' }] });
    let survey;
    try {
      survey = parseSurvey(b.survey);
    } catch (err) {
      if (err instanceof SurveyConfigError) throw new HttpError(400, 'invalid survey', { issues: err.issues });
      throw err;
    }
    if (survey.id !== c.req.param('id')) {
      throw new HttpError(400, 'invalid survey', { issues: [{ path: 'id', message: `must match the URL ("${c.req.param('id')}")` }] });
    }
    if (!(await ctx.storage.getSite(b.siteKey))) {
      throw new HttpError(400, 'unknown site', { issues: [{ path: 'siteKey', message: `no site "${b.siteKey.slice(0, 64)}"` }] });
    }
    try {
      const { version, created } = await ctx.storage.putSurvey(b.siteKey, survey);
      return c.json({ id: survey.id, version, created }, created ? 201 : 200);
    } catch (err) {
      if (err instanceof StorageInputError) throw new HttpError(409, err.message);
      throw err;
    }
  });
  return app;
};
