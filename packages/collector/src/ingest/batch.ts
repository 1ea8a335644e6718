// Ingestion shared by POST /v1/responses and hosted link surveys: the envelope, per-item verdicts, storage, webhooks.
import { checkAnswers, parseBatch, parseResponse, ValidationError, type AckResult, type Issue, type SurveyResponse } from '@tellus/schema';
import type { Context } from 'hono';
import { hasForbiddenKey, readJson } from '../http/body.js';
import type { AppContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { unstorableReason } from '../http/storable.js';

/** Rejected ids are echoed back; a hostile 1 MB "id" is not. */
const ID_ECHO_MAX = 100;
/**
 * An answer given before a survey's end date but delivered later (the visitor went offline) is
 * still taken for this long; after that, and for anything created after the end, the survey is closed.
 */
export const ENDED_GRACE_MS = 24 * 60 * 60 * 1000;

const describe = (issues: Issue[]) => issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
const echoId = (raw: unknown) =>
  raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
    ? (raw as { id: string }).id.slice(0, ID_ECHO_MAX)
    : '';

export interface Batch {
  siteKey: string;
  responses: unknown[];
}

/** Reads and checks the envelope; "__proto__" inside an item only rejects that item, on the envelope the request. */
export async function readBatch(c: Context): Promise<Batch> {
  const body = await readJson(c, { alsoAccept: ['text/plain'], forbiddenKeys: 'mark' });
  if (hasForbiddenKey(body, false)) throw new HttpError(400, 'forbidden key "__proto__"');
  try {
    return parseBatch(body);
  } catch (err) {
    if (err instanceof ValidationError) throw new HttpError(400, 'invalid batch', { issues: err.issues });
    throw err;
  }
}

/** The client's clock is not trusted with the future: no date may be later than the moment we received it. */
function clampDates(item: SurveyResponse, receivedAt: number): SurveyResponse {
  const at = new Date(receivedAt).toISOString();
  const createdAt = Date.parse(item.createdAt) > receivedAt ? at : item.createdAt;
  const updatedAt = Date.parse(item.updatedAt) > receivedAt ? at : item.updatedAt;
  return createdAt === item.createdAt && updatedAt === item.updatedAt ? item : { ...item, createdAt, updatedAt };
}

type Verdict = { kind: 'ok'; item: SurveyResponse } | { kind: 'rejected'; error: string };

async function checkItem(ctx: AppContext, siteKey: string, raw: unknown, receivedAt: number): Promise<Verdict> {
  if (hasForbiddenKey(raw)) return { kind: 'rejected', error: 'forbidden key "__proto__"' };
  let item: SurveyResponse;
  try {
    item = parseResponse(raw);
  } catch (err) {
    if (err instanceof ValidationError) return { kind: 'rejected', error: describe(err.issues) };
    throw err;
  }
  const unstorable = unstorableReason(item);
  if (unstorable) return { kind: 'rejected', error: unstorable };
  item = clampDates(item, receivedAt);
  const survey = await ctx.lookups.surveyVersion(item.surveyId, item.surveyVersion);
  if (!survey || survey.siteKey !== siteKey) return { kind: 'rejected', error: `unknown survey "${item.surveyId}" version ${item.surveyVersion}` };
  const endsAt = survey.definition.trigger?.endsAt ? Date.parse(survey.definition.trigger.endsAt) : Infinity;
  const late = Date.parse(item.createdAt) >= endsAt || receivedAt >= endsAt + ENDED_GRACE_MS;
  if (late) return { kind: 'rejected', error: `survey "${item.surveyId}" ended at ${new Date(endsAt).toISOString()}` };
  const issues = checkAnswers(survey.definition, item.answers, item.completed);
  return issues.length ? { kind: 'rejected', error: describe(issues) } : { kind: 'ok', item };
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

/**
 * Judges every item of a batch for an already-verified site, stores the valid ones (highest seq
 * wins), tells the webhooks about the accepted ones and returns the per-item acknowledgement.
 */
export async function ingestBatch(ctx: AppContext, siteKey: string, responses: readonly unknown[], receivedAt = Date.now()): Promise<AckResult> {
  const ack: AckResult = { accepted: [], duplicates: [], rejected: [] };
  const valid: SurveyResponse[] = [];
  for (const raw of responses) {
    const verdict = await checkItem(ctx, siteKey, raw, receivedAt);
    if (verdict.kind === 'ok') valid.push(verdict.item);
    else ack.rejected.push({ id: echoId(raw), error: verdict.error });
  }
  await store(ctx, siteKey, valid, ack);
  const accepted = new Set(ack.accepted);
  ctx.webhooks?.onIngested(valid.filter((r) => accepted.has(r.id)), siteKey);
  return ack;
}

/** 429 with Retry-After, for a limiter's refusal. */
export const rateLimited = (retryAfterSeconds: number) =>
  new HttpError(429, 'rate limited', { retryAfter: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
