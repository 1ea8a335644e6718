// Ingestion shared by POST /v1/responses and hosted link surveys: the envelope, per-item verdicts, storage with its outbox rows.
import {
  checkAnswers,
  checkBatchShape,
  checkResponseShape,
  isoTime,
  parseBatch,
  parseResponse,
  ValidationError,
  type AckResult,
  type Issue,
  type SurveyResponse,
} from '@tellus/schema';
import type { Context } from 'hono';
import { fromEscapedText, hasForbiddenKey, readJson } from '../http/body.js';
import type { AppContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { type ResponseTimes, unstorableTextReason, unstorableValueReason } from '../http/storable.js';
import type { StoredSurvey } from '../storage/types.js';

/** Rejected ids are echoed back; a hostile 1 MB "id" is not. */
const ID_ECHO_MAX = 100;
/**
 * An answer given before a survey's end date but delivered later (the visitor went offline) is
 * still taken for this long; after that, and for anything created after the end, the survey is closed.
 */
export const ENDED_GRACE_MS = 24 * 60 * 60 * 1000;

const describe = (issues: Issue[]) => issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
const echoId = (raw: unknown) =>
  raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id.slice(0, ID_ECHO_MAX) : '';

export interface Batch {
  siteKey: string;
  responses: unknown[];
  /**
   * Whether the body's text had a "\u" escape or a "__proto__": only then can an item hold a forbidden key, a NUL or
   * an unpaired surrogate, so only then are items walked for them.
   */
  escaped: boolean;
  /** `responses` as parseResponse gives them, when readBatch already found every one in shape (the usual batch). */
  shaped?: SurveyResponse[];
}

/** The envelope and every item, when all have the response shape (so the body is at most 6 deep); else undefined. */
function inShape(body: unknown): { siteKey: string; responses: unknown[]; shaped: SurveyResponse[] } | undefined {
  const envelope = checkBatchShape(body);
  if (!envelope) return undefined;
  const shaped: SurveyResponse[] = [];
  for (const raw of envelope.responses) {
    const item = checkResponseShape(raw);
    if (!item) return undefined;
    shaped.push(item);
  }
  return { ...envelope, shaped };
}

/** Reads and checks the envelope; "__proto__" inside an item only rejects that item, on the envelope the request. */
export async function readBatch(c: Context): Promise<Batch> {
  let checked: ReturnType<typeof inShape>;
  // A batch in shape proves its own depth, so the reader need not scan the text for it.
  const shallow = (value: unknown) => (checked = inShape(value)) !== undefined;
  const body = await readJson(c, { alsoAccept: ['text/plain'], forbiddenKeys: 'mark', shallow });
  if (hasForbiddenKey(body, false)) throw new HttpError(400, 'forbidden key "__proto__"');
  const escaped = fromEscapedText(body);
  // Escaped text was never given to `shallow`: its items may have held a "__proto__", judged item by item.
  if (checked && !escaped) return { ...checked, escaped };
  try {
    return { ...parseBatch(body), escaped };
  } catch (err) {
    if (err instanceof ValidationError) throw new HttpError(400, 'invalid batch', { issues: err.issues });
    throw err;
  }
}

/** The client's clock is not trusted with the future: no date may be later than the moment we received it. */
function clampDates(item: SurveyResponse, receivedAt: number, times: ResponseTimes): SurveyResponse {
  const createdLate = times.createdAt > receivedAt;
  const updatedLate = times.updatedAt > receivedAt;
  if (!createdLate && !updatedLate) return item;
  const at = new Date(receivedAt).toISOString();
  return { ...item, createdAt: createdLate ? at : item.createdAt, updatedAt: updatedLate ? at : item.updatedAt };
}

type Verdict = { kind: 'ok'; item: SurveyResponse } | { kind: 'rejected'; error: string };

/** A survey version as a batch judges its items: the stored survey and when it ends (ms, Infinity when never). */
interface Judged {
  survey: StoredSurvey;
  endsAt: number;
}

/**
 * The survey versions one batch answers, each looked up once (and a miss once, which the shared cache does not
 * keep): `known` answers at once when it can, so most items cost no await.
 */
function batchSurveys(ctx: AppContext) {
  const seen = new Map<string, Judged | null>();
  const keyOf = (id: string, version: number) => `${id}\u0000${version}`;
  return {
    known: (id: string, version: number) => seen.get(keyOf(id, version)),
    async load(id: string, version: number): Promise<Judged | null> {
      const survey = await ctx.lookups.surveyVersion(id, version);
      const endsAt = survey?.definition.trigger?.endsAt;
      const judged = survey ? { survey, endsAt: endsAt ? Date.parse(endsAt) : Infinity } : null;
      seen.set(keyOf(id, version), judged);
      return judged;
    },
  };
}
type BatchSurveys = ReturnType<typeof batchSurveys>;

/** The item's shape, its storability and its dates, before its survey is looked at. */
function shapeOf(raw: unknown, shaped: SurveyResponse | undefined, receivedAt: number, escaped: boolean): Verdict & { createdMs?: number } {
  if (escaped && hasForbiddenKey(raw)) return { kind: 'rejected', error: 'forbidden key "__proto__"' };
  let item: SurveyResponse;
  try {
    item = shaped ?? parseResponse(raw);
  } catch (err) {
    if (err instanceof ValidationError) return { kind: 'rejected', error: describe(err.issues) };
    throw err;
  }
  const times = { createdAt: isoTime(item.createdAt), updatedAt: isoTime(item.updatedAt) };
  const unstorable = unstorableValueReason(item, times) ?? (escaped ? unstorableTextReason(item) : null);
  if (unstorable) return { kind: 'rejected', error: unstorable };
  // After clamping, createdAt reads as receivedAt when it was later.
  return { kind: 'ok', item: clampDates(item, receivedAt, times), createdMs: Math.min(times.createdAt, receivedAt) };
}

/** The item against its survey: the right site, not ended, answers that fit. */
function judge(item: SurveyResponse, createdMs: number, judged: Judged | null, siteKey: string, receivedAt: number): Verdict {
  if (!judged || judged.survey.siteKey !== siteKey) return { kind: 'rejected', error: `unknown survey "${item.surveyId}" version ${item.surveyVersion}` };
  const { survey, endsAt } = judged;
  const late = createdMs >= endsAt || receivedAt >= endsAt + ENDED_GRACE_MS;
  if (late) return { kind: 'rejected', error: `survey "${item.surveyId}" ended at ${new Date(endsAt).toISOString()}` };
  const issues = checkAnswers(survey.definition, item.answers, item.completed);
  return issues.length ? { kind: 'rejected', error: describe(issues) } : { kind: 'ok', item };
}

/** One item's verdict; a promise only when its survey version is not yet known to this batch. */
function checkItem(surveys: BatchSurveys, batch: Batch, index: number, receivedAt: number): Verdict | Promise<Verdict> {
  const { siteKey } = batch;
  const shaped = shapeOf(batch.responses[index], batch.shaped?.[index], receivedAt, batch.escaped);
  if (shaped.kind !== 'ok') return shaped;
  const { item, createdMs = receivedAt } = shaped;
  const known = surveys.known(item.surveyId, item.surveyVersion);
  if (known !== undefined) return judge(item, createdMs, known, siteKey, receivedAt);
  return surveys.load(item.surveyId, item.surveyVersion).then((judged) => judge(item, createdMs, judged, siteKey, receivedAt));
}

/** Class 22 is PostgreSQL's "data exception": this item's values, not the server, are at fault. */
const isDataError = (err: unknown) => /^22/.test(String((err as { code?: unknown }).code ?? ''));

/** Stores the items into `ack`; returns how many deliveries were written to the outbox with them. */
async function store(ctx: AppContext, siteKey: string, items: SurveyResponse[], ack: AckResult): Promise<number> {
  let deliveries = 0;
  try {
    const r = await ctx.storage.ingest(siteKey, items);
    ack.accepted.push(...r.accepted);
    ack.duplicates.push(...r.duplicates);
    deliveries += r.deliveries ?? 0;
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
        deliveries += r.deliveries ?? 0;
      } catch (e) {
        if (!isDataError(e)) throw e;
        ack.rejected.push({ id: item.id, error: 'contains a value that cannot be stored' });
      }
    }
  }
  return deliveries;
}

