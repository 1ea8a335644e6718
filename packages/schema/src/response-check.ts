// The collector's fast path for a response or batch envelope: response.ts's shapes checked by hand, building the value zod builds.
//
// zod spends more Node CPU on a batch than the rest of ingestion's JS; these checkers do the same job for what
// JSON.parse produces. They only ever say "valid, here is the value" or "not sure": every refusal (and anything
// unusual, such as a null-prototype object or a "__proto__" key zod silently drops) goes to zod, which then
// accepts or words the issues exactly as before. response-check.test.ts proves both agree item by item.
import { isoTime } from './iso-time.js';
import { LIMITS } from './limits.js';
import { ANON_ID, ID, META_KEY, SITE_KEY, UUID } from './patterns.js';
import type { Batch, SurveyResponse } from './response.js';

type Json = Record<string, unknown>;

const RESPONSE_KEYS = new Set(['id', 'surveyId', 'surveyVersion', 'seq', 'completed', 'answers', 'meta', 'anonId', 'createdAt', 'updatedAt']);
const CHOICE_KEYS = new Set(['selected', 'other']);
const CONTACT_KEYS = new Set(['email', 'phone']);
const BATCH_KEYS = new Set(['siteKey', 'responses']);

/** A plain object as JSON.parse makes it (null-prototype and class instances go to zod). */
const isPlain = (v: unknown): v is Json => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
/** Every enumerable key, inherited ones included (as zod's strict check sees them), is one of `allowed`. */
function onlyKeys(v: Json, allowed: ReadonlySet<string>): boolean {
  for (const key in v) if (!allowed.has(key)) return false;
  return true;
}
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isDate = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(isoTime(v));

/** Marks a value zod would refuse (or that only zod should judge). */
const NO = Symbol('no');
type Checked<T> = T | typeof NO;

/** A z.record with a regex key and at most `max` entries; `value` checks and copies one entry. */
function record<T>(v: unknown, key: RegExp, max: number, value: (x: unknown) => Checked<T>): Checked<Record<string, T>> {
  if (!isPlain(v) || Object.getOwnPropertySymbols(v).length) return NO;
  const keys = Object.keys(v);
  if (keys.length > max) return NO;
  const out: Record<string, T> = {};
  for (const k of keys) {
    if (!key.test(k)) return NO;
    const x = value(v[k]);
    if (x === NO) return NO;
    out[k] = x;
  }
  return out;
}

function choiceAnswer(v: Json): Checked<{ selected: string[]; other?: string }> {
  if (!onlyKeys(v, CHOICE_KEYS)) return NO;
  const { selected, other } = v;
  if (!Array.isArray(selected) || selected.length > 20) return NO;
  const copy: string[] = [];
  for (let i = 0; i < selected.length; i++) {
    const s: unknown = selected[i];
    if (typeof s !== 'string' || !ID.test(s)) return NO;
    copy.push(s);
  }
  if (!('other' in v)) return { selected: copy };
  return isText(other, LIMITS.textMax) ? { selected: copy, other } : NO;
}

function contactAnswer(v: Json): Checked<{ email?: string; phone?: string }> {
  if (!onlyKeys(v, CONTACT_KEYS)) return NO;
  const out: { email?: string; phone?: string } = {};
  if ('email' in v) {
    if (!isText(v.email, 254)) return NO;
    out.email = v.email;
  }
  if ('phone' in v) {
    if (!isText(v.phone, 40)) return NO;
    out.phone = v.phone;
  }
  return out;
}

const numberValue = (x: unknown): Checked<number> => (isNumber(x) ? x : NO);

/** response.ts's `answer` union, its members tried in the same order (the first that fits gives the value). */
function answer(v: unknown): Checked<unknown> {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NO;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length <= LIMITS.textMax ? v : NO;
  if (!isPlain(v)) return NO;
  const choice = choiceAnswer(v);
  if (choice !== NO) return choice;
  const contact = contactAnswer(v);
  if (contact !== NO) return contact;
  return record(v, ID, 20, numberValue);
}

function metaValue(v: unknown): Checked<string | number | boolean | null> {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : NO;
  return isText(v, LIMITS.metaValueMax) ? v : NO;
}

/**
 * The value `surveyResponse` parses `input` to, or undefined when zod has to judge it (it may still accept).
 *
 * @example checkResponseShape(JSON.parse(text)) ?? surveyResponse.parse(input)
 */
export function checkResponseShape(input: unknown): SurveyResponse | undefined {
  if (!isPlain(input) || !onlyKeys(input, RESPONSE_KEYS)) return undefined;
  const { id, surveyId, surveyVersion, seq, completed, anonId, createdAt, updatedAt } = input;
  if (typeof id !== 'string' || !UUID.test(id)) return undefined;
  if (typeof surveyId !== 'string' || !ID.test(surveyId)) return undefined;
  if (!Number.isSafeInteger(surveyVersion) || (surveyVersion as number) < 1) return undefined;
  if (!Number.isSafeInteger(seq) || (seq as number) < 0 || (seq as number) > 1_000_000) return undefined;
  if (typeof completed !== 'boolean') return undefined;
  const answers = record(input.answers, ID, 30, answer);
  if (answers === NO) return undefined;
  const meta = record(input.meta, META_KEY, LIMITS.metaKeys, metaValue);
  if (meta === NO) return undefined;
  const hasAnonId = 'anonId' in input;
  if (hasAnonId && (typeof anonId !== 'string' || !ANON_ID.test(anonId))) return undefined;
  if (!isDate(createdAt) || !isDate(updatedAt)) return undefined;
  // Keys in the schema's order, as zod's output has them.
  const out = { id, surveyId, surveyVersion, seq, completed, answers, meta } as SurveyResponse;
  if (hasAnonId) out.anonId = anonId as string;
  out.createdAt = createdAt;
  out.updatedAt = updatedAt;
  return out;
}

/** The value `batch` parses `input` to, or undefined when zod has to judge it. */
export function checkBatchShape(input: unknown): Batch | undefined {
  if (!isPlain(input) || !onlyKeys(input, BATCH_KEYS)) return undefined;
  const { siteKey, responses } = input;
  if (typeof siteKey !== 'string' || !SITE_KEY.test(siteKey)) return undefined;
  if (!Array.isArray(responses) || responses.length < 1 || responses.length > LIMITS.batchItems) return undefined;
  const copy: unknown[] = [];
  for (let i = 0; i < responses.length; i++) copy.push(responses[i]);
  return { siteKey, responses: copy };
}
