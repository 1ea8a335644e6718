// Matrix question: several rows (dimensions) rated on one shared scale.
import type { Question } from '@tellus/schema';
import type { QuestionProps } from './context';
import { Ends, Scale } from './scale';

type Matrix = Extract<Question, { type: 'matrix' }>;

export function MatrixQuestion({ q, value, set, ctx, labelId }: QuestionProps<Matrix>) {
  const rows = (value && typeof value === 'object' ? value : {}) as Record<string, number>;
  const values = Array.from({ length: q.scale }, (_, i) => i + 1);
  const low = ctx.tx(q.lowLabel);
  const high = ctx.tx(q.highLabel);
  const ends = low || high ? labelId + 'e' : undefined;
  return (
    <div class="tellus-matrix">
      {ends && <Ends id={ends} low={low} high={high} />}
      {q.rows.map((r) => (
        <div class="tellus-matrix-row">
          <span class="tellus-matrix-label" id={`${labelId}-${r.id}`}>
            {ctx.tx(r.text)}
          </span>
          <Scale
            kind="numbers"
            values={values}
            value={rows[r.id]}
            set={(v) => set({ ...rows, [r.id]: v }, false)}
            rtl={ctx.rtl}
            required={q.required}
            labelledBy={`${labelId} ${labelId}-${r.id}`}
            describedBy={ends}
            name={ctx.num}
            show={ctx.num}
          />
        </div>
      ))}
    </div>
  );
}
