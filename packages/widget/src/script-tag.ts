// The script-tag bundle (dist/tellus.js): replays the `tellus(...)` queue on the trusted SDK core and
// loads the survey UI chunk (tellus-ui.js, same base URL) only when a survey is about to show.
import { createTellusCore, type Tellus, type TellusOptions } from '@tellus/sdk';
import type { Survey } from '@tellus/schema';
import type { MountOptions, WidgetHandle, SurveySource } from './mount';

type Mount = (tellus: SurveySource, options?: MountOptions) => WidgetHandle;
type Command = (...args: unknown[]) => unknown;
/** What `tellus('init', …)` accepts: SDK options plus widget options. */
export type InitOptions = TellusOptions & MountOptions & { /** UI chunk URL; default tellus-ui.js beside tellus.js. */ uiUrl?: string };

const COMMANDS = ['init', 'track', 'show', 'identify', 'setMeta', 'on', 'flush'];

((w: Window & { tellus?: Command & { q?: ArrayLike<unknown>[] } } & Record<symbol, Mount>, d: Document) => {
  const me = d.currentScript as HTMLScriptElement | null;
  const base = me ? me.src.replace(/[^/]*$/, '') : '';
  const report = (m: string, e?: unknown) => console.error('[tellus] ' + m, e ?? '');
  const early: ArrayLike<unknown>[] = [];
  let sdk: Tellus | undefined;
  let opts: InitOptions;
  let ui: WidgetHandle | undefined;
  let loading: Promise<unknown> | 0 = 0;

  /** Loads and mounts the UI once; the survey that asked for it opens as soon as it is there. */
  const withUI = (survey?: Survey) =>
    (loading ||= new Promise((ok, fail) => {
      const s = d.createElement('script');
      s.src = opts.uiUrl || base + 'tellus-ui.js';
      if (opts.nonce) s.nonce = opts.nonce;
      s.onload = ok;
      s.onerror = fail;
      d.head.append(s);
    }))
      .then(() => {
        ui ||= w[Symbol.for('tellus.ui')]!(sdk!, opts);
        if (survey) ui.open(survey);
      })
      .catch((e) => {
        loading = 0; // try again at the next show
        report('survey UI unavailable', e);
      });

  const init = (o: InitOptions) => {
    if (sdk) return report('init ignored: already initialised');
    opts = o;
    const api = o.endpoint.replace(/\/+$/, '');
    sdk = createTellusCore(o.surveys || o.surveysUrl ? o : { ...o, surveysUrl: `${api}/v1/sites/${encodeURIComponent(o.siteKey)}/surveys` });
    sdk.on('show', (e) => void withUI(e.survey));
    // Feedback tabs are on the page before any survey shows, so they need the UI once surveys are known.
    void sdk.ready.then(() => void (sdk!.getSurveys().some((s) => s.display?.mode === 'tab') && withUI()));
    early.splice(0).forEach(run);
  };

  function run(args: ArrayLike<unknown>): unknown {
    const [name, ...rest] = Array.from(args);
    try {
      if (!COMMANDS.includes(name as string)) return report(`unknown command "${String(name)}"; use one of ${COMMANDS.join(', ')}`);
      if (name === 'init') return init(rest[0] as InitOptions);
      if (!sdk) return void early.push(args); // replayed in order once init arrives
      return (sdk[name as 'track'] as Command)(...rest);
    } catch (e) {
      report(`${String(name)} failed`, e);
    }
  }

  const queued = Array.from((w.tellus && w.tellus.q) || []);
  const data = me ? me.dataset : {};
  // The script element's own data-site-key/data-endpoint configure it unless the page queued an init.
  if (data.siteKey && !queued.some((a) => a[0] === 'init')) queued.unshift(['init', { siteKey: data.siteKey, endpoint: data.endpoint }]);
  w.tellus = (...args: unknown[]) => run(args);
  queued.forEach(run);
})(window as never, document);
