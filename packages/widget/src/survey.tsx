// One survey from first question to its ending: the path taken (follow-ups, logic jumps), piping, required and valid
// answers, back/next, progress along the path, endings, close, Escape, and focus only once the respondent is inside.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { chooseEnding, isAnswered, localize, visibleQuestions, type Answer, type LocalizedText, type Question, type Survey } from '@tellus/schema';
import { fill, isRtl, stringsFor } from './i18n';
import { pipe } from './piping';
import { LinkButton, PICK_TYPES, QUESTIONS, invalidFields, type Ctx, type QuestionProps } from './questions';

export interface SurveyViewProps {
  survey: Survey;
  locale: string;
  /** Extra classes on the panel: 'tellus-popover bottom-right', 'tellus-inline', … */
  layout?: string;
  /** Partial save of one answer (when the respondent moves on). */
  onAnswer?(questionId: string, value: Answer): void;
  /**
   * The completed answers of every question on the path taken. When it returns a promise, the ending
   * waits for it: the answer must be stored before we tell the respondent it was received.
   */
  onSubmit(answers: Record<string, Answer>): void | Promise<void>;
  /** Close button or Escape; `completed` tells whether the ending was showing. */
  onClose(completed: boolean): void;
  /**
   * Move focus into the survey when it opens (never scrolling the page): only when the visitor asked for it.
   * Otherwise the survey announces itself politely and focus enters only when the respondent goes there.
   */
  autoFocus?: boolean;
  /** Visitor attributes for `{{attr.name}}` piping. */
  attributes?: Record<string, unknown>;
}

let seq = 0;

const focusIn = (el: Element | null | undefined) =>
  (el?.querySelector('[tabindex="0"],input,textarea,a[href]') as HTMLElement | null)?.focus({ preventScroll: true });

/** An answer as words for piping: the option texts of a choice, the locale's digits for a number, text as typed. */
function readable(q: Question | undefined, v: unknown, num: Ctx['num'], tx: (text: LocalizedText) => string): string {
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return v.trim();
  if (q?.type === 'choice' && v && typeof v === 'object') {
    const a = v as { selected: string[]; other?: string };
    return [...q.options.filter((o) => a.selected.includes(o.id)).map((o) => tx(o.text)), a.other?.trim()].filter(Boolean).join(', ');
  }
  return '';
}

