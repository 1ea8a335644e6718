// Renders surveys the SDK decides to show into a shadow root: popover corner, inline host, or page-edge feedback tab.
import { render, type ComponentChildren } from 'preact';
import { localize, type Answer, type Survey } from '@tellus/schema';
import { SurveyView } from './survey';
import { chooseLocale, isRtl, stringsFor } from './i18n';
import { pageLocales } from './i18n/choose';
import { CSS, adoptStyles, applyTheme, type Theme } from './theme';

/** The part of a Tellus instance (`createTellus` / `createTellusCore`) the widget uses. */
export interface SurveySource {
  on(event: 'show', fn: (e: { survey: Survey; reason: string }) => void): () => void;
  on(event: 'tabs', fn: (e: { surveys: Survey[] }) => void): () => void;
  answer(surveyId: string, questionId: string, value: Answer): Promise<void>;
  submit(surveyId: string, answers?: Record<string, Answer>): Promise<void>;
  dismiss(surveyId: string): void;
  show(surveyId: string): void;
  getSurveys(): Survey[];
  /** Feedback-tab surveys that target this page and visitor. */
  tabs(): Survey[];
  /** The visitor's attributes (`user`, `identify`, `setMeta`), for `{{attr.name}}` piping; optional. */
  attributes?(): Record<string, unknown>;
}

export interface MountOptions {
  /** UI and survey-text locale; defaults to `<html lang>`, then the browser's languages. */
  locale?: string;
  theme?: Theme;
  /** Nonce for the <style> fallback where constructable stylesheets are missing (strict CSP). */
  nonce?: string;
  /** How long a popover shows its thank-you before closing itself; 0 keeps it open. Default 4000 ms. */
  thankYouMs?: number;
  /** Report widget failures on the console (they never throw into the page). */
  debug?: boolean;
}

export interface WidgetHandle {
  /**
   * Shows a survey now (normally the SDK's `show` event does this). Focus moves into it only for a `manual`
   * show the visitor just asked for (a click or key on a control, not typing in a field).
   */
  open(survey: Survey, reason?: string): void;
  /** Closes the open survey without dismissing it. */
  close(): void;
  /** Re-reads the SDK's feedback tabs for this page (done by itself on the SDK's `tabs` event). */
  refreshTabs(): void;
  destroy(): void;
}

/** The focused element, looking into open shadow roots (a focused tab button lives in ours). */
const deepActive = (): Element | null => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};

