// Contact question: e-mail and/or phone fields, validated with a visible message under a bad value.
import { useState } from 'preact/hooks';
import { checkAnswer, type ContactAnswer, type Question } from '@tellus/schema';
import type { QuestionProps } from './context';

type Contact = Extract<Question, { type: 'contact' }>;
type Field = Contact['fields'][number];

const FIELD = {
  email: { type: 'email', max: 254 },
  phone: { type: 'tel', max: 40 },
} as const;

/** The fields whose value is filled in but not valid (by the same check the collector runs). */
export const invalidFields = (q: Contact, value: unknown): Field[] => {
  const a = (value && typeof value === 'object' ? value : {}) as ContactAnswer;
  return q.fields.filter((f) => !!a[f] && !!checkAnswer(q, { [f]: a[f] }));
};

export function ContactQuestion({ q, value, set, ctx, labelId, showErrors }: QuestionProps<Contact>) {
  const a = (value && typeof value === 'object' ? value : {}) as ContactAnswer;
  // A message shows once the visitor left the field (or tried to move on), not while they are still typing.
  const [left, setLeft] = useState<Field[]>([]);
  const bad = invalidFields(q, value);
  const update = (f: Field, v: string) => {
    const next: ContactAnswer = { ...a, [f]: v };
    if (!v) delete next[f];
    set(Object.keys(next).length ? next : undefined, false);
  };
  return (
    <div class="tellus-contact" role="group" aria-labelledby={labelId}>
      {q.fields.map((f) => {
        const id = labelId + f;
        const wrong = bad.includes(f) && (showErrors || left.includes(f));
        return (
          <div class="tellus-contact-field">
            <label class="tellus-label" for={id}>
              {f === 'email' ? ctx.t.email : ctx.t.phone}
            </label>
            <input
              class="tellus-field"
              id={id}
              type={FIELD[f].type as 'email'}
              autocomplete={FIELD[f].type === 'tel' ? 'tel' : 'email'}
              maxLength={FIELD[f].max}
              dir="ltr"
              value={a[f] ?? ''}
              aria-required={q.required}
              aria-invalid={wrong}
              aria-describedby={wrong ? id + 'm' : undefined}
              onInput={(e) => update(f, (e.currentTarget as HTMLInputElement).value)}
              onBlur={() => left.includes(f) || setLeft([...left, f])}
            />
            {wrong && (
              <p class="tellus-error" id={id + 'm'}>
                {ctx.t.invalid}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}