export function SurveyView(p: SurveyViewProps) {
  const { survey, locale } = p;
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [current, setCurrent] = useState(survey.questions[0]!.id);
  const [done, setDone] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<'required' | 'invalid' | null>(null);
  const [note, setNote] = useState('');
  const [uid] = useState(() => 'tq' + ++seq);
  const [seed] = useState(() => (Math.random() * 2 ** 32) >>> 0);
  const root = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const inside = useRef(!!p.autoFocus);
  const sending = useRef(false);

  const t = stringsFor(locale);
  const rtl = isRtl(locale);
  const nf = new Intl.NumberFormat(locale);
  const num = (n: number) => nf.format(n);
  const plain = (text: LocalizedText | undefined) => localize(text, locale, survey.defaultLocale);
  const attrs = p.attributes ?? {};
  const tx = (text: LocalizedText | undefined) =>
    pipe(plain(text), (kind, name) => {
      if (kind === 'attr') {
        const v = Object.hasOwn(attrs, name) ? attrs[name] : undefined;
        return v === undefined || v === null ? '' : String(v);
      }
      return readable(
        survey.questions.find((x) => x.id === name),
        answers[name],
        num,
        plain,
      );
    });
  const ctx: Ctx = { t, locale, rtl, tx, num, seed };

  const visible = visibleQuestions(survey, answers);
  const pos = Math.max(
    0,
    visible.findIndex((q) => q.id === current),
  );
  const q = visible[pos]!;
  const last = pos === visible.length - 1;
  const title = tx(survey.title) || tx(survey.questions[0]!.text) || t.survey;

  // Opened by itself: say so in the live region (filled after the region exists, so screen readers notice),
  // with the shortcut that reaches it (key names read the same in every locale we ship).
  // A layout effect, not useEffect: the timer defers it anyway, and useEffect would add Preact's paint scheduler.
  useLayoutEffect(() => {
    if (p.autoFocus) return;
    const timer = setTimeout(() => setNote(`${title} (Alt+Shift+F)`), 150);
    return () => clearTimeout(timer);
  }, []);

  // Focus follows the question (and the ending) once the respondent is inside the survey.
  useLayoutEffect(() => {
    if (!inside.current) return;
    if (done) (root.current?.querySelector('.tellus-thanks') as HTMLElement | null)?.focus({ preventScroll: true });
    else focusIn(body.current);
  }, [q.id, !!done]);

  const submit = (all: Record<string, unknown>) => {
    const out: Record<string, Answer> = {};
    for (const v of visibleQuestions(survey, all)) if (all[v.id] !== undefined) out[v.id] = all[v.id] as Answer;
    if (sending.current) return;
    const stored = p.onSubmit(out) as Promise<void> | undefined;
    if (typeof stored?.then !== 'function') return setDone(out);
    sending.current = true;
    // Not stored (e.g. the SDK refused the answer): the survey stays open rather than thank falsely.
    stored!
      .then(
        () => setDone(out),
        () => {},
      )
      .finally(() => (sending.current = false));
  };

  const advance = (all: Record<string, unknown>) => {
    const value = all[q.id];
    if (q.required && !isAnswered(q, typeof value === 'string' ? value.trim() : value)) return setError('required');
    if (q.type === 'contact' && invalidFields(q, value).length) return setError('invalid');
    inside.current = true;
    const now = visibleQuestions(survey, all);
    const i = now.findIndex((x) => x.id === q.id);
    if (i === now.length - 1) return submit(all);
    if (value !== undefined) p.onAnswer?.(q.id, value as Answer);
    setCurrent(now[i + 1]!.id);
  };

  const set = (value: unknown, commit?: boolean) => {
    const all = { ...answers, [q.id]: value };
    if (value === undefined) delete all[q.id];
    setAnswers(all);
    setError(null);
    // One click answers a rating-like question: it submits a one-question survey or moves on;
    // the last of several questions waits for Send so the respondent can still review.
    if (commit && PICK_TYPES.includes(q.type)) {
      const now = visibleQuestions(survey, all);
      if (now.length === 1 || now[now.length - 1]!.id !== q.id) advance(all);
    }
  };

  const back = () => {
    inside.current = true;
    setError(null);
    setCurrent(visible[pos - 1]!.id);
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      p.onClose(!!done);
    }
  };

  const Q = QUESTIONS[q.type] as (props: QuestionProps<Question>) => preact.JSX.Element;
  const labelId = uid + q.id;
  const desc = tx(q.description);
  const ending = done ? chooseEnding(survey, done) : undefined;
  return (
    <div
      ref={root}
      class={'tellus-panel ' + (p.layout ?? '')}
      role="dialog"
      aria-label={title}
      dir={rtl ? 'rtl' : 'ltr'}
      lang={locale}
      onKeyDown={onKey}
      // Any way in (Tab, the shortcut, a click) means the respondent is here: focus may follow from now on.
      onFocusIn={() => (inside.current = true)}
    >
      <button type="button" class="tellus-close" aria-label={t.close} title={t.close} onClick={() => p.onClose(!!done)}>
        ×
      </button>
      {!done && (
        <>
          {visible.length > 1 && (
            <>
              <p class="tellus-progress-text">{fill(t.progress, { n: num(pos + 1), max: num(visible.length) })}</p>
              <div class="tellus-progress" aria-hidden="true">
                <i style={{ width: `${((pos + 1) / visible.length) * 100}%` }} />
              </div>
            </>
          )}
          {/* A consent question's text is its checkbox's label instead. */}
          {q.type !== 'consent' && (
            <p class="tellus-question" id={labelId}>
              {tx(q.text)}
              {q.required && <span aria-hidden="true"> *</span>}
            </p>
          )}
          {desc && <p class="tellus-description">{desc}</p>}
          <div class="tellus-body" ref={body} key={q.id}>
            <Q q={q} value={answers[q.id]} set={set} ctx={ctx} labelId={labelId} showErrors={error === 'invalid'} />
          </div>
          {error === 'required' && (
            <p class="tellus-error" role="alert">
              {t.required}
            </p>
          )}
          {(visible.length > 1 || !PICK_TYPES.includes(q.type)) && (
            <div class="tellus-nav">
              {pos > 0 && (
                <button type="button" class="tellus-button tellus-secondary" onClick={back}>
                  {t.back}
                </button>
              )}
              <button type="button" class="tellus-button" onClick={() => advance(answers)}>
                {last ? t.submit : t.next}
              </button>
            </div>
          )}
        </>
      )}
      <div role="status" aria-live="polite">
        {done ? (
          <p class="tellus-thanks" tabIndex={-1}>
            {tx(ending?.text ?? survey.thankYou) || t.thanks}
          </p>
        ) : (
          note && <p class="tellus-visually-hidden">{note}</p>
        )}
      </div>
      {ending?.button && (
        <div class="tellus-nav">
          <LinkButton button={ending.button} tx={tx} />
        </div>
      )}
    </div>
  );
}
