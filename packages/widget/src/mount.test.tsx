// @vitest-environment jsdom
// mountTellus on a stand-in SDK: shadow-root rendering, display modes, focus in and back, SDK calls.
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'preact/test-utils';
import type { Answer, Survey } from '@tellus/schema';
import { mountTellus, type SurveySource, type WidgetHandle } from './mount';
import { Q, followUp, one } from './test-fixtures';

function fakeTellus(surveys: Survey[] = []) {
  const listeners = new Set<(e: { survey: Survey; reason: string }) => void>();
  const calls: unknown[][] = [];
  const t: SurveySource & { emitShow(s: Survey, reason?: string): void; calls: unknown[][] } = {
    calls,
    on: ((e: string, fn: (e: { survey: Survey; reason: string }) => void) =>
      e === 'show' ? (listeners.add(fn), () => void listeners.delete(fn)) : () => undefined) as SurveySource['on'],
    answer: async (...a) => void calls.push(['answer', ...a]),
    submit: async (...a) => void calls.push(['submit', ...a]),
    dismiss: (...a) => void calls.push(['dismiss', ...a]),
    show: (id) => {
      calls.push(['show', id]);
      const s = surveys.find((x) => x.id === id);
      if (s) t.emitShow(s);
    },
    getSurveys: () => surveys,
    tabs: () => surveys.filter((s) => s.display?.mode === 'tab'),
    emitShow: (survey, reason = 'manual') => act(() => listeners.forEach((fn) => fn({ survey, reason }))),
  };
  return t;
}

