// NPS question: 0–10 with end labels ("not at all likely" … "extremely likely").
import type { Question } from '@tellus/schema';
import type { QuestionProps } from './context';
import { Ends, Scale } from './scale';

type Nps = Extract<Question, { type: 'nps' }>;
const VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export function NpsQuestion({ q, value, set, ctx, labelId }: QuestionProps<Nps>) {
  return (
    <>
      <Scale
        kind="nps"
        values={VALUES}
        value={value}
        set={set}
        rtl={ctx.rtl}
        required={q.required}
        labelledBy={labelId}
        describedBy={labelId + 'e'}
        name={ctx.num}
        show={ctx.num}
      />
      <Ends id={labelId + 'e'} low={ctx.tx(q.lowLabel) || ctx.t.npsLow} high={ctx.tx(q.highLabel) || ctx.t.npsHigh} />
    </>
  );
}
