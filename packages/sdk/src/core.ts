// Wires the SDK together without schema validation (surveys trusted): storage, queue, delivery, the display half and the responses half.
import type { Survey } from '@tellus/schema';
import { createDelivery } from './delivery.js';
import { createDisplay } from './display.js';
import { createEmitter, type Emitter } from './events.js';
import { pageUrl } from './page-url.js';
import { resolveOptions, type Attributes, type MetaValue, type TellusOptions } from './options.js';
import { createIdbBackend, createMemoryBackend, type DeadLetter } from './queue/backend.js';
import { withFallback } from './queue/fallback.js';
import { createQueue, type QueueOptions } from './queue/queue.js';
import type { Responses, ResponsesFactory } from './responses.js';
import { loadSurveys } from './surveys-url.js';
import { createBackoff } from './transport/backoff.js';
import { createFetchTransport } from './transport/fetch.js';
import type { ThrottleState } from './triggers/throttle.js';
import { randomId } from './anon-id.js';
import type { WatchInteractions } from './triggers/interactions.js';
import type { SurveysParser, Validators } from './validators.js';

export interface Tellus {
  /** Reports a host event (e.g. `chat_closed`); surveys triggered by it may show. Props join the response meta. */
  track(event: string, props?: Attributes): void;
  /** Shows a survey now, skipping targeting and throttling (still one survey at a time). */
  show(surveyId: string): void;
  identify(attrs: { id?: string } & Attributes): void;
  setMeta(attrs: Attributes): void;
  /** Saves one answer as a partial response (same id, next seq); rejects with a ValidationError for a bad answer. */
  answer(surveyId: string, questionId: string, value: unknown): Promise<void>;
  /** Completes the response; resolves once it is stored (then show the thank-you). */
  submit(surveyId: string, answers?: Record<string, unknown>): Promise<void>;
  dismiss(surveyId: string): void;
  on: Emitter['on'];
  /** Sends what is queued now (Retry-After still holds). */
  flush(): Promise<void>;
  /** Stops timers and listeners; queued responses stay stored for the next page. */
  destroy(): void;
  getSurveys(): Survey[];
  /** Feedback-tab surveys that target this page and visitor (`trigger.urls`, `excludeUrls`, `audience`, dates, sample). */
  tabs(): Survey[];
  /** The visitor's attributes (`user`, `identify`, `meta`, `setMeta`): what surveys pipe as `{{attr.name}}`. */
  attributes(): Attributes;
  queueSize(): Promise<number>;
  /** Responses the collector refused for good, with the reason. */
  deadLetters(): Promise<DeadLetter[]>;
  /** Resolves when visitor state and remote surveys are loaded. */
  ready: Promise<void>;
}

/** What startTellus is given besides options: a survey parser, and the responses half (or how to get it when first needed). */
export interface TellusParts {
  surveys?: SurveysParser | undefined;
  /** Called at the first answer; the script tag returns the factory its UI chunk brought. */
  responses: () => ResponsesFactory;
  /** Hands over the exit-intent, scroll and click watcher when a survey on the page needs it (the script tag: once its UI chunk loaded). */
  interactions: (use: (watch: WatchInteractions) => void) => void;
}

const DAY = 86_400_000;

/**
 * The SDK with its parts passed in. createTellusCore and createTellus call it; the script tag calls it directly
 * so that the responses half (drafts, answer checks, meta) loads with the UI chunk instead of the first load.
 */
