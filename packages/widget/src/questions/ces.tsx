// CES question: 1–7 agreement ("the company made it easy to handle my issue").
import type { Question } from '@tellus/schema';
import type { QuestionProps } from './context';
import { NumberScale } from './scale';

type Ces = Extract<Question, { type: 'ces' }>;
const VALUES = [1, 2, 3, 4, 5, 6, 7];

export function CesQuestion(p: QuestionProps<Ces>) {
  return <NumberScale {...p} kind="ces" values={VALUES} low={p.ctx.t.cesLow} high={p.ctx.t.cesHigh} />;
}
