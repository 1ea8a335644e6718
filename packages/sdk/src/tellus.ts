// createTellus: validates options and surveys (failing loudly with paths), then starts the core.
import { checkAnswers, LIMITS, LOCALE, SITE_KEY, parseSurveys, SurveyConfigError, visibleQuestions, type Issue } from '@tellus/schema';
import { createTellusCore, type Tellus } from './core.js';
import { startIssues, type TellusOptions } from './options.js';

type Check = [field: keyof TellusOptions, ok: (v: unknown) => boolean, expected: string];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (min: number, max = Infinity, int = false) => (v: unknown) =>
  typeof v === 'number' && v >= min && v <= max && (!int || Number.isInteger(v));
const fn = (v: unknown) => typeof v === 'function';
const isUrl = (v: unknown) => {
  if (typeof v !== 'string') return false;
  try {
    return /^https?:$/.test(new URL(v, typeof location === 'undefined' ? undefined : location.href).protocol);
  } catch {
    return false;
  }
};
const scalars = (v: unknown) =>
  isObj(v) && Object.values(v).every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x));

const CHECKS: Check[] = [
  ['siteKey', (v) => typeof v === 'string' && SITE_KEY.test(v), 'a site key (letters, digits, _ or -)'],
  ['endpoint', () => true, 'an http(s) URL'], // startIssues checks it
  ['surveysUrl', isUrl, 'an http(s) URL'],
  ['locale', (v) => typeof v === 'string' && LOCALE.test(v), 'a BCP 47 language tag such as "en" or "pt-BR"'],
  ['user', (v) => scalars(v) && ((v as { id?: unknown }).id === undefined || typeof (v as { id?: unknown }).id === 'string'), 'an object of string/number/boolean values with an optional string id'],
  ['meta', scalars, 'an object of string/number/boolean/null values'],
  ['storage', (v) => v === 'indexeddb' || v === 'memory', '"indexeddb" or "memory"'],
  ['debug', (v) => typeof v === 'boolean', 'a boolean'],
  ['globalCooldownDays', num(0), 'a number >= 0'],
  ['batchSize', num(1, LIMITS.batchItems, true), `a whole number from 1 to ${LIMITS.batchItems}`],
  ['flushDelayMs', num(0), 'a number >= 0'],
  ['maxQueueItems', num(1, Infinity, true), 'a whole number >= 1'],
  ['maxAgeDays', num(0), 'a number > 0'],
  ['fetch', fn, 'a function'],
  ['now', fn, 'a function'],
  ['random', fn, 'a function'],
  ['dbName', (v) => typeof v === 'string' && v.length > 0, 'a non-empty string'],
  ['indexedDB', isObj, 'an IDBFactory'],
  ['retryBaseMs', num(1), 'a number >= 1'],
  ['retryCapMs', num(1), 'a number >= 1'],
  ['leaseMs', num(1), 'a number >= 1'],
  ['requestTimeoutMs', num(1), 'a number >= 1'],
  ['navigationPollMs', num(0), 'a number >= 0'],
];

/** Every problem with the options, with paths like `options.endpoint`. */
export function optionIssues(options: unknown): Issue[] {
  if (!isObj(options)) return [{ path: 'options', message: 'must be an object' }];
  const start = startIssues(options);
  const issues: Issue[] = [];
  for (const [field, ok, expected] of CHECKS) {
    const v = options[field];
    const missing = start.find((line) => line.startsWith(`options.${field} `));
    if (missing) issues.push({ path: `options.${field}`, message: missing.slice(`options.${field} `.length) });
    else if (v !== undefined && !ok(v)) issues.push({ path: `options.${field}`, message: `must be ${expected}` });
  }
  if (options.maxAgeDays === 0) issues.push({ path: 'options.maxAgeDays', message: 'must be a number > 0' });
  return issues;
}

/**
 * Starts Tellus after checking everything: a TypeError lists bad options (`options.endpoint`),
 * a SurveyConfigError lists bad survey fields (`surveys[1].questions[0].scale`).
 */
export function createTellus(options: TellusOptions): Tellus {
  const issues = optionIssues(options);
  if (issues.length) {
    const err = new TypeError(`Invalid Tellus options:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    throw Object.assign(err, { issues });
  }
  let surveys = options.surveys;
  if (surveys !== undefined) {
    try {
      surveys = parseSurveys(surveys);
    } catch (e) {
      if (!(e instanceof SurveyConfigError)) throw e;
      throw new SurveyConfigError(e.issues.map((i) => ({ ...i, path: `surveys${i.path}` })));
    }
  }
  return createTellusCore({ ...options, surveys }, { surveys: parseSurveys, answers: checkAnswers, visible: visibleQuestions });
}
