// A radio group of buttons (roving tabindex, arrow keys, Home/End) shared by rating, NPS, CES, thumbs and matrix rows.
import type { ComponentChildren } from 'preact';
import type { LocalizedText, Question } from '@tellus/schema';
import type { QuestionProps } from './context';

export interface ScaleProps<V extends string | number> {
  values: readonly V[];
  value: unknown;
  set(value: V, commit: boolean): void;
  /** Accessible name of one choice. */
  name(v: V): string;
  /** Visible content of one choice. */
  show(v: V): ComponentChildren;
  labelledBy: string;
  describedBy?: string | undefined;
  rtl: boolean;
  kind: string;
  required?: boolean | undefined;
}

const NEXT: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export function Scale<V extends string | number>(p: ScaleProps<V>) {
  const at = p.values.indexOf(p.value as V);
  const onKey = (e: KeyboardEvent, i: number) => {
    const n = p.values.length;
    let to: number | undefined;
    if (e.key in NEXT) {
      // Horizontal arrows follow the reading direction, so in RTL "left" moves forward.
      const step = NEXT[e.key]! * (p.rtl && e.key[5] !== 'U' && e.key[5] !== 'D' ? -1 : 1);
      to = (i + step + n) % n;
    } else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = n - 1;
    if (to === undefined) return;
    e.preventDefault();
    p.set(p.values[to]!, false);
    const group = (e.currentTarget as HTMLElement).parentElement;
    (group?.children[to] as HTMLElement | undefined)?.focus();
  };
  return (
    <div class={'tellus-scale ' + p.kind} role="radiogroup" aria-labelledby={p.labelledBy} aria-describedby={p.describedBy} aria-required={p.required}>
      {p.values.map((v, i) => {
        const checked = i === at;
        return (
          <button
            type="button"
            role="radio"
            class={p.kind === 'stars' && at >= i ? 'tellus-option tellus-filled' : 'tellus-option'}
            aria-checked={checked}
            aria-label={p.name(v)}
            tabIndex={checked || (at < 0 && i === 0) ? 0 : -1}
            onClick={() => p.set(v, true)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {p.show(v)}
          </button>
        );
      })}
    </div>
  );
}

/** The low/high end labels under a scale; also the group's description. */
export function Ends(p: { id: string; low: string; high: string }) {
  return (
    <div class="tellus-ends" id={p.id}>
      <span>{p.low}</span>
      <span>{p.high}</span>
    </div>
  );
}

type Labelled = { required?: boolean | undefined; lowLabel?: LocalizedText | undefined; highLabel?: LocalizedText | undefined };

/** NPS and CES: a fixed number scale with end labels (the question's own, else the locale's defaults). */
export function NumberScale({
  q,
  value,
  set,
  ctx,
  labelId,
  kind,
  values,
  low,
  high,
}: QuestionProps<Question> & {
  q: Labelled;
  kind: string;
  values: readonly number[];
  low: string;
  high: string;
}) {
  return (
    <>
      <Scale
        kind={kind}
        values={values}
        value={value}
        set={set}
        rtl={ctx.rtl}
        required={q.required}
        labelledBy={labelId}
        describedBy={labelId + 'e'}
        name={ctx.num}
        show={ctx.num}
      />
      <Ends id={labelId + 'e'} low={ctx.tx(q.lowLabel) || low} high={ctx.tx(q.highLabel) || high} />
    </>
  );
}
