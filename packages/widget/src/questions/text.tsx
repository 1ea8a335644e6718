// Free-text question with a remaining-characters counter.
import { LIMITS, type Question } from '@tellus/schema';
import type { QuestionProps } from './context';
import { fill } from '../i18n';

type Text = Extract<Question, { type: 'text' }>;

export function TextQuestion({ q, value, set, ctx, labelId }: QuestionProps<Text>) {
  const max = q.maxLength ?? LIMITS.answerTextDefault;
  const text = typeof value === 'string' ? value : '';
  const Field = q.multiline === false ? 'input' : 'textarea';
  return (
    <>
      <Field
        class="tellus-field"
        id={labelId + 'f'}
        aria-labelledby={labelId}
        aria-describedby={labelId + 'c'}
        maxLength={max}
        aria-required={q.required}
        rows={Field === 'textarea' ? 3 : undefined}
        placeholder={ctx.tx(q.placeholder) || undefined}
        value={text}
        onInput={(e) => set((e.currentTarget as HTMLTextAreaElement).value, false)}
      />
      <div class="tellus-counter" id={labelId + 'c'}>
        {fill(ctx.t.left, { n: ctx.num(max - text.length) })}
      </div>
    </>
  );
}
