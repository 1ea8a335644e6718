// Choice question: single (radio) or multiple (checkbox) options, optionally with a free-text "other".
import { LIMITS, type ChoiceAnswer, type Question } from '@tellus/schema';
import type { QuestionProps } from './context';
import { shuffled } from '../shuffle';

type Choice = Extract<Question, { type: 'choice' }>;

const asChoice = (v: unknown): ChoiceAnswer =>
  v && typeof v === 'object' && Array.isArray((v as ChoiceAnswer).selected) ? (v as ChoiceAnswer) : { selected: [] };

export function ChoiceQuestion({ q, value, set, ctx, labelId }: QuestionProps<Choice>) {
  const a = asChoice(value);
  const multi = !!q.multiple;
  const hasOther = typeof a.other === 'string';
  const type = multi ? 'checkbox' : 'radio';
  const name = labelId + 'n';
  const pick = (id: string, on: boolean) => {
    const selected = multi ? (on ? [...a.selected, id] : a.selected.filter((s) => s !== id)) : [id];
    // A single choice replaces "other"; several choices keep it.
    set(multi && hasOther ? { selected, other: a.other } : { selected }, !multi);
  };
  const other = (on: boolean) => set(on ? { selected: multi ? a.selected : [], other: a.other ?? '' } : { selected: a.selected }, false);
  return (
    <div class="tellus-choices" role={multi ? 'group' : 'radiogroup'} aria-labelledby={labelId} aria-required={multi ? undefined : q.required}>
      {(q.shuffle ? shuffled(q.options, ctx.seed) : q.options).map((o) => (
        <label class="tellus-choice">
          <input type={type} name={name} checked={a.selected.includes(o.id)} onChange={(e) => pick(o.id, (e.currentTarget as HTMLInputElement).checked)} />
          <span>{ctx.tx(o.text)}</span>
        </label>
      ))}
      {q.other && (
        <>
          <label class="tellus-choice">
            <input type={type} name={name} checked={hasOther} onChange={(e) => other((e.currentTarget as HTMLInputElement).checked)} />
            <span>{ctx.t.other}</span>
          </label>
          {hasOther && (
            <input
              class="tellus-field"
              aria-label={ctx.t.otherText}
              placeholder={ctx.t.otherText}
              maxLength={LIMITS.answerTextDefault}
              value={a.other}
              onInput={(e) => set({ ...a, other: (e.currentTarget as HTMLInputElement).value }, false)}
            />
          )}
        </>
      )}
    </div>
  );
}
