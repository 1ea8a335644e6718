// GET /v1/surveys/:id/responses.csv and .ndjson: streamed exports filtered like the results (admin).
import { Hono, type Context } from 'hono';
import { requireAdmin } from '../http/admin.js';
import { contentTypes, prepareExport, toReadableStream, UnknownSurveyError, type ExportFormat } from '../export/stream.js';
import { parseResultsQuery } from '../results/query.js';
import type { ResultsRouteContext } from './context.js';
import type { RouteRegistrar } from '../http/context.js';

const truthy = (v: string | undefined) => v === '1' || v === 'true';

export function exportRoutes(ctx: ResultsRouteContext): Hono {
  const app = new Hono();
  const auth = requireAdmin(ctx, { cookie: true });

  const handle = async (c: Context, format: ExportFormat) => {
    const q = parseResultsQuery(c.req.query());
    if (!q.ok) return c.json({ error: q.error, param: q.param }, 400);
    const surveyId = c.req.param('id') ?? '';
    try {
      const chunks = await prepareExport(ctx.storage, {
        surveyId,
        format,
        from: q.value.from,
        to: q.value.to,
        bom: truthy(c.req.query('bom')),
        completedOnly: truthy(c.req.query('completed')),
        signal: c.req.raw.signal,
      });
      const stamp = new Date().toISOString().slice(0, 10);
      return new Response(toReadableStream(chunks), {
        headers: {
          'Content-Type': contentTypes[format],
          'Content-Disposition': `attachment; filename="${surveyId}-${stamp}.${format}"`,
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch (err) {
      if (err instanceof UnknownSurveyError) return c.json({ error: 'unknown survey' }, 404);
      throw err;
    }
  };

  app.get('/v1/surveys/:id/responses.csv', auth, (c) => handle(c, 'csv'));
  app.get('/v1/surveys/:id/responses.ndjson', auth, (c) => handle(c, 'ndjson'));
  return app;
}

/** Mounts these routes on the collector app (see routeRegistrars in server.ts). */
export const registerExport: RouteRegistrar = (app, ctx) => void app.route('/', exportRoutes(ctx));
