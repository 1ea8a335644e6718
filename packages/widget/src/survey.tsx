// One survey from first question to thank-you: follow-ups, required answers, back/next, progress, close, Escape.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isAnswered, localize, visibleQuestions, type Answer, type Question, type Survey } from '@tellus/schema';
import { fill, isRtl, stringsFor } from './i18n';
import { PICK_TYPES, QUESTIONS, type Ctx, type QuestionProps } from './questions';

export interface SurveyViewProps {
  survey: Survey;
  locale: string;
  /** Extra class on the panel: 'pop bottom-right', 'inl', … */
  layout?: string;
  /** Partial save of one answer (when the respondent moves on). */
  onAnswer?(questionId: string, value: Answer): void;
  /**
   * The completed answers of every visible question. When it returns a promise, the thank-you
   * waits for it: the answer must be stored before we tell the respondent it was received.
   */
  onSubmit(answers: Record<string, Answer>): void | Promise<void>;
  /** Close button or Escape; `completed` tells whether the thank-you was showing. */
  onClose(completed: boolean): void;
  /** Move focus into the survey when it opens (never scrolling the page). */
  autoFocus?: boolean;
}

let seq = 0;

const focusIn = (el: Element | null | undefined) =>
  (el?.querySelector('[tabindex="0"],input,textarea') as HTMLElement | null)?.focus({ preventScroll: true });

export function SurveyView(p: SurveyViewProps) {
  const { survey, locale } = p;
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [current, setCurrent] = useState(survey.questions[0]!.id);
  const [done, setDone] = useState(false);
  const [error, setError] = useState(false);
  const [uid] = useState(() => 'tq' + ++seq);
  const root = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const moved = useRef(!!p.autoFocus);
  const sending = useRef(false);

  const t = stringsFor(locale);
  const rtl = isRtl(locale);
  const tx = (text: Parameters<typeof localize>[0]) => localize(text, locale, survey.defaultLocale);
  const nf = new Intl.NumberFormat(locale);
  const ctx: Ctx = { t, locale, rtl, tx, num: (n) => nf.format(n) };

  const visible = visibleQuestions(survey, answers);
  const pos = Math.max(0, visible.findIndex((q) => q.id === current));
  const q = visible[pos]!;
  const last = pos === visible.length - 1;

  // Focus follows the question (and the thank-you) once the respondent is inside the survey.
  useLayoutEffect(() => {
    if (!moved.current) return;
    if (done) (root.current?.querySelector('.ty') as HTMLElement | null)?.focus({ preventScroll: true });
    else focusIn(body.current);
  }, [q.id, done]);

  const submit = (all: Record<string, unknown>) => {
    const out: Record<string, Answer> = {};
    for (const v of visibleQuestions(survey, all)) if (all[v.id] !== undefined) out[v.id] = all[v.id] as Answer;
    if (sending.current) return;
    const stored = p.onSubmit(out) as Promise<void> | undefined;
    if (typeof stored?.then != 'function') return setDone(true);
    sending.current = true;
    // Not stored (e.g. the SDK refused the answer): the survey stays open rather than thank falsely.
    stored!.then(() => setDone(true), () => {}).finally(() => (sending.current = false));
  };

  const advance = (all: Record<string, unknown>) => {
    const value = all[q.id];
    if (q.required && !isAnswered(q, typeof value === 'string' ? value.trim() : value)) return setError(true);
    moved.current = true;
    const now = visibleQuestions(survey, all);
    const i = now.findIndex((x) => x.id === q.id);
    if (i === now.length - 1) return submit(all);
    if (value !== undefined) p.onAnswer?.(q.id, value as Answer);
    setCurrent(now[i + 1]!.id);
  };

  const set = (value: unknown, commit?: boolean) => {
    const all = { ...answers, [q.id]: value };
    setAnswers(all);
    setError(false);
    // One click answers a rating-like question: it submits a one-question survey or moves on;
    // the last of several questions waits for Send so the respondent can still review.
    if (commit && PICK_TYPES.includes(q.type)) {
      const now = visibleQuestions(survey, all);
      if (now.length === 1 || now[now.length - 1]!.id !== q.id) advance(all);
    }
  };

  const back = () => {
    moved.current = true;
    setError(false);
    setCurrent(visible[pos - 1]!.id);
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      p.onClose(done);
    }
  };

  const Q = QUESTIONS[q.type] as (props: QuestionProps<Question>) => preact.JSX.Element;
  const labelId = uid + q.id;
  const desc = tx(q.description);
  const thanks = tx(survey.thankYou) || t.thanks;
  return (
    <div
      ref={root}
      class={'t ' + (p.layout ?? '')}
      role="dialog"
      aria-label={survey.name ?? t.survey}
      dir={rtl ? 'rtl' : 'ltr'}
      lang={locale}
      onKeyDown={onKey}
    >
      <button type="button" class="x" aria-label={t.close} title={t.close} onClick={() => p.onClose(done)}>
        ×
      </button>
      {!done && (
        <>
          {visible.length > 1 && (
            <>
              <p class="pg">{fill(t.progress, { n: ctx.num(pos + 1), max: ctx.num(visible.length) })}</p>
              <div class="bar" aria-hidden="true">
                <i style={{ width: `${((pos + 1) / visible.length) * 100}%` }} />
              </div>
            </>
          )}
          <p class="q" id={labelId}>
            {tx(q.text)}
            {q.required && <span aria-hidden="true"> *</span>}
          </p>
          {desc && <p class="d">{desc}</p>}
          <div class="body" ref={body} key={q.id}>
            <Q q={q} value={answers[q.id]} set={set} ctx={ctx} labelId={labelId} />
          </div>
          {error && (
            <p class="err" role="alert">
              {t.required}
            </p>
          )}
          {(visible.length > 1 || !PICK_TYPES.includes(q.type)) && (
            <div class="nav">
              {pos > 0 && (
                <button type="button" class="btn s" onClick={back}>
                  {t.back}
                </button>
              )}
              <button type="button" class="btn" onClick={() => advance(answers)}>
                {last ? t.submit : t.next}
              </button>
            </div>
          )}
        </>
      )}
      <div role="status" aria-live="polite">
        {done && (
          <p class="ty" tabIndex={-1}>
            {thanks}
          </p>
        )}
      </div>
    </div>
  );
}
