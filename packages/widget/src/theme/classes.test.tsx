// @vitest-environment jsdom
// The stylesheet and the markup agree: every class the widget renders has a rule (or is a named hook), and every class the
// stylesheet styles is rendered by some question, mode or state, so neither side keeps a dead or misspelt name.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import type { Question, Survey } from '@tellus/schema';
import { mountTellus, type SurveySource, type WidgetHandle } from '../mount';
import { Q, followUp, one } from '../test-fixtures';
import { CSS } from './styles';

/** Classes in the markup on purpose without a rule: a hook for tests and host pages, and scale kinds that look like the default. */
const HOOKS = ['tellus-contact-field', 'numbers', 'ces'];

const cssClasses = new Set([...CSS.replace(/"[^"]*"/g, '').matchAll(/\.(-?[a-zA-Z_][\w-]*)/g)].map((m) => m[1]!));

let ui: WidgetHandle | undefined;
afterEach(() => {
  act(() => ui?.destroy());
  document.body.innerHTML = '';
});

type Interact = (root: ShadowRoot) => void | Promise<void>;

/** Shows `survey` on a stand-in SDK (as opened by `reason`), runs `interact` in its shadow root, and returns every class rendered meanwhile. */
async function classesOf(survey: Survey, interact: Interact = () => undefined, reason = 'manual'): Promise<Set<string>> {
  let listener: ((e: { survey: Survey; reason: string }) => void) | undefined;
  const source: SurveySource = {
    on: ((event: string, fn: typeof listener) => (event === 'show' ? ((listener = fn), () => undefined) : () => undefined)) as SurveySource['on'],
    answer: async () => undefined,
    submit: async () => undefined,
    dismiss: () => undefined,
    show: () => undefined,
    getSurveys: () => [survey],
    tabs: () => (survey.display?.mode === 'tab' ? [survey] : []),
  };
  const seen = new Set<string>();
  const collect = (root: ShadowRoot) => {
    for (const el of root.querySelectorAll('[class]')) for (const c of el.getAttribute('class')!.split(/\s+/)) if (c) seen.add(c);
  };
  if (survey.display?.mode === 'inline') document.body.innerHTML = '<div id="fb"></div>';
  ui = mountTellus(source, { locale: 'en' });
  act(() => listener?.({ survey, reason }));
  const root = document.querySelector('tellus-widget')?.shadowRoot;
  if (!root) throw new Error(`survey ${survey.id} rendered nothing`);
  collect(root);
  await act(() => interact(root));
  collect(root);
  act(() => ui?.destroy());
  ui = undefined;
  document.body.innerHTML = '';
  return seen;
}

const click = (root: ShadowRoot, selector: string) => (root.querySelector(selector) as HTMLElement | null)?.click();
/** The primary button (next, or submit on the last page). */
const primary = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('.tellus-nav .tellus-button')].at(-1)?.click();

/** Every question type, display mode and position, and the states with their own classes (filled stars, an error, the thank-you, the note). */
async function renderedClasses(): Promise<Set<string>> {
  const questions: Question[] = [
    ...Object.values(Q),
    { id: 'reach', type: 'contact', fields: ['email', 'phone'], required: true, text: 'How can we reach you?' },
    { id: 'gdpr', type: 'consent', required: true, text: 'I agree to be contacted.' },
    { id: 'go', type: 'cta', text: 'We have a new app', button: { text: 'Get it', url: 'https://example.com/app' } },
  ] as Question[];
  const scenarios: [Survey, Interact?, string?][] = [
    ...questions.map((q): [Survey] => [one({ ...q, description: 'Why we ask' } as Question)]),
    // Required and unanswered: the primary button shows the error.
    [one({ id: 'gdpr', type: 'consent', required: true, text: 'I agree to be contacted.' }), primary],
    // A chosen star fills it and those before it.
    [one(Q.stars), (root) => click(root, '.tellus-option:nth-child(3)')],
    // Answered and submitted: the thank-you.
    [
      one(Q.thumbs),
      async (root) => {
        click(root, '.tellus-option');
        primary(root);
        await Promise.resolve();
      },
    ],
    // Several pages: progress and the back button.
    [followUp, (root) => click(root, '.tellus-option:nth-child(5)')],
    // Opened by itself: the live region's note, after its delay.
    [one(Q.nps), () => void vi.advanceTimersByTime(1000), 'event'],
    [one(Q.thumbs, { display: { mode: 'inline', selector: '#fb' } })],
    ...(['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const).map((position): [Survey] => [
      one(Q.nps, { display: { mode: 'popover', position } }),
    ]),
    [one(Q.text, { display: { mode: 'tab', tabLabel: 'Ideas?' } }), (root) => click(root, '.tellus-tab')],
  ];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const all = new Set<string>();
  try {
    for (const [survey, interact, reason] of scenarios) for (const c of await classesOf(survey, interact, reason)) all.add(c);
  } finally {
    vi.useRealTimers();
  }
  return all;
}

describe('widget classes', () => {
  it('styles every class the markup renders, hooks aside', async () => {
    const missing = [...(await renderedClasses())].filter((c) => !cssClasses.has(c) && !HOOKS.includes(c));
    expect(missing).toEqual([]);
  });

  it('renders every class the stylesheet styles', async () => {
    const rendered = await renderedClasses();
    expect([...cssClasses].filter((c) => !rendered.has(c))).toEqual([]);
  });
});
