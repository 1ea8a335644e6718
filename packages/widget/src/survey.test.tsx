// @vitest-environment jsdom
// The survey flow: follow-up questions, required answers, back/next, progress, keyboard, closing, locales.
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Answer, Survey } from '@tellus/schema';
import { SurveyView } from './survey';
import { Q, followUp, one } from './test-fixtures';

let el: HTMLElement;
afterEach(() => {
  act(() => render(null, el));
  el.remove();
});

function show(survey: Survey, locale = 'en') {
  el = document.createElement('div');
  document.body.append(el);
  const log = { submitted: [] as Record<string, Answer>[], answered: [] as [string, Answer][], closed: [] as boolean[] };
  act(() =>
    render(
      <SurveyView
        survey={survey}
        locale={locale}
        autoFocus
        onAnswer={(q, v) => log.answered.push([q, v])}
        onSubmit={(a) => void log.submitted.push(a)}
        onClose={(c) => log.closed.push(c)}
      />,
      el,
    ),
  );
  const $ = <T extends Element = HTMLElement>(s: string) => el.querySelector(s) as T;
  const $$ = <T extends Element = HTMLElement>(s: string) => [...el.querySelectorAll(s)] as T[];
  return { ...log, $, $$, radios: () => $$('[role=radio]'), text: (s: string) => $(s)?.textContent };
}
const click = (e: Element | undefined | null) => act(() => (e as HTMLElement).click());
const key = (e: Element | null, k: string) => act(() => void e!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));
const nav = (s: ReturnType<typeof show>, label: string) => s.$$('.tellus-nav .tellus-button').find((b) => b.textContent === label)!;

describe('thank-you', () => {
  it('waits until the submission is stored before thanking, and thanks only once it is', async () => {
    el = document.createElement('div');
    document.body.append(el);
    let store!: () => void;
    let calls = 0;
    act(() =>
      render(
        <SurveyView
          survey={one(Q.stars)}
          locale="en"
          onSubmit={() => {
            calls++;
            return new Promise<void>((ok) => (store = ok));
          }}
          onClose={() => {}}
        />,
        el,
      ),
    );
    click(el.querySelectorAll('[role=radio]')[3]);
    click(el.querySelectorAll('[role=radio]')[4]);
    expect(el.querySelector('.tellus-thanks')).toBeNull();
    expect(calls).toBe(1);
    await act(async () => store());
    expect(el.querySelector('.tellus-thanks')).not.toBeNull();
  });

  it('keeps the survey open when the submission is refused', async () => {
    el = document.createElement('div');
    document.body.append(el);
    act(() => render(<SurveyView survey={one(Q.stars)} locale="en" onSubmit={() => Promise.reject(new Error('refused'))} onClose={() => {}} />, el));
    click(el.querySelectorAll('[role=radio]')[2]);
    await act(async () => {});
    expect(el.querySelector('.tellus-thanks')).toBeNull();
    expect(el.querySelectorAll('[role=radio]')).toHaveLength(5);
  });
});

describe('follow-up questions', () => {
  it('skips the follow-up after a high score and saves the partial answer', () => {
    const s = show(followUp);
    expect(s.text('.tellus-progress-text')).toBe('Question 1 of 2');
    click(s.radios()[4]);
    expect(s.answered).toEqual([['csat', 5]]);
    expect(s.text('.tellus-question')).toContain('Was the agent helpful?');
    expect(s.text('.tellus-progress-text')).toBe('Question 2 of 2');
  });

  it('asks the follow-up after a low score and grows the progress', () => {
    const s = show(followUp);
    click(s.radios()[1]);
    expect(s.text('.tellus-question')).toBe('What should we have done better?');
    expect(s.text('.tellus-progress-text')).toBe('Question 2 of 3');
    expect(s.$<HTMLElement>('.tellus-progress i').style.width).toBe(`${(2 / 3) * 100}%`);
  });

  it('goes back with the earlier answer kept, and drops the hidden follow-up from the submission', () => {
    const s = show(followUp);
    click(s.radios()[1]);
    act(() => {
      const f = s.$<HTMLTextAreaElement>('textarea');
      f.value = 'Too slow';
      f.dispatchEvent(new Event('input', { bubbles: true }));
    });
    click(nav(s, 'Back'));
    expect(s.radios()[1]!.getAttribute('aria-checked')).toBe('true');
    click(s.radios()[4]); // now happy: the follow-up disappears
    expect(s.text('.tellus-question')).toContain('Was the agent helpful?');
    click(s.radios()[0]);
    click(nav(s, 'Send'));
    expect(s.submitted).toEqual([{ csat: 5, ok: 'up' }]);
  });
});

