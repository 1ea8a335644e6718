// Entry points that validate unknown input and throw errors listing every problem with its path.
import { errorMessage, formatPath, fromZodIssues, SurveyConfigError, ValidationError, type Issue } from './errors.js';
import { batch, surveyResponse, type Batch, type SurveyResponse } from './response.js';
import { checkBatchShape, checkResponseShape } from './response-check.js';
import surveyJsonSchema from './generated/survey-json-schema.js';
import { checkJson } from './json-check.js';
import type { Comparison, Survey } from './survey.js';

const CONDITION_OPERATORS = ['eq', 'in', 'notIn', 'gte', 'lte', 'exists'] as const;

const hasComparison = (c: Comparison) => c.eq !== undefined || c.in !== undefined || c.lte !== undefined || c.gte !== undefined;
const NEEDS_COMPARISON = 'needs one of eq, in, lte, gte';

/**
 * Rules zod cannot see field by field: unique ids, follow-ups and endings naming earlier questions, logic jumping
 * only forward (a jump back would be a cycle), date order.
 */
function crossFieldIssues(s: Survey): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string) => void issues.push({ path, message });
  const seen = new Map<string, number>();
  const index = new Map(s.questions.map((q, i) => [q.id, i] as const));
  s.questions.forEach((q, i) => {
    const at = `questions[${i}]`;
    if (seen.has(q.id)) add(`${at}.id`, `duplicate question id "${q.id}"`);
    if (q.showIf) {
      if (!seen.has(q.showIf.question)) add(`${at}.showIf.question`, `must name an earlier question, not "${q.showIf.question}"`);
      if (!hasComparison(q.showIf)) add(`${at}.showIf`, NEEDS_COMPARISON);
    }
    q.logic?.forEach((rule, j) => {
      const here = `${at}.logic[${j}]`;
      if (!hasComparison(rule.when)) add(`${here}.when`, NEEDS_COMPARISON);
      if (rule.goto === 'end') return;
      const to = index.get(rule.goto);
      if (to === undefined) add(`${here}.goto`, `names no question: "${rule.goto}" (use a later question's id or "end")`);
      else if (to <= i)
        add(`${here}.goto`, `jumps ${to === i ? 'to itself' : `back to "${rule.goto}" (questions[${to}])`}, which would loop: jumps go forward only`);
    });
    if (q.id === 'end' && s.questions.some((x) => x.logic)) add(`${at}.id`, '"end" is reserved for logic jumps that end the survey');
    if (q.type === 'contact' && new Set(q.fields).size !== q.fields.length) add(`${at}.fields`, 'repeats a field');
    seen.set(q.id, i);
    const items = q.type === 'choice' ? 'options' : 'rows';
    const ids = new Set<string>();
    (q.type === 'choice' ? q.options : q.type === 'matrix' ? q.rows : []).forEach((o, j) => {
      if (ids.has(o.id)) add(`${at}.${items}[${j}].id`, `duplicate id "${o.id}"`);
      ids.add(o.id);
    });
  });
  s.endings?.forEach((e, i) => {
    if (!e.when) return;
    if (!index.has(e.when.question)) add(`endings[${i}].when.question`, `names no question: "${e.when.question}"`);
    if (!hasComparison(e.when)) add(`endings[${i}].when`, NEEDS_COMPARISON);
  });
  const t = s.trigger;
  if (t?.startsAt && t.endsAt && Date.parse(t.endsAt) <= Date.parse(t.startsAt)) add('trigger.endsAt', 'must be after trigger.startsAt');
  for (const list of ['audience', 'eventProps'] as const)
    t?.[list]?.forEach((c, i) => {
      if (!CONDITION_OPERATORS.some((op) => c[op] !== undefined)) add(`trigger.${list}[${i}]`, `needs one of ${CONDITION_OPERATORS.join(', ')}`);
    });
  if (t?.eventProps && t.event === undefined) add('trigger.eventProps', 'needs trigger.event');
  if (s.display?.mode === 'inline' && !s.display.selector) add('display.selector', 'required when display.mode is "inline"');
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

/**
 * Several surveys at once; paths start with `at` and the index (`[1].questions[0].scale`, or `surveys[1].questions[0].scale`
 * with `at` "surveys"); ids must be unique.
 */
export function parseSurveys(input: unknown, at = ''): Survey[] {
  if (!Array.isArray(input)) throw new SurveyConfigError([{ path: at, message: 'must be an array of surveys' }]);
  const base = (i: number) => (at ? [at, i] : [i]);
  const issues: Issue[] = [];
  const out: Survey[] = [];
  const ids = new Set<string>();
  input.forEach((item, i) => {
    const r = surveyIssues(item, base(i));
    issues.push(...r.issues);
    if (r.survey) {
      if (ids.has(r.survey.id)) issues.push({ path: formatPath([...base(i), 'id']), message: `duplicate survey id "${r.survey.id}"` });
      ids.add(r.survey.id);
      out.push(r.survey);
    }
  });
  if (issues.length) throw new SurveyConfigError(issues);
  return out;
}

/** A response's shape (answers are checked against their survey by checkAnswers); zod only judges what the fast check does not take. */
export function parseResponse(input: unknown): SurveyResponse {
  const checked = checkResponseShape(input);
  if (checked) return checked;
  const r = surveyResponse.safeParse(input, { error: errorMessage });
  if (!r.success) throw new ValidationError('Invalid response', fromZodIssues(r.error.issues));
  return r.data;
}

/** A batch envelope; its items stay unknown so each can be accepted or rejected on its own. */
export function parseBatch(input: unknown): Batch {
  const checked = checkBatchShape(input);
  if (checked) return checked;
  const r = batch.safeParse(input, { error: errorMessage });
  if (!r.success) throw new ValidationError('Invalid batch', fromZodIssues(r.error.issues));
  return r.data;
}
