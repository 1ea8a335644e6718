// GET /v1/surveys/:id/responses.csv and .ndjson: streamed exports filtered like the results (admin).
import { Hono, type Context } from 'hono';
import { requireAdmin } from '../http/admin.js';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { noStore } from '../http/headers.js';
import { contentTypes, prepareExport, toReadableStream, UnknownSurveyError, type ExportFormat } from '../export/stream.js';
import { parseResultsQuery } from '../results/query.js';

const truthy = (v: string | undefined) => v === '1' || v === 'true';

export const exportRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  const auth = requireAdmin(ctx, { cookie: true });

  const handle = async (c: Context<AppEnv>, format: ExportFormat) => {
    const q = parseResultsQuery(c.req.query());
    if (!q.ok) throw new HttpError(400, q.error, { param: q.param });
    const surveyId = c.req.param('id') ?? '';
    let chunks: AsyncGenerator<string>;
    try {
      chunks = await prepareExport(ctx.storage, {
        surveyId,
        format,
        from: q.value.from,
        to: q.value.to,
        bom: truthy(c.req.query('bom')),
        completedOnly: truthy(c.req.query('completed')),
        signal: c.req.raw.signal,
      });
    } catch (err) {
      if (err instanceof UnknownSurveyError) throw new HttpError(404, 'unknown survey');
      throw err;
    }
    const body = await toReadableStream(chunks, format, (err) =>
      // The name and code only: a database error's message and fields may quote the SQL and its parameters.
      ctx.logger.error('export failed after the first byte', {
        surveyId: surveyId.slice(0, 64),
        error: err instanceof Error ? err.name : 'unknown',
        code: String((err as { code?: unknown })?.code ?? ''),
      }),
    );
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        'Content-Type': contentTypes[format],
        // The id is a schema-checked slug; quoting keeps the header well-formed whatever it holds.
        'Content-Disposition': `attachment; filename="${encodeURIComponent(surveyId)}-${stamp}.${format}"`,
      },
    });
  };

  app.get('/v1/surveys/:id/responses.csv', auth, noStore, (c) => handle(c, 'csv'));
  app.get('/v1/surveys/:id/responses.ndjson', auth, noStore, (c) => handle(c, 'ndjson'));
  return app;
};
