// NPS question: 0–10 with end labels ("not at all likely" … "extremely likely").
import type { Question } from '@tellus/schema';
import type { QuestionProps } from './context';
import { NumberScale } from './scale';

type Nps = Extract<Question, { type: 'nps' }>;
const VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export function NpsQuestion(p: QuestionProps<Nps>) {
  return <NumberScale {...p} kind="nps" values={VALUES} low={p.ctx.t.npsLow} high={p.ctx.t.npsHigh} />;
}