/**
 * Judges every item of a batch for an already-verified site, stores the valid ones (highest seq
 * wins) with their outbox rows, wakes the delivery worker and returns the per-item acknowledgement.
 */
export async function ingestBatch(ctx: AppContext, batch: Batch, receivedAt = Date.now()): Promise<AckResult> {
  const { siteKey, responses } = batch;
  const ack: AckResult = { accepted: [], duplicates: [], rejected: [] };
  const valid: SurveyResponse[] = [];
  const surveys = batchSurveys(ctx);
  for (let i = 0; i < responses.length; i++) {
    const checked = checkItem(surveys, batch, i, receivedAt);
    const verdict = checked instanceof Promise ? await checked : checked;
    if (verdict.kind === 'ok') valid.push(verdict.item);
    else ack.rejected.push({ id: echoId(responses[i]), error: verdict.error });
  }
  // The outbox rows were written with the responses; waking the worker only saves it its next poll, and a batch
  // without deliveries (most) does not wake it: a claim per batch was a database round trip per batch.
  if ((await store(ctx, siteKey, valid, ack)) > 0) ctx.deliveries?.poke();
  return ack;
}

/** 429 with Retry-After, for a limiter's refusal. */
export const rateLimited = (retryAfterSeconds: number) =>
  new HttpError(429, 'rate limited', { retryAfter: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