describe('required questions', () => {
  it('refuses to go on without an answer and says why', () => {
    const s = show(followUp);
    click(s.radios()[4]);
    click(nav(s, 'Send'));
    expect(s.submitted).toEqual([]);
    expect(s.text('[role=alert]')).toBe('Please answer this question.');
    expect(s.text('.tellus-question')).toContain('*');
    expect(s.$('[role=radiogroup]').getAttribute('aria-required')).toBe('true'); // the asterisk is hidden from screen readers
    click(s.radios()[1]);
    expect(s.$('[role=alert]')).toBeNull();
    click(nav(s, 'Send'));
    expect(s.submitted).toEqual([{ csat: 5, ok: 'down' }]);
  });

  it('lets an optional question be skipped with Next', () => {
    const s = show(followUp);
    click(s.radios()[0]);
    click(nav(s, 'Next'));
    expect(s.text('.tellus-question')).toContain('Was the agent helpful?');
  });
});

describe('keyboard', () => {
  it('moves focus and selection with arrow keys, wrapping at the ends, without submitting', () => {
    const s = show(one(Q.nps));
    const r = s.radios();
    expect(document.activeElement).toBe(r[0]); // focus moved in on open
    expect(r.filter((x) => x.tabIndex === 0)).toHaveLength(1);
    key(r[0]!, 'ArrowRight');
    expect(document.activeElement).toBe(s.radios()[1]);
    expect(s.radios()[1]!.getAttribute('aria-checked')).toBe('true');
    expect(
      s
        .radios()
        .map((x) => x.tabIndex)
        .filter((t) => t === 0),
    ).toHaveLength(1);
    key(s.radios()[1]!, 'ArrowLeft');
    key(s.radios()[0]!, 'ArrowLeft');
    expect(document.activeElement).toBe(s.radios()[10]);
    key(s.radios()[10]!, 'Home');
    expect(document.activeElement).toBe(s.radios()[0]);
    key(s.radios()[0]!, 'End');
    key(s.radios()[10]!, 'ArrowUp');
    expect(s.radios()[9]!.getAttribute('aria-checked')).toBe('true');
    expect(s.submitted).toEqual([]);
    click(document.activeElement); // Enter/Space on a button is a click
    expect(s.submitted).toEqual([{ nps: 9 }]);
  });

  it('mirrors the horizontal arrows in right-to-left locales', () => {
    const s = show(one(Q.ces), 'fa');
    key(s.radios()[0]!, 'ArrowLeft');
    expect(document.activeElement).toBe(s.radios()[1]);
    key(s.radios()[1]!, 'ArrowRight');
    expect(document.activeElement).toBe(s.radios()[0]);
    key(s.radios()[0]!, 'ArrowDown');
    expect(document.activeElement).toBe(s.radios()[1]);
  });

  it('closes on Escape and on the close button, telling whether it was completed', () => {
    const s = show(followUp);
    key(s.radios()[0]!, 'Escape');
    expect(s.closed).toEqual([false]);
    click(s.$('.tellus-close'));
    expect(s.closed).toEqual([false, false]);
    expect(s.$('.tellus-close').getAttribute('aria-label')).toBe('Close survey');
  });

  it('moves focus to the thank-you in a live region once sent', () => {
    const s = show(one(Q.thumbs, { thankYou: 'Cheers' }));
    click(s.radios()[0]);
    const ty = s.$('[role=status] .tellus-thanks');
    expect(ty.textContent).toBe('Cheers');
    expect(s.$('[role=status]').getAttribute('aria-live')).toBe('polite');
    expect(document.activeElement).toBe(ty);
    key(ty, 'Escape');
    expect(s.closed).toEqual([true]);
  });
});

describe('locales', () => {
  it('renders Persian right to left with Persian digits, strings and question text', () => {
    const s = show(followUp, 'fa');
    const root = s.$('.tellus-panel');
    expect(root.getAttribute('dir')).toBe('rtl');
    expect(root.getAttribute('lang')).toBe('fa');
    expect(s.text('.tellus-question')).toBe('چقدر راضی هستید؟');
    expect(s.text('.tellus-progress-text')).toBe('پرسش ۱ از ۲');
    expect(s.$('.tellus-close').getAttribute('aria-label')).toBe('بستن نظرسنجی');
  });

  it('falls back to the default text for a locale the survey lacks, keeping the built-in strings', () => {
    const s = show(followUp, 'lv');
    expect(s.$('.tellus-panel').getAttribute('dir')).toBe('ltr');
    expect(s.text('.tellus-question')).toBe('How satisfied are you?');
    expect(s.text('.tellus-nav .tellus-button')).toBe('Tālāk');
    expect(s.$('.tellus-close').getAttribute('aria-label')).toBe('Aizvērt aptauju');
  });

  it('uses the survey translation for Latvian when present', () => {
    const s = show(one(Q.stars), 'lv');
    expect(s.text('.tellus-question')).toBe('Cik apmierināts esat?');
  });
});