let ui: WidgetHandle | undefined;
afterEach(() => {
  act(() => ui?.destroy());
  document.body.innerHTML = '';
});
const shadow = () => document.querySelector('tellus-widget')!.shadowRoot!;
const key = (e: Element, k: string) => act(() => void e.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

describe('mountTellus', () => {
  it('renders a shown survey as a popover inside a shadow root and moves focus into it', () => {
    const before = document.createElement('button');
    document.body.append(before);
    before.focus();
    const t = fakeTellus();
    ui = mountTellus(t, { locale: 'en' });
    expect(document.querySelector('tellus-widget')).toBeNull(); // nothing until a survey shows
    t.emitShow(one(Q.nps));
    const root = shadow().querySelector('.tellus-panel')!;
    expect(root.className).toBe('tellus-panel tellus-popover bottom-right');
    expect(root.getAttribute('role')).toBe('dialog');
    expect(shadow().activeElement).toBe(shadow().querySelector('[role=radio]'));
    expect(document.body.textContent).not.toContain('recommend'); // page text untouched; survey lives in the shadow tree
  });

  it('dismisses on Escape and gives focus back to where it was', () => {
    const before = document.createElement('button');
    document.body.append(before);
    before.focus();
    const t = fakeTellus();
    ui = mountTellus(t);
    t.emitShow(one(Q.nps));
    key(shadow().querySelector('[role=radio]')!, 'Escape');
    expect(t.calls).toEqual([['dismiss', 's-nps']]);
    expect(shadow().querySelector('.tellus-panel')).toBeNull();
    expect(document.activeElement).toBe(before);
  });

  it('saves partial answers and submits the completed ones through the SDK', async () => {
    const t = fakeTellus();
    ui = mountTellus(t, { thankYouMs: 0 });
    t.emitShow(followUp);
    act(() => (shadow().querySelectorAll('[role=radio]')[4] as HTMLElement).click());
    act(() => (shadow().querySelectorAll('[role=radio]')[0] as HTMLElement).click());
    act(() => [...shadow().querySelectorAll<HTMLElement>('.tellus-nav .tellus-button')].at(-1)!.click());
    expect(t.calls).toEqual([
      ['answer', 'post-chat', 'csat', 5],
      ['submit', 'post-chat', { csat: 5, ok: 'up' } satisfies Record<string, Answer>],
    ]);
    await act(() => new Promise((r) => setTimeout(r, 0))); // the thank-you follows the SDK's stored submission
    expect(shadow().querySelector('[role=status]')!.textContent).toBe('Thanks a lot!');
    act(() => (shadow().querySelector('.tellus-close') as HTMLElement).click());
    expect(t.calls).toHaveLength(2); // closing after completion is no dismissal
  });

  it('shows one survey at a time', () => {
    const t = fakeTellus();
    ui = mountTellus(t);
    t.emitShow(one(Q.nps));
    t.emitShow(one(Q.ces));
    expect(shadow().querySelectorAll('.tellus-panel')).toHaveLength(1);
    expect(shadow().querySelector('.tellus-question')!.textContent).toContain('recommend');
  });

  it('mounts an inline survey into the element its selector names, else falls back to a popover', () => {
    document.body.innerHTML = '<main><section id="fb"></section></main>';
    const t = fakeTellus();
    ui = mountTellus(t);
    t.emitShow(one(Q.thumbs, { display: { mode: 'inline', selector: '#fb' } }));
    const host = document.querySelector('#fb > tellus-widget')!;
    expect(host.shadowRoot!.querySelector('.tellus-panel')!.className).toBe('tellus-panel tellus-inline');
    act(() => (host.shadowRoot!.querySelector('.tellus-close') as HTMLElement).click());
    expect(document.querySelector('#fb')!.children).toHaveLength(0);
    t.emitShow(one(Q.thumbs, { display: { mode: 'inline', selector: '#missing' } }));
    expect(shadow().querySelector('.tellus-panel')!.className).toBe('tellus-panel tellus-popover bottom-right');
  });

  it('puts a feedback tab on the page edge that opens its survey on demand', () => {
    const tabbed = one(Q.text, { display: { mode: 'tab', position: 'bottom-left', tabLabel: { en: 'Ideas?', lv: 'Idejas?' } } });
    const t = fakeTellus([tabbed, one(Q.nps)]);
    ui = mountTellus(t, { locale: 'lv' });
    const tab = shadow().querySelector('.tellus-tab') as HTMLElement;
    tab.focus();
    expect(shadow().querySelectorAll('.tellus-tab')).toHaveLength(1);
    expect(tab.textContent).toBe('Idejas?');
    expect(tab.getAttribute('aria-expanded')).toBe('false');
    act(() => tab.click());
    expect(t.calls).toEqual([['show', 's-why']]);
    expect(shadow().querySelector('.tellus-panel')!.className).toBe('tellus-panel tellus-popover bottom-left tellus-beside-tab');
    expect(shadow().querySelector('.tellus-tab')!.getAttribute('aria-expanded')).toBe('true');
    key(shadow().querySelector('.tellus-field')!, 'Escape');
    expect(shadow().activeElement).toBe(shadow().querySelector('.tellus-tab')); // focus back on the tab that opened it
  });

  it('writes theme options as custom properties on the host, forcing dark when asked', () => {
    const t = fakeTellus();
    ui = mountTellus(t, { theme: { mode: 'dark', accent: '#ff0066', radius: '2px', zIndex: 10 } });
    t.emitShow(one(Q.thumbs));
    const host = document.querySelector('tellus-widget') as HTMLElement;
    expect(host.getAttribute('data-theme')).toBe('dark');
    expect(host.style.getPropertyValue('--tellus-accent')).toBe('#ff0066');
    expect(host.style.getPropertyValue('--tellus-radius')).toBe('2px');
    expect(host.style.getPropertyValue('--tellus-z')).toBe('10');
  });

  it('never throws into the page when a survey cannot render', () => {
    const t = fakeTellus();
    ui = mountTellus(t);
    expect(() => t.emitShow({ id: 'bad', version: 1 } as unknown as Survey)).not.toThrow();
    t.emitShow(one(Q.thumbs)); // and the next survey still shows
    expect(shadow().querySelector('.tellus-question')!.textContent).toBe('Was this helpful?');
  });
});

describe('a survey that opens by itself', () => {
  const typing = () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    return input;
  };

  it('leaves focus and keystrokes with the host page, announcing itself politely with its shortcut', async () => {
    const input = typing();
    const t = fakeTellus();
    ui = mountTellus(t, { locale: 'en' });
    t.emitShow({ ...one(Q.nps), title: 'Quick question', name: 'internal' }, 'pageview');
    expect(shadow().querySelector('.tellus-panel')).not.toBeNull();
    expect(document.activeElement).toBe(input);
    expect(shadow().activeElement).toBeNull();
    key(input, 'Enter');
    key(input, ' ');
    expect(t.calls).toEqual([]); // nothing answered
    await act(() => new Promise((r) => setTimeout(r, 200)));
    const status = shadow().querySelector('[role=status]')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('Quick question (Alt+Shift+F)');
  });

  it('is reached with Alt+Shift+F, then focus follows the questions', () => {
    const input = typing();
    const t = fakeTellus();
    ui = mountTellus(t);
    t.emitShow(one(Q.nps), 'event');
    act(() => void input.dispatchEvent(new KeyboardEvent('keydown', { key: 'F', code: 'KeyF', altKey: true, shiftKey: true, bubbles: true })));
    expect(shadow().activeElement).toBe(shadow().querySelector('[role=radio]'));
    key(shadow().querySelector('[role=radio]')!, 'Escape');
    expect(document.activeElement).toBe(input); // back where the visitor was
  });

  it('does not take focus from a field even for a manual show, nor for an inline survey', () => {
    document.body.innerHTML = '<section id="fb"></section>';
    const input = typing();
    const t = fakeTellus();
    ui = mountTellus(t);
    t.emitShow(one(Q.thumbs), 'manual');
    expect(document.activeElement).toBe(input);
    act(() => ui!.close());
    t.emitShow(one(Q.thumbs, { id: 'inl', display: { mode: 'inline', selector: '#fb' } }), 'pageview');
    expect(document.querySelector('#fb > tellus-widget')).not.toBeNull();
    expect(document.activeElement).toBe(input);
  });
});

describe('colour scheme', () => {
  const schemeWith = (content?: string) => {
    if (content) document.head.insertAdjacentHTML('beforeend', `<meta name="color-scheme" content="${content}">`);
    const t = fakeTellus();
    ui = mountTellus(t);
    t.emitShow(one(Q.thumbs));
    const mode = document.querySelector('tellus-widget')!.getAttribute('data-theme');
    act(() => ui!.destroy());
    ui = undefined;
    document.head.querySelector('meta[name=color-scheme]')?.remove();
    return mode;
  };

  it("follows the host page's color-scheme, else stays light", () => {
    expect(schemeWith()).toBe('light');
    expect(schemeWith('dark')).toBe('dark');
    expect(schemeWith('light dark')).toBe('auto');
    expect(schemeWith('light')).toBe('light');
  });
});

describe('styles', () => {
  it('fall back to a <style> carrying the nonce where constructable stylesheets are missing', () => {
    const real = globalThis.CSSStyleSheet;
    (globalThis as { CSSStyleSheet: unknown }).CSSStyleSheet = undefined;
    try {
      const t = fakeTellus();
      ui = mountTellus(t, { nonce: 'r4nd0m' });
      t.emitShow(one(Q.thumbs));
      const style = shadow().querySelector('style')!;
      expect(style.nonce).toBe('r4nd0m');
      expect(style.textContent).toContain(':host{all:initial!important');
    } finally {
      globalThis.CSSStyleSheet = real;
    }
  });
});