export function startTellus(options: TellusOptions, parts: TellusParts): Tellus {
  const o = resolveOptions(options);
  const { now, debug } = o;
  const emitter = createEmitter(debug);
  const emit = emitter.emit;
  const url = `${o.endpoint.replace(/\/+$/, '')}/v1/responses`;

  const factory = o.storage === 'indexeddb' ? (o.indexedDB ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB)) : undefined;
  const memory = () => createMemoryBackend(o.dbName);
  const backend =
    o.storage === 'memory' ? memory() : withFallback(factory && createIdbBackend(o.dbName, factory), memory, (reason) => emit('queueFallback', { reason }));
  const queueOptions: QueueOptions = {
    backend,
    now,
    leaseMs: o.leaseMs,
    maxItems: o.maxQueueItems,
    maxAgeMs: o.maxAgeDays * DAY,
    onEvict: (ids, reason) => emit('evicted', { ids, reason }),
  };
  const queue = createQueue(queueOptions);
  const delivery = createDelivery({
    queue,
    transport: createFetchTransport({ url, fetch: o.fetch, timeoutMs: o.requestTimeoutMs, now }),
    siteKey: o.siteKey,
    batchSize: o.batchSize,
    flushDelayMs: o.flushDelayMs,
    backoff: createBackoff({ baseMs: o.retryBaseMs, capMs: o.retryCapMs, random: o.random }),
    emit,
    report: (code, message, ids) => report(code, message, ids),
    now,
    lockName: `tellus-flush:${o.dbName}`,
  });

  let surveys: Survey[] = o.surveys ?? [];
  let anonId = '';
  let user: Attributes = {};
  let extra: Attributes = {};
  let destroyed = false;
  let responses: Responses | undefined;
  const writes = new Set<Promise<unknown>>();

  /** Tracks a storage write so destroy() closes the database only after it. */
  const pending = <T>(p: Promise<T>): Promise<T> => {
    writes.add(p);
    return p.finally(() => writes.delete(p));
  };
  const fail = (code: string, e: unknown) => emit('error', { code, message: String(e) });
  let told = '';
  /** A developer mistake: the error event, and a console line even without debug (once while it repeats), since nothing else would tell. */
  const report = (code: string, message: string, ids?: string[]) => {
    if (message !== told) console.warn('[tellus]', (told = message));
    emit('error', ids ? { code, message, ids } : { code, message });
  };
  const href = () => (typeof location === 'undefined' ? '' : location.href);
  /** What audiences see: the same attributes later responses carry in their meta. */
  const attrs = (): Attributes => ({ ...o.meta, ...user, ...extra });

  if (o.user) identifyNow(o.user);
  function identifyNow(attrs: { id?: string } & Attributes) {
    const { id, ...rest } = attrs;
    user = { ...user, ...rest, ...(id !== undefined ? { userId: id } : {}) };
  }

  const display = createDisplay({
    surveys: () => surveys,
    context: () => ({ href: href(), now: now(), anonId, attrs: attrs(), globalCooldownDays: o.globalCooldownDays }),
    emit,
    persist: (change) =>
      pending(backend.update<ThrottleState>('throttle', change)).catch((e: unknown) => {
        fail('storage', e);
        throw e;
      }),
    report,
    navigationPollMs: o.navigationPollMs,
    interactions: parts.interactions,
  });

  const ready: Promise<void> = (async () => {
    // The survey list goes out at once: it needs none of the visitor state read below.
    const remote = o.surveysUrl
      ? loadSurveys(o.surveysUrl, backend, o.fetch, parts.surveys, (e) => report('surveys', `cannot load surveys from ${o.surveysUrl}: ${String(e)}`))
      : undefined;
    let throttle: ThrottleState | undefined;
    try {
      const [storedAnon, storedThrottle] = await Promise.all([backend.get<string>('anon'), backend.get<ThrottleState>('throttle')]);
      anonId = storedAnon ?? randomId();
      if (!storedAnon) await backend.set('anon', anonId);
      throttle = storedThrottle;
    } catch (e) {
      anonId ||= randomId();
      fail('storage', e);
    }
    const loaded = await remote;
    if (loaded) surveys = loaded;
    if (destroyed) return;
    display.start(throttle);
    // Responses left by an earlier page (or a crashed flush) go out now; the claim also evicts aged ones.
    void delivery.flush();
  })();

  /** The responses half, made at the first answer. */
  const responsesHalf = () =>
    (responses ||= parts.responses()({
      now,
      emit,
      ready,
      find: (id) => surveys.find((s) => s.id === id),
      visitor: (survey) => ({
        anonId,
        meta: [{ url: pageUrl(href()), locale: o.locale, channel: 'web' }, user, o.meta, extra, display.props(survey.id)],
      }),
      store: (r, enqueue) => pending(enqueue(queueOptions, r).then(() => delivery.enqueued(r))),
      completed: (surveyId) => display.close(surveyId, 'answered'),
      stopped: () => destroyed,
    }));

  const guard =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
      try {
        if (!destroyed) fn(...a);
      } catch (e) {
        fail('api', e); // Never throw into the host page.
      }
    };
  /** Runs once surveys and visitor state are there; a failure goes to `error`, never into the page. */
  const whenReady = (fn: () => void) => void ready.then(() => guard(fn)());

  return {
    track: guard((event: string, props?: Attributes) => whenReady(() => display.track(event, props))),
    show: guard((surveyId: string) => whenReady(() => display.show(surveyId))),
    identify: guard((a: { id?: string } & Attributes) => {
      identifyNow(a);
      whenReady(display.refresh);
    }),
    setMeta: guard((a: Record<string, MetaValue>) => {
      extra = { ...extra, ...a };
      whenReady(display.refresh);
    }),
    // async: a responses half that cannot be had (the UI chunk missing) rejects instead of throwing.
    answer: async (surveyId, questionId, value) => responsesHalf().answer(surveyId, questionId, value),
    submit: async (surveyId, answers) => responsesHalf().submit(surveyId, answers),
    dismiss: guard((surveyId: string) => {
      display.close(surveyId, 'dismissed');
      responses?.discard(surveyId);
      emit('dismiss', { surveyId });
    }),
    on: emitter.on,
    flush: () => (destroyed ? Promise.resolve() : ready.then(() => delivery.flush())),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      display.stop();
      delivery.stop();
      emitter.clear();
      // Let writes already started finish before the connection closes.
      void Promise.allSettled([...writes]).then(() => backend.close());
    },
    getSurveys: () => surveys,
    tabs: () => display.tabs(),
    attributes: attrs,
    queueSize: () => queue.size(),
    deadLetters: () => queue.deadLetters(),
    ready,
  };
}

