// POST /v1/responses: the SDK's batches — envelope checks, site and origin, rate limit, per-item verdicts.
import { checkAnswers, parseBatch, parseResponse, ValidationError, type AckResult, type Issue, type SurveyResponse } from '@tellus/schema';
import { hasForbiddenKey, readJson } from '../http/body.js';
import { clientAddress } from '../http/client-address.js';
import type { AppContext, RouteRegistrar } from '../http/context.js';
import { originAllowed, preflight, setCors, type CorsOptions } from '../http/cors.js';
import { HttpError } from '../http/errors.js';
import { createRateLimiter } from '../http/rate-limit.js';
import { unstorableReason } from '../http/storable.js';

const CORS: CorsOptions = { methods: 'POST, OPTIONS', headers: 'Content-Type', expose: 'Retry-After' };
/** Rejected ids are echoed back; a hostile 1 MB "id" is not. */
const ID_ECHO_MAX = 100;

const describe = (issues: Issue[]) => issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
const echoId = (raw: unknown) =>
  raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
    ? (raw as { id: string }).id.slice(0, ID_ECHO_MAX)
    : '';

type Verdict = { ok: SurveyResponse } | { error: string };

async function checkItem(ctx: AppContext, siteKey: string, raw: unknown): Promise<Verdict> {
  if (hasForbiddenKey(raw)) return { error: 'forbidden key "__proto__"' };
  let item: SurveyResponse;
  try {
    item = parseResponse(raw);
  } catch (err) {
    if (err instanceof ValidationError) return { error: describe(err.issues) };
    throw err;
  }
  const unstorable = unstorableReason(item);
  if (unstorable) return { error: unstorable };
  const survey = await ctx.lookups.surveyVersion(item.surveyId, item.surveyVersion);
  if (!survey || survey.siteKey !== siteKey) return { error: `unknown survey "${item.surveyId}" version ${item.surveyVersion}` };
  const issues = checkAnswers(survey.definition, item.answers, item.completed);
  return issues.length ? { error: describe(issues) } : { ok: item };
}

/** Class 22 is PostgreSQL's "data exception": this item's values, not the server, are at fault. */
const isDataError = (err: unknown) => /^22/.test(String((err as { code?: unknown }).code ?? ''));

async function store(ctx: AppContext, siteKey: string, items: SurveyResponse[], ack: AckResult): Promise<void> {
  try {
    const r = await ctx.storage.ingest(siteKey, items);
    ack.accepted.push(...r.accepted);
    ack.duplicates.push(...r.duplicates);
  } catch (err) {
    // Validation should make this unreachable; if a value still slips past it, find the culprit
    // item by item instead of failing the whole batch with a 500.
    if (!isDataError(err) || items.length === 0) throw err;
    ctx.logger.warn('batch hit a data error; retrying item by item', { code: String((err as { code?: unknown }).code) });
    for (const item of items) {
      try {
        const r = await ctx.storage.ingest(siteKey, [item]);
        ack.accepted.push(...r.accepted);
        ack.duplicates.push(...r.duplicates);
      } catch (e) {
        if (!isDataError(e)) throw e;
        ack.rejected.push({ id: item.id, error: 'contains a value that cannot be stored' });
      }
    }
  }
}

export const registerIngest: RouteRegistrar = (app, ctx) => {
  const limiter = createRateLimiter(ctx.limits.rate);

  // Preflights carry no body and so no site key: allow any origin some site allows.
  app.options('/v1/responses', async (c) => {
    const origin = c.req.header('origin');
    if (!origin || !(await ctx.lookups.anySiteAllows(origin))) return c.json({ error: 'origin not allowed' }, 403);
    return preflight(c, origin, CORS);
  });

  app.post('/v1/responses', async (c) => {
    const origin = c.req.header('origin');
    // Error bodies hold nothing private, so any origin may read them: the SDK must tell a
    // permanent 4xx from a network failure, which an opaque CORS error would hide.
    setCors(c, origin, CORS);
    const body = await readJson(c, { limit: ctx.limits.maxBody, alsoAccept: ['text/plain'], forbiddenKeys: 'mark' });
    // Forbidden keys inside items only reject those items; on the envelope they sink the request.
    if (hasForbiddenKey(body, false)) throw new HttpError(400, 'forbidden key "__proto__"');
    let siteKey: string;
    let responses: unknown[];
    try {
      ({ siteKey, responses } = parseBatch(body));
    } catch (err) {
      if (err instanceof ValidationError) throw new HttpError(400, 'invalid batch', { issues: err.issues });
      throw err;
    }
    const rate = limiter.take(`${siteKey}\u0000${clientAddress(c, ctx.limits.trustProxy)}`);
    if (!rate.ok) {
      throw new HttpError(429, 'rate limited', { retryAfter: rate.retryAfterSeconds }, { 'Retry-After': String(rate.retryAfterSeconds) });
    }
    const site = await ctx.lookups.site(siteKey);
    if (!site) throw new HttpError(403, 'unknown site key');
    if (origin !== undefined && !originAllowed(site.origins, origin)) throw new HttpError(403, 'origin not allowed');

    const ack: AckResult = { accepted: [], duplicates: [], rejected: [] };
    const valid: SurveyResponse[] = [];
    for (const raw of responses) {
      const verdict = await checkItem(ctx, siteKey, raw);
      if ('ok' in verdict) valid.push(verdict.ok);
      else ack.rejected.push({ id: echoId(raw), error: verdict.error });
    }
    await store(ctx, siteKey, valid, ack);
    // The outbox rows were written with the responses; this only saves the worker its next poll.
    if (ack.accepted.length) ctx.deliveries?.poke();
    return c.json(ack, 200);
  });
};
