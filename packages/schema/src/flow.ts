// The path through a survey: which questions show in which order (showIf, forward logic jumps) and which ending closes it.
import type { Comparison, Ending, Question, Survey } from './survey.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: object, k: string) => Object.hasOwn(o, k);

/** Whether an answer meets every comparison given; a choice answer does when any selected option does. */
export const matches = (cond: Comparison, value: unknown): boolean => {
  const values: unknown[] = isObject(value) && Array.isArray(value.selected) ? value.selected : [value];
  if (value === undefined || values.length === 0) return false;
  return values.some(
    (v) =>
      (cond.eq === undefined || v === cond.eq) &&
      (cond.in === undefined || cond.in.includes(v as string | number)) &&
      (cond.lte === undefined || (typeof v === 'number' && v <= cond.lte)) &&
      (cond.gte === undefined || (typeof v === 'number' && v >= cond.gte)),
  );
};

/**
 * The questions a respondent sees given their answers so far, in order: follow-ups appear only when their
 * condition holds, and a question's first matching `logic` rule jumps forward (skipping what lies between) or ends.
 * Progress counts this path, and a completed response keeps only its answers.
 */
export function visibleQuestions(survey: Survey, answers: Record<string, unknown>): Question[] {
  const answer = (id: string) => (own(answers, id) ? answers[id] : undefined);
  const { questions } = survey;
  const shown = new Set<string>();
  const path: Question[] = [];
  for (let i = 0; i < questions.length; i++) {
    const q = questions[i]!;
    const c = q.showIf;
    if (c && !(shown.has(c.question) && matches(c, answer(c.question)))) continue;
    shown.add(q.id);
    path.push(q);
    const jump = q.logic?.find((rule) => matches(rule.when, answer(q.id)));
    if (!jump) continue;
    if (jump.goto === 'end') break;
    // Only forward: the schema refuses other jumps, and this keeps the walk finite even for an unchecked survey.
    const to = questions.findIndex((x) => x.id === jump.goto);
    if (to > i) i = to - 1;
  }
  return path;
}

/** The first ending whose condition holds over the answers (one without `when` always does); none means `thankYou`. */
export const chooseEnding = (survey: Survey, answers: Record<string, unknown>): Ending | undefined =>
  survey.endings?.find((e) => !e.when || matches(e.when, own(answers, e.when.question) ? answers[e.when.question] : undefined));
