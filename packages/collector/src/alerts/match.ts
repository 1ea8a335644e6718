// Whether a response meets a rule's `when`: each condition over one answer or one meta attribute.
import type { SurveyResponse } from '@tellus/schema';
import type { Condition, Rule } from './rules.js';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const own = (o: object, key: string) => Object.hasOwn(o, key);

/** The plain values an answer stands for: a choice's selected ids (and its "other" text), a matrix's row scores. */
function valuesOf(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  if (isObject(value)) {
    if (Array.isArray(value.selected)) return [...value.selected, ...(typeof value.other === 'string' && value.other ? [value.other] : [])];
    return Object.values(value);
  }
  return Array.isArray(value) ? value : [value];
}

/** True when the condition holds. Several operators in one condition must all hold for one of the values. */
export function conditionHolds(cond: Condition, response: Pick<SurveyResponse, 'answers' | 'meta'>): boolean {
  const source: Record<string, unknown> = cond.question !== undefined ? response.answers : (response.meta as Record<string, unknown>);
  const key = (cond.question ?? cond.attribute) as string;
  const values = isObject(source) && own(source, key) ? valuesOf(source[key]) : [];
  if (cond.exists !== undefined && cond.exists !== values.length > 0) return false;
  // notIn holds when no value is in the list, a missing answer included.
  if (cond.notIn !== undefined && values.some((v) => cond.notIn!.includes(v as never))) return false;
  const valueOps = cond.eq !== undefined || cond.in !== undefined || cond.gte !== undefined || cond.lte !== undefined || cond.contains !== undefined;
  if (!valueOps) return true;
  const needle = cond.contains?.toLocaleLowerCase();
  return values.some(
    (v) =>
      (cond.eq === undefined || v === cond.eq) &&
      (cond.in === undefined || cond.in.includes(v as never)) &&
      (cond.gte === undefined || (typeof v === 'number' && v >= cond.gte)) &&
      (cond.lte === undefined || (typeof v === 'number' && v <= cond.lte)) &&
      (needle === undefined || (typeof v === 'string' && v.toLocaleLowerCase().includes(needle))),
  );
}

/** The rules a completed response triggers, in their stored order; disabled rules never match. */
export function matchingRules(rules: readonly Rule[], response: Pick<SurveyResponse, 'answers' | 'meta' | 'completed'>): Rule[] {
  if (!response.completed) return [];
  return rules.filter((r) => r.enabled !== false && r.when.every((c) => conditionHolds(c, response)));
}
