// Thumbs question: up or down.
import type { Question } from '@tellus/schema';
import type { QuestionProps } from './context';
import { Scale } from './scale';
import { Thumb } from './icons';

type Thumbs = Extract<Question, { type: 'thumbs' }>;
const VALUES = ['up', 'down'] as const;

export function ThumbsQuestion({ q, value, set, ctx, labelId }: QuestionProps<Thumbs>) {
  return (
    <Scale
      kind="thumbs"
      values={VALUES}
      value={value}
      set={set}
      rtl={ctx.rtl}
      required={q.required}
      labelledBy={labelId}
      name={(v) => (v === 'up' ? ctx.t.up : ctx.t.down)}
      show={(v) => <Thumb down={v === 'down'} />}
    />
  );
}
