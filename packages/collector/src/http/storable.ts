// Checks that a schema-valid response can be stored as-is: PostgreSQL refuses some values JSON allows.
import { isoTime, type SurveyResponse } from '@tellus/schema';

const INT_MAX = 2_147_483_647;
// Dates outside this window are client clock garbage, and PostgreSQL rejects some (year 0).
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
const LATEST = Date.parse('2100-01-01T00:00:00Z');
// NUL cannot live in jsonb or text; an unpaired surrogate is not valid Unicode.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what PostgreSQL text cannot store
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// Loops rather than Object.entries(): this walks every answer of every item, and the pairs it made were garbage.
function badString(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (Array.isArray(value)) return value.some(badString);
  if (value && typeof value === 'object') {
    for (const k in value) if (Object.hasOwn(value, k) && (UNSTORABLE.test(k) || badString((value as Record<string, unknown>)[k]))) return true;
  }
  return false;
}

/** A response's dates as milliseconds (Date.parse, through isoTime), read once by callers that need them too. */
export interface ResponseTimes {
  createdAt: number;
  updatedAt: number;
}

/** The reason a response's numbers or dates cannot be stored, or null. */
export function unstorableValueReason(
  r: SurveyResponse,
  times: ResponseTimes = { createdAt: isoTime(r.createdAt), updatedAt: isoTime(r.updatedAt) },
): string | null {
  if (r.surveyVersion > INT_MAX) return 'surveyVersion: out of range';
  for (const field of ['createdAt', 'updatedAt'] as const) {
    const t = times[field];
    if (!(t >= EARLIEST && t < LATEST)) return `${field}: must be a date between 2000 and 2100`;
  }
  return null;
}

/**
 * The reason a response's text cannot be stored, or null. Only a JSON "\u" escape can spell a NUL or an unpaired
 * surrogate (JSON refuses raw control characters, the UTF-8 decoder encoded surrogates), so text without one skips this.
 */
export function unstorableTextReason(r: SurveyResponse): string | null {
  return badString(r.answers) || badString(r.meta) ? 'contains a NUL character or unpaired surrogate' : null;
}
