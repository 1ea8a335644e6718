// Call-to-action question: a statement with a button that opens an http(s) page in a new tab; the click is the answer.
import type { Question } from '@tellus/schema';
import type { QuestionProps } from './context';
import { LinkButton } from './link';

type Cta = Extract<Question, { type: 'cta' }>;

export function CtaQuestion({ q, set, ctx }: QuestionProps<Cta>) {
  return <LinkButton button={q.button} tx={ctx.tx} onClick={() => set(true, true)} />;
}