/** The SDK without survey validation (surveys trusted, e.g. served by the collector that validated them); checks only what it is given. */
export function createTellusCore(options: TellusOptions, validators: Validators = {}): Tellus {
  return startTellus(options, {
    surveys: validators.surveys,
    responses: () => lazyResponses(import('./responses.js').then((m) => m.createResponses(validators))),
    interactions: loadInteractions,
  });
}

/**
 * The responses half (drafts, answer checks, meta, uuid v7), imported at the first answer: most page views never
 * answer, so an app's bundler can split it off the first load. Calls wait for it in the order they were made.
 */
export const lazyResponses =
  (half: Promise<ResponsesFactory>): ResponsesFactory =>
  (context) => {
    const made = half.then((factory) => factory(context));
    return {
      answer: (surveyId, questionId, value) => made.then((r) => r.answer(surveyId, questionId, value)),
      submit: (surveyId, answers) => made.then((r) => r.submit(surveyId, answers)),
      discard: (surveyId) => void made.then((r) => r.discard(surveyId)),
    };
  };

/**
 * The exit-intent, scroll and click watcher, imported only when a survey on the page has such a trigger, so an app's
 * bundler can split it off the first load. A chunk that cannot load (offline) leaves those triggers off, as in the script tag.
 */
export const loadInteractions = (use: (watch: WatchInteractions) => void) =>
  void import('./triggers/interactions.js').then(
    (m) => use(m.watchInteractions),
    () => undefined,
  );
