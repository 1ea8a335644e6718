// CES question: 1–7 agreement ("the company made it easy to handle my issue").
import type { Question } from '@tellus/schema';
import type { QuestionProps } from './context';
import { Ends, Scale } from './scale';

type Ces = Extract<Question, { type: 'ces' }>;
const VALUES = [1, 2, 3, 4, 5, 6, 7];

export function CesQuestion({ q, value, set, ctx, labelId }: QuestionProps<Ces>) {
  return (
    <>
      <Scale
        kind="ces"
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
      <Ends id={labelId + 'e'} low={ctx.tx(q.lowLabel) || ctx.t.cesLow} high={ctx.tx(q.highLabel) || ctx.t.cesHigh} />
    </>
  );
}
