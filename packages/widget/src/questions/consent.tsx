// Consent question: a checkbox labelled with the question text; ticked is the answer `true`.
import type { Question } from '@tellus/schema';
import type { QuestionProps } from './context';

type Consent = Extract<Question, { type: 'consent' }>;

export function ConsentQuestion({ q, value, set, ctx, labelId }: QuestionProps<Consent>) {
  return (
    <label class="tellus-choice">
      <input
        type="checkbox"
        checked={value === true}
        aria-required={q.required}
        onChange={(e) => set((e.currentTarget as HTMLInputElement).checked || undefined, false)}
      />
      <span id={labelId}>
        {ctx.tx(q.text)}
        {q.required && <span aria-hidden="true"> *</span>}
      </span>
    </label>
  );
}
