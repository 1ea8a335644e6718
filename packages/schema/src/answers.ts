// Checks answers against their questions and decides which questions show (no zod: cheap enough for first load).
import type { Issue } from './errors.js';
import { LIMITS } from './limits.js';
import type { LocalizedText, Question, Survey } from './survey.js';
import { visibleQuestions } from './flow.js';

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: object, k: string) => Object.hasOwn(o, k);

/** An e-mail address as people type them: something@domain.tld, no spaces, at most 254 characters. */
export const isEmail = (v: string): boolean => v.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(v);
/** A phone number: digits with optional +, spaces, dots, dashes and brackets; 6 to 20 digits. */
export const isPhone = (v: string): boolean => /^\+?[\d ().-]{6,40}$/.test(v) && /^(\D*\d){6,20}\D*$/.test(v);

/** Whether a question's answers are personal data: erased with the respondent, kept out of webhooks. */
export const isPersonal = (q: Question): boolean => q.type === 'contact';

/** The problem with one answer, or null when it fits the question. */
export function checkAnswer(q: Question, value: unknown): string | null {
  switch (q.type) {
    case 'rating':
      return isInt(value, 1, q.scale) ? null : `must be a whole number from 1 to ${q.scale}`;
    case 'nps':
      return isInt(value, 0, 10) ? null : 'must be a whole number from 0 to 10';
    case 'ces':
      return isInt(value, 1, 7) ? null : 'must be a whole number from 1 to 7';
    case 'text': {
      const max = q.maxLength ?? LIMITS.answerTextDefault;
      if (typeof value !== 'string') return 'must be text';
      return value.length > max ? `must be at most ${max} characters` : null;
    }
    case 'thumbs':
      return value === 'up' || value === 'down' ? null : 'must be "up" or "down"';
    case 'choice': {
      if (!isObject(value) || !Array.isArray(value.selected)) return 'must be { selected: [...] }';
      const { selected, other } = value;
      if (!q.multiple && selected.length > 1) return 'allows one choice';
      const unknown = selected.find((s) => !q.options.some((o) => o.id === s));
      if (unknown !== undefined) return `unknown choice "${String(unknown)}"`;
      if (new Set(selected).size !== selected.length) return 'repeats a choice';
      if (other !== undefined) {
        if (!q.other) return 'does not allow "other"';
        if (typeof other !== 'string' || other.length > LIMITS.answerTextDefault)
          return `"other" must be text of at most ${LIMITS.answerTextDefault} characters`;
        if (!q.multiple && selected.length > 0) return 'allows one choice';
      }
      return null;
    }
    case 'contact': {
      if (!isObject(value)) return 'must be { email, phone }';
      for (const [field, v] of Object.entries(value)) {
        if (!(q.fields as string[]).includes(field)) return `does not ask for "${field}"`;
        if (typeof v !== 'string' || (v !== '' && !(field === 'email' ? isEmail(v) : isPhone(v))))
          return `"${field}" must be a valid ${field === 'email' ? 'e-mail address' : 'phone number'}`;
      }
      return null;
    }
    case 'consent':
    case 'cta':
      return value === true ? null : 'must be true';
    case 'matrix': {
      if (!isObject(value)) return 'must map rows to ratings';
      for (const [row, rating] of Object.entries(value)) {
        if (!q.rows.some((r) => r.id === row)) return `unknown row "${row}"`;
        if (!isInt(rating, 1, q.scale)) return `row "${row}" must be a whole number from 1 to ${q.scale}`;
      }
      return null;
    }
  }
}

/**
 * Whether a value counts as an answer to a required question: nothing, "" and empty choices do not. White space
 * does (a completed response is never refused over it, so its score is kept); the widget trims text before asking.
 */
export const isAnswered = (q: Question, value: unknown): boolean => {
  if (value === undefined || value === null || value === '') return false;
  if (q.type === 'choice' && isObject(value))
    return (Array.isArray(value.selected) && value.selected.length > 0) || (typeof value.other === 'string' && value.other.trim() !== '');
  if (q.type === 'matrix' && isObject(value)) return q.rows.every((r) => own(value, r.id));
  if (q.type === 'contact' && isObject(value)) return q.fields.every((f) => typeof value[f] === 'string' && value[f] !== '');
  return true;
};

/**
 * Every problem with a set of answers for a survey, with paths like `answers.nps`.
 * A completed response must also answer each visible required question.
 */
export function checkAnswers(survey: Survey, answers: Record<string, unknown>, completed: boolean): Issue[] {
  const issues: Issue[] = [];
  if (!isObject(answers)) return [{ path: 'answers', message: 'must be an object' }];
  for (const id of Object.keys(answers)) {
    const q = survey.questions.find((x) => x.id === id);
    const problem = q ? checkAnswer(q, answers[id]) : 'unknown question';
    if (problem) issues.push({ path: `answers.${id}`, message: problem });
  }
  if (completed)
    for (const q of visibleQuestions(survey, answers))
      if (q.required && !isAnswered(q, own(answers, q.id) ? answers[q.id] : undefined)) issues.push({ path: `answers.${q.id}`, message: 'required' });
  return issues;
}

/** Text for a locale: exact tag, then its language, then the fallback, then any text there is. */
export function localize(text: LocalizedText | undefined, locale: string, fallback = 'en'): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const lang = locale.split('-')[0] ?? locale;
  return text[locale] ?? text[lang] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}
