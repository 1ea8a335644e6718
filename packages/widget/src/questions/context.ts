// What every question component receives: its question, its answer, a setter, and the locale context.
import type { LocalizedText, Question } from '@tellus/schema';
import type { Strings } from '../i18n';

export interface Ctx {
  t: Strings;
  locale: string;
  rtl: boolean;
  /** Survey text for the current locale (plain text, never HTML). */
  tx(text: LocalizedText | undefined): string;
  /** A number in the locale's digits (e.g. Persian ۷). */
  num(n: number): string;
  /** Random per response, fixed for its lifetime: orders shuffled choices. */
  seed: number;
}

export interface QuestionProps<Q extends Question = Question> {
  q: Q;
  value: unknown;
  /** `commit` is true for a deliberate pick (click, Enter, Space), false for arrow-key movement or typing. */
  set(value: unknown, commit?: boolean): void;
  ctx: Ctx;
  /** Id of the element holding the question text, for aria-labelledby. */
  labelId: string;
  /** True once the respondent tried to move on with an invalid answer: show every problem now. */
  showErrors?: boolean;
}
