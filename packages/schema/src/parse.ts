// Entry points that validate unknown input and throw errors listing every problem with its path.
import { errorMessage, formatPath, fromZodIssues, SurveyConfigError, ValidationError, type Issue } from './errors.js';
import { batch, surveyResponse, type Batch, type SurveyResponse } from './response.js';
import surveyJsonSchema from './generated/survey-json-schema.js';
import { checkJson } from './json-check.js';
import type { Survey } from './survey.js';

const CONDITION_OPERATORS = ['eq', 'in', 'notIn', 'gte', 'lte', 'exists'] as const;

/** Rules zod cannot see field by field: unique ids, follow-ups pointing backwards, date order. */
function crossFieldIssues(s: Survey): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  s.questions.forEach((q, i) => {
    const at = `questions[${i}]`;
    if (seen.has(q.id)) issues.push({ path: `${at}.id`, message: `duplicate question id "${q.id}"` });
    if (q.showIf) {
      const target = seen.get(q.showIf.question);
      if (target === undefined)
        issues.push({ path: `${at}.showIf.question`, message: `must name an earlier question, not "${q.showIf.question}"` });
      const { eq, in: within, lte, gte } = q.showIf;
      if (eq === undefined && within === undefined && lte === undefined && gte === undefined)
        issues.push({ path: `${at}.showIf`, message: 'needs one of eq, in, lte, gte' });
    }
    seen.set(q.id, i);
    const items = q.type === 'choice' ? q.options : q.type === 'matrix' ? q.rows : [];
    const ids = new Set<string>();
    items.forEach((o, j) => {
      if (ids.has(o.id)) issues.push({ path: `${at}.${q.type === 'choice' ? 'options' : 'rows'}[${j}].id`, message: `duplicate id "${o.id}"` });
      ids.add(o.id);
    });
  });
  const t = s.trigger;
  if (t?.startsAt && t.endsAt && Date.parse(t.endsAt) <= Date.parse(t.startsAt))
    issues.push({ path: 'trigger.endsAt', message: 'must be after trigger.startsAt' });
  for (const list of ['audience', 'eventProps'] as const)
    t?.[list]?.forEach((c, i) => {
      if (!CONDITION_OPERATORS.some((op) => c[op] !== undefined))
        issues.push({ path: `trigger.${list}[${i}]`, message: `needs one of ${CONDITION_OPERATORS.join(', ')}` });
    });
  if (t?.eventProps && t.event === undefined) issues.push({ path: 'trigger.eventProps', message: 'needs trigger.event' });
  if (s.display?.mode === 'inline' && !s.display.selector)
    issues.push({ path: 'display.selector', message: 'required when display.mode is "inline"' });
  return issues;
}

// Surveys are checked against the JSON Schema exported from the zod schema (generated/, kept in sync
// by a test) rather than by zod itself: the same rules and messages for ~3 KB instead of ~10 KB of
// zod in every page that validates surveys. json-check.test.ts proves both agree.
function surveyIssues(input: unknown, prefix: (string | number)[]): { survey?: Survey; issues: Issue[] } {
  const issues: Issue[] = [];
  checkJson(surveyJsonSchema, input, prefix, issues);
  if (issues.length) return { issues };
  const survey = input as Survey;
  const pre = prefix.length ? formatPath(prefix) : '';
  return { survey, issues: crossFieldIssues(survey).map((i) => ({ ...i, path: pre ? `${pre}.${i.path}` : i.path })) };
}

/** A typed survey, or a SurveyConfigError listing every problem with its path (`questions[2].scale`). */
export function parseSurvey(input: unknown): Survey {
  const { survey, issues } = surveyIssues(input, []);
  if (issues.length || !survey) throw new SurveyConfigError(issues);
  return survey;
}

/** Several surveys at once; paths start with the index (`[1].questions[0].scale`); ids must be unique. */
export function parseSurveys(input: unknown): Survey[] {
  if (!Array.isArray(input)) throw new SurveyConfigError([{ path: '', message: 'must be an array of surveys' }]);
  const issues: Issue[] = [];
  const out: Survey[] = [];
  const ids = new Set<string>();
  input.forEach((item, i) => {
    const r = surveyIssues(item, [i]);
    issues.push(...r.issues);
    if (r.survey) {
      if (ids.has(r.survey.id)) issues.push({ path: `[${i}].id`, message: `duplicate survey id "${r.survey.id}"` });
      ids.add(r.survey.id);
      out.push(r.survey);
    }
  });
  if (issues.length) throw new SurveyConfigError(issues);
  return out;
}

/** A response's shape (answers are checked against their survey by checkAnswers). */
export function parseResponse(input: unknown): SurveyResponse {
  const r = surveyResponse.safeParse(input, { error: errorMessage });
  if (!r.success) throw new ValidationError('Invalid response', fromZodIssues(r.error.issues));
  return r.data;
}

/** A batch envelope; its items stay unknown so each can be accepted or rejected on its own. */
export function parseBatch(input: unknown): Batch {
  const r = batch.safeParse(input, { error: errorMessage });
  if (!r.success) throw new ValidationError('Invalid batch', fromZodIssues(r.error.issues));
  return r.data;
}
