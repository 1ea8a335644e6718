// The script-tag bundle (dist/tellus.js): replays the `tellus(...)` queue on the trusted SDK core and
// loads the survey UI chunk (tellus-ui.js, same base URL) only when a survey is about to show, with the strings of
// the page's locale (tellus-ui-<tag>.js) in parallel unless that is English, which the UI chunk carries, and the
// interaction watcher (tellus-interactions.js) only for a page whose survey waits for exit intent, scroll or a click.
// Every byte here adds to the first load on top of the SDK core, hence the terse style.
import { builtInLocale, pageLocales } from './i18n/choose';
import { startIssues, startTellus, type ResponsesFactory, type Tellus, type TellusOptions, type WatchInteractions } from '@tellus/sdk';
import type { Survey } from '@tellus/schema';
import type { MountOptions, WidgetHandle, SurveySource } from './mount';

type Mount = (tellus: SurveySource, options?: MountOptions) => WidgetHandle;
type Command = (...args: unknown[]) => unknown;
/** What `tellus('init', …)` accepts: SDK options plus widget options. */
export type InitOptions = TellusOptions & MountOptions;

const COMMANDS = ['init', 'track', 'show', 'identify', 'setMeta', 'on', 'flush'];

((w: Window & { tellus?: Command & { q?: ArrayLike<unknown>[] } } & Record<symbol, Mount & ResponsesFactory & WatchInteractions>, d: Document) => {
  const me = (d.currentScript || {}) as Partial<HTMLScriptElement>;
  const data = me.dataset || {};
  const report = (...m: unknown[]) => console.error('[tellus]', ...m);
  const early: unknown[][] = [];
  let sdk: Tellus | undefined;
  let opts: InitOptions;
  let ui: WidgetHandle | undefined;
  let loading: Promise<unknown> | undefined;
  const part = (name: string) => w[Symbol.for('tellus.' + name)]!;

  /** Loads one file from beside tellus.js, with the page's nonce (strict CSP). */
  const load = (file: string) =>
    new Promise((ok, fail) => {
      const s = d.createElement('script');
      s.src = (me.src || '').replace(/[^/]*$/, file);
      s.nonce = opts.nonce || '';
      s.onload = ok;
      s.onerror = fail;
      d.head.append(s);
    });

  /** The strings of the page's locale unless English (in the UI chunk); the UI makes the same choice, or falls back to English without them. */
  const loadStrings = (lang: string) => lang === 'en' || load(`tellus-ui-${lang}.js`).catch((e) => report('locale load failed', e));

  /** Loads and mounts the UI once; the survey that asked for it opens as soon as it is there. */
  const withUI = (shown?: { survey: Survey; reason: string }) =>
    (loading ||= Promise.all([load('tellus-ui.js'), loadStrings(builtInLocale(pageLocales(opts.locale)))]))
      .then(() => {
        ui ||= part('ui')(sdk!, opts);
        if (shown) ui.open(shown.survey, shown.reason);
      })
      .catch((e) => {
        loading = undefined; // try again at the next show
        report('UI load failed', e);
      });

  const run = (args: unknown[]): unknown => {
    const [name, ...rest] = args;
    try {
      if (!COMMANDS.includes(name as string)) report(`unknown command "${String(name)}"; use one of ${COMMANDS}`);
      else if (name !== 'init')
        return sdk ? (sdk[name as 'track'] as Command)(...rest) : void early.push(args); // replayed once init arrives
      else if (sdk) report('init called twice; ignored');
      else {
        const o = (opts = rest[0] as InitOptions);
        const bad = startIssues(o);
        if (bad.length) return report(`init: ${bad.join('; ')}`);
        sdk = startTellus(
          o.surveys || o.surveysUrl ? o : { ...o, surveysUrl: `${o.endpoint.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(o.siteKey)}/surveys` },
          // Answers come only from the UI chunk, which brings the responses half (drafts, answer checks) with it.
          {
            responses: () => part('responses'),
            // A survey waiting for exit intent, scroll or a click will want the UI at once: load it with the watcher now.
            interactions: (use) =>
              void Promise.all([withUI(), load('tellus-interactions.js')]).then(
                () => ui && use(part('interactions')),
                (e) => report('interaction triggers load failed', e),
              ),
          },
        );
        sdk.on('show', (e) => void withUI(e));
        // Feedback tabs are on the page before any survey shows, so they need the UI once this page has one.
        sdk.on('tabs', (e) => void (e.surveys.length && withUI()));
        early.splice(0).forEach(run);
      }
    } catch (e) {
      report(name, e);
    }
  };

  const queued = [...(w.tellus?.q || [])].map((a) => [...(a as unknown[])]);
  // The script element's own data-site-key/data-endpoint configure it unless the page queued an init.
  if (data.siteKey && !queued.some((a) => a[0] === 'init')) queued.unshift(['init', { siteKey: data.siteKey, endpoint: data.endpoint }]);
  w.tellus = (...args) => run(args);
  queued.forEach(run);
})(window as never, document);