const editable = (el: Element | null) => !!el && ((el as HTMLElement).isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/**
 * Whether the visitor asked for the survey just now: `show()` called from their click or key press (the tab, a
 * "Give feedback" button), never a trigger, a timer, or while they type into a field. Taking focus then would
 * turn their keystrokes into answers.
 */
const visitorAsked = (reason: string | undefined) => {
  const activation = (navigator as { userActivation?: { isActive: boolean } }).userActivation;
  return reason === 'manual' && activation?.isActive !== false && !editable(deepActive());
};

/** The documented shortcut into an open survey that did not take focus: Alt+Shift+F (by key position, any layout). */
const isShortcut = (e: KeyboardEvent) => e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyF';

interface Host {
  host: HTMLElement;
  box: HTMLElement;
}

export function mountTellus(tellus: SurveySource, options: MountOptions = {}): WidgetHandle {
  const locale = chooseLocale(pageLocales(options.locale));
  const thankYouMs = options.thankYouMs ?? 4000;
  let float: Host | undefined;
  let inline: Host | undefined;
  let panel: ComponentChildren = null;
  let openId: string | null = null;
  let restore: Element | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tabs: Survey[] = [];

  const guard =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
      try {
        fn(...a);
      } catch (e) {
        if (options.debug) console.error('[tellus] widget failed', e);
      }
    };

  const createHost = (parent: Element, floating: boolean): Host => {
    const host = document.createElement('tellus-widget');
    if (floating) host.setAttribute('data-float', '');
    const root = host.attachShadow({ mode: 'open' });
    adoptStyles(root, CSS, options.nonce);
    const box = document.createElement('div');
    root.append(box);
    parent.append(host);
    return { host, box };
  };

  const paint = () => {
    if (!float && !panel && !tabs.length) return;
    float ??= createHost(document.body, true);
    applyTheme(float.host, options.theme);
    render(
      <>
        {tabs.map((s) => (
          <button
            type="button"
            class="tellus-tab"
            dir={isRtl(locale) ? 'rtl' : 'ltr'}
            lang={locale}
            aria-expanded={openId === s.id}
            onClick={() => tellus.show(s.id)}
          >
            {localize(s.display?.tabLabel, locale, s.defaultLocale) || stringsFor(locale).tab}
          </button>
        ))}
        {panel}
      </>,
      float.box,
    );
  };

  const close = guard((restoreFocus = true) => {
    clearTimeout(timer);
    const active = document.activeElement;
    // Give focus back only if it is still ours (or lost); never pull it from where the user went.
    const ours = !active || active === document.body || active === float?.host || active === inline?.host;
    if (inline) {
      render(null, inline.box);
      inline.host.remove();
      inline = undefined;
    }
    panel = null;
    openId = null;
    paint();
    if (restoreFocus && ours && restore instanceof HTMLElement && restore.isConnected) restore.focus({ preventScroll: true });
    restore = null;
  });

  const open = (survey: Survey, reason?: string) => {
    try {
      show(survey, reason);
    } catch (e) {
      if (options.debug) console.error('[tellus] cannot show survey', e);
      close(false);
    }
  };

  const show = (survey: Survey, reason?: string) => {
    if (openId) return; // one survey at a time; the SDK keeps the rest for later
    openId = survey.id;
    const asked = visitorAsked(reason);
    restore = asked ? deepActive() : null;
    const d = survey.display ?? {};
    const view = (layout: string) => (
      <SurveyView
        key={survey.id + Date.now()}
        survey={survey}
        locale={locale}
        layout={layout}
        autoFocus={asked}
        attributes={tellus.attributes?.() ?? {}}
        onAnswer={(q, v) => void tellus.answer(survey.id, q, v).catch(() => {})}
        onSubmit={async (answers) => {
          // The thank-you shows once the SDK has stored the response (it resolves after IndexedDB has it).
          await tellus.submit(survey.id, answers);
          if (!inline && thankYouMs) timer = setTimeout(close, thankYouMs);
        }}
        onClose={(completed) => {
          if (!completed) tellus.dismiss(survey.id);
          close();
        }}
      />
    );
    let target: Element | null = null;
    if (d.mode === 'inline' && d.selector) {
      try {
        target = document.querySelector(d.selector);
      } catch {
        target = null; // an invalid selector falls back to a popover
      }
    }
    if (target) {
      inline = createHost(target, false);
      applyTheme(inline.host, options.theme);
      render(view('tellus-inline'), inline.box);
    } else {
      // A tab survey's panel keeps clear of its tab on the page edge.
      panel = view('tellus-popover ' + (d.position ?? 'bottom-right') + (d.mode === 'tab' ? ' tellus-beside-tab' : ''));
      paint();
    }
  };

  const refreshTabs = guard(() => {
    tabs = tellus.tabs();
    paint();
  });

  const offs = [tellus.on('show', (e) => open(e.survey, e.reason)), tellus.on('tabs', refreshTabs)];
  refreshTabs();

  // Alt+Shift+F jumps into the open survey; Tab reaches it too (its host is the last thing in the page).
  const onShortcut = guard((e: KeyboardEvent) => {
    const host = inline ?? (panel ? float : undefined);
    if (!openId || !host || !isShortcut(e)) return;
    e.preventDefault();
    const box = host.box;
    const first = box.querySelector(
      '.tellus-body [tabindex="0"],.tellus-body input,.tellus-body textarea,.tellus-body a[href],.tellus-nav .tellus-button,.tellus-thanks',
    ) as HTMLElement | null;
    restore ??= deepActive();
    first?.focus({ preventScroll: true });
  });
  document.addEventListener('keydown', onShortcut);

  return {
    open,
    close: () => close(),
    refreshTabs,
    destroy: guard(() => {
      offs.forEach((off) => off());
      document.removeEventListener('keydown', onShortcut);
      close(false);
      if (float) {
        render(null, float.box);
        float.host.remove();
        float = undefined;
      }
    }),
  };
}
