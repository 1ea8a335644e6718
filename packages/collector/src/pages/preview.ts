// Runs inside the editor's preview frame: renders the survey it is sent with the real widget, offline.
import type { Survey } from '@tellus/schema';

interface Handle {
  open(survey: Survey): void;
  destroy(): void;
}
type Mount = (source: unknown, options?: { locale?: string; theme?: { mode?: 'light' | 'dark' }; thankYouMs?: number }) => Handle;

interface PreviewMessage {
  type: 'tellus-preview';
  survey: Survey;
  locale: string;
  theme: 'light' | 'dark';
}

export function runPreview(root: HTMLElement): void {
  let handle: Handle | undefined;
  addEventListener('message', (e: MessageEvent) => {
    if (e.origin !== location.origin || e.source !== parent) return;
    const m = e.data as PreviewMessage;
    if (!m || m.type !== 'tellus-preview') return;
    const mount = (globalThis as unknown as Record<symbol, Mount | undefined>)[Symbol.for('tellus.ui')];
    if (!mount) {
      root.textContent = 'The widget UI (tellus-ui.js) did not load.';
      return;
    }
    document.body.classList.toggle('dark', m.theme === 'dark');
    handle?.destroy();
    // Answers go nowhere: the preview is a rehearsal, not a response.
    const source = {
      on: () => () => {},
      answer: async () => {},
      submit: async () => {},
      dismiss: () => {},
      show: () => {},
      getSurveys: () => [m.survey],
    };
    const survey: Survey = m.survey.display?.mode === 'inline' ? { ...m.survey, display: { ...m.survey.display, selector: '#tellus-preview' } } : m.survey;
    try {
      handle = mount(source, { locale: m.locale, theme: { mode: m.theme }, thankYouMs: 0 });
      handle.open(survey);
      parent.postMessage({ type: 'tellus-preview-rendered' }, location.origin);
    } catch (err) {
      root.textContent = `Preview failed: ${String(err)}`;
    }
  });
}
