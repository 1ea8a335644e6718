// Rating question: 2–10 points shown as stars, numbers or faces.
import type { Question } from '@tellus/schema';
import type { QuestionProps } from './context';
import { Ends, Scale } from './scale';
import { Face, Star } from './icons';

type Rating = Extract<Question, { type: 'rating' }>;

export function RatingQuestion({ q, value, set, ctx, labelId }: QuestionProps<Rating>) {
  const style = q.style ?? 'numbers';
  const values = Array.from({ length: q.scale }, (_, i) => i + 1);
  const low = ctx.tx(q.lowLabel);
  const high = ctx.tx(q.highLabel);
  const ends = low || high ? labelId + 'e' : undefined;
  return (
    <>
      <Scale<number>
        kind={style}
        values={values}
        value={value}
        set={set}
        rtl={ctx.rtl}
        required={q.required}
        labelledBy={labelId}
        describedBy={ends}
        name={(v) => `${ctx.num(v)} / ${ctx.num(q.scale)}`}
        show={(v) => (style === 'stars' ? <Star /> : style === 'emoji' ? <Face mood={(v - 1) / (q.scale - 1)} /> : ctx.num(v))}
      />
      {ends && <Ends id={ends} low={low} high={high} />}
    </>
  );
}
