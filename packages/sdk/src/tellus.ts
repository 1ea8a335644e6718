// createTellus: validates options and surveys (failing loudly with paths), then starts the core.
import { checkJson, formatIssues, LIMITS, LOCALE, SITE_KEY, parseSurveys, type Issue, type JsonSchema } from '@tellus/schema/surveys';
import { lazyResponses, loadInteractions, startTellus, type Tellus } from './core.js';
import { startIssues, type TellusOptions } from './options.js';

const isUrl = (v: unknown) => {
  if (typeof v !== 'string') return false;
  try {
    return /^https?:$/.test(new URL(v, typeof location === 'undefined' ? undefined : location.href).protocol);
  } catch {
    return false;
  }
};

const atLeast0: JsonSchema = { type: 'number', minimum: 0 };
const atLeast1: JsonSchema = { type: 'number', minimum: 1 };
const attributes = (id?: JsonSchema): JsonSchema => ({
  type: 'object',
  ...(id && { properties: { id } }),
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'], 'x-message': 'must be a string, number, boolean or null' },
});

/**
 * The options' rules, checked by the same table-driven checker as surveys (with the surveys' wording where the rule is the same);
 * `{}` marks the options checked by hand below.
 */
const OPTIONS: JsonSchema = {
  type: 'object',
  properties: {
    siteKey: { type: 'string', pattern: SITE_KEY.source, 'x-message': 'must be 1–64 letters, digits, "_" or "-"' },
    endpoint: {}, // startIssues
    surveysUrl: {}, // isUrl
    locale: { type: 'string', pattern: LOCALE.source, 'x-message': 'must be a language tag such as "en" or "pt-BR"' },
    user: attributes({ type: 'string' }),
    meta: attributes(),
    storage: { enum: ['indexeddb', 'memory'] },
    debug: { type: 'boolean' },
    globalCooldownDays: atLeast0,
    batchSize: { type: 'integer', minimum: 1, maximum: LIMITS.batchItems },
    flushDelayMs: atLeast0,
    maxQueueItems: { type: 'integer', minimum: 1 },
    maxAgeDays: atLeast0, // and not 0, below
    fetch: { type: 'function' },
    now: { type: 'function' },
    random: { type: 'function' },
    dbName: { type: 'string', minLength: 1 },
    indexedDB: { type: 'object' },
    retryBaseMs: atLeast1,
    retryCapMs: atLeast1,
    leaseMs: atLeast1,
    requestTimeoutMs: atLeast1,
    navigationPollMs: atLeast0,
  },
};
const ORDER = Object.keys(OPTIONS.properties!);
const field = (issue: Issue) => ORDER.indexOf(issue.path.split(/[.[]/)[1]!);

/** Every problem with the options, with paths like `options.endpoint`, in the order the options are documented. */
export function optionIssues(options: unknown): Issue[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return [{ path: 'options', message: 'must be an object' }];
  const o = options as Record<string, unknown>;
  // startIssues' words (the script tag's console says the same) come first and win over a rule's for the same option.
  const issues: Issue[] = startIssues(o).map((line) => ({ path: line.slice(0, line.indexOf(' ')), message: line.slice(line.indexOf(' ') + 1) }));
  checkJson(OPTIONS, o, ['options'], issues);
  if (o.surveysUrl !== undefined && !isUrl(o.surveysUrl)) issues.push({ path: 'options.surveysUrl', message: 'must be an http:// or https:// URL' });
  if (o.maxAgeDays === 0) issues.push({ path: 'options.maxAgeDays', message: 'must be more than 0' });
  return issues.filter((issue, i) => issues.findIndex((other) => other.path === issue.path) === i).sort((a, b) => field(a) - field(b));
}

/**
 * Starts Tellus after checking everything: a TypeError lists bad options (`options.endpoint`),
 * a SurveyConfigError lists bad survey fields (`surveys[1].questions[0].scale`).
 */
export function createTellus(options: TellusOptions): Tellus {
  let surveys: ReturnType<typeof parseSurveys> | undefined;
  try {
    const issues = optionIssues(options);
    if (issues.length) throw Object.assign(new TypeError(formatIssues('Invalid Tellus options', issues)), { issues });
    surveys = options.surveys === undefined ? undefined : parseSurveys(options.surveys, 'surveys');
  } catch (e) {
    // Thrown for the caller, and said on the console too: an uncaught error there does not say whose it is.
    console.error('[tellus]', (e as Error).message);
    throw e;
  }
  return startTellus(
    { ...options, surveys },
    {
      surveys: parseSurveys,
      // The answer checks come with the responses half, at the first answer: most page views never answer.
      responses: () => lazyResponses(import('./checked-responses.js').then((m) => m.checkedResponses)),
      interactions: loadInteractions,
    },
  );
}
