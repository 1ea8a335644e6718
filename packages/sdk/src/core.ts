// createTellusCore: the SDK without schema validation (surveys trusted), for the script-tag first load.
import { ValidationError, type Issue, type Survey, type SurveyResponse } from '@tellus/schema';
import { createDelivery } from './delivery.js';
import { createEmitter, type Emitter, type ShowReason } from './events.js';
import { buildMeta, pageUrl } from './meta.js';
import { resolveOptions, type Attributes, type MetaValue, type TellusOptions } from './options.js';
import { createIdbBackend, createMemoryBackend, type DeadLetter } from './queue/backend.js';
import { withFallback } from './queue/fallback.js';
import { createQueue } from './queue/queue.js';
import { loadSurveys } from './surveys-url.js';
import { createBackoff } from './transport/backoff.js';
import { createFetchTransport } from './transport/fetch.js';
import { firesOn, isEligible, onPageView } from './triggers/eligibility.js';
import { watchNavigation } from './triggers/navigation.js';
import { emptyThrottle, record, type ThrottleState } from './triggers/throttle.js';
import { uuidv7 } from './uuid.js';

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
  /** The visitor's attributes (`user`, `identify`, `meta`, `setMeta`): what surveys pipe as `{{attr.name}}`. */
  attributes(): Attributes;
  queueSize(): Promise<number>;
  /** Responses the collector refused for good, with the reason. */
  deadLetters(): Promise<DeadLetter[]>;
  /** Resolves when visitor state and remote surveys are loaded. */
  ready: Promise<void>;
}

/** Turns fetched survey JSON into surveys; createTellus passes parseSurveys, the core trusts the collector. */
export type SurveysParser = (input: unknown) => Survey[];
/** Checks answers against their survey (schema's checkAnswers); [] when they fit. */
export type AnswersChecker = (survey: Survey, answers: Record<string, unknown>, completed: boolean) => Issue[];

/**
 * What the core checks, passed in so that a bundle pays only for the checks it uses: createTellus
 * passes both; the script tag passes an answer check that arrives with its UI chunk (no answer can
 * be given before the UI is there), keeping ~1 KB of checks out of the first load.
 */
export interface Validators {
  surveys?: SurveysParser;
  answers?: AnswersChecker;
  /** The questions a respondent sees (schema's visibleQuestions): a completed response keeps only their answers. */
  visible?: (survey: Survey, answers: Record<string, unknown>) => { id: string }[];
}

const DAY = 86_400_000;

interface Active {
  survey: Survey;
  props?: Attributes | undefined;
  timer?: ReturnType<typeof setTimeout>;
  /** False while waiting out trigger.delayMs. */
  shown?: boolean;
}

export function createTellusCore(options: TellusOptions, validators: Validators = {}): Tellus {
  const o = resolveOptions(options);
  const { now, debug } = o;
  const emitter = createEmitter(debug);
  const emit = emitter.emit;
  const endpoint = o.endpoint.replace(/\/+$/, '');
  const url = `${endpoint}/v1/responses`;

  const factory = o.storage === 'indexeddb' ? (o.indexedDB ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB)) : undefined;
  const memory = () => createMemoryBackend(o.dbName);
  const backend =
    o.storage === 'memory'
      ? memory()
      : withFallback(factory && createIdbBackend(o.dbName, factory), memory, (reason) => emit('queueFallback', { reason }));
  const queue = createQueue({
    backend,
    now,
    leaseMs: o.leaseMs,
    maxItems: o.maxQueueItems,
    maxAgeMs: o.maxAgeDays * DAY,
    onEvict: (ids, reason) => emit('evicted', { ids, reason }),
  });
  const delivery = createDelivery({
    queue,
    transport: createFetchTransport({ url, fetch: o.fetch ?? (() => Promise.reject(new Error('no fetch'))), timeoutMs: o.requestTimeoutMs, now }),
    siteKey: o.siteKey,
    url,
    batchSize: o.batchSize,
    flushDelayMs: o.flushDelayMs,
    backoff: createBackoff({ baseMs: o.retryBaseMs, capMs: o.retryCapMs, random: o.random }),
    emit,
    now,
    lockName: `tellus-flush:${o.dbName}`,
    fetch: o.fetch,
  });

  let surveys: Survey[] = o.surveys ?? [];
  let anonId = '';
  let throttle: ThrottleState = emptyThrottle();
  let user: Attributes = {};
  let extra: Attributes = {};
  let destroyed = false;
  let persistAsked = false;
  /** The survey on screen (or waiting out its delay): only one at a time. */
  let active: Active | null = null;
  const closed = new Set<string>();
  const drafts = new Map<string, SurveyResponse>();
  const writes = new Set<Promise<unknown>>();

  /** Tracks a storage write so destroy() closes the database only after it. */
  const pending = <T>(p: Promise<T>): Promise<T> => {
    writes.add(p);
    return p.finally(() => writes.delete(p));
  };
  const fail = (code: string, e: unknown) => emit('error', { code, message: String(e) });
  const href = () => (typeof location === 'undefined' ? '' : location.href);
  const find = (id: string) => surveys.find((s) => s.id === id);

  if (o.user) identifyNow(o.user);
  function identifyNow(attrs: { id?: string } & Attributes) {
    const { id, ...rest } = attrs;
    user = { ...user, ...rest, ...(id !== undefined ? { userId: id } : {}) };
  }

  /** Applies a change now, then again on the stored state, which other tabs may have moved on meanwhile. */
  const updateThrottle = (change: (s: ThrottleState) => ThrottleState) => {
    const before = throttle;
    throttle = change(before);
    pending(
      backend
        .update<ThrottleState>('throttle', (stored) => change(stored ?? before))
        .then((next) => void (throttle = next), (e) => fail('storage', e)),
    );
  };

  const activate = (survey: Survey, reason: ShowReason) => {
    if (active) active.shown = true;
    updateThrottle((s) => record(s, survey.id, now()));
    emit('show', { survey, reason });
  };

  const consider = (survey: Survey, reason: ShowReason, props?: Attributes) => {
    if (destroyed || active || closed.has(survey.id)) return;
    const ctx = () => ({ href: href(), now: now(), anonId, throttle, globalCooldownDays: o.globalCooldownDays });
    if (!isEligible(survey, ctx())) return;
    const entry: Active = { survey, props };
    active = entry;
    entry.timer = setTimeout(() => {
      // The visitor may have navigated away during the delay: check targeting again.
      if (active !== entry) return;
      if (destroyed || !isEligible(survey, ctx())) active = null;
      else activate(survey, reason);
    }, survey.trigger?.delayMs ?? 0);
  };

  const pageView = () => {
    for (const s of surveys) if (onPageView(s)) consider(s, 'pageview');
  };

  const nav = watchNavigation(() => void ready.then(pageView), o.navigationPollMs);

  const ready: Promise<void> = (async () => {
    // The survey list goes out at once: it needs none of the visitor state read below.
    const remote = o.surveysUrl ? loadSurveys(o.surveysUrl, backend, o.fetch, validators.surveys, (e) => fail('surveys', e)) : undefined;
    try {
      const [storedAnon, storedThrottle] = await Promise.all([backend.get<string>('anon'), backend.get<ThrottleState>('throttle')]);
      anonId = storedAnon ?? uuidv7(now());
      if (!storedAnon) await backend.set('anon', anonId);
      throttle = storedThrottle ?? emptyThrottle();
    } catch (e) {
      anonId ||= uuidv7(now());
      fail('storage', e);
    }
    const loaded = await remote;
    if (loaded) surveys = loaded;
    if (destroyed) return;
    pageView();
    // Responses left by an earlier page (or a crashed flush) go out now; the claim also evicts aged ones.
    void delivery.flush();
  })();

  const store = (r: SurveyResponse) => {
    if (!persistAsked) {
      persistAsked = true;
      // Asked at the first answer, not at load: some browsers prompt, and by now the visitor has engaged.
      if (typeof navigator !== 'undefined') navigator.storage?.persist?.().catch(() => undefined);
    }
    return pending(queue.enqueue(r).then(() => delivery.enqueued(r)));
  };

  const draftFor = (survey: Survey): SurveyResponse => {
    const t = new Date(now()).toISOString();
    const meta = buildMeta({ url: pageUrl(href()), locale: o.locale, channel: 'web' }, user, o.meta, extra, active?.survey.id === survey.id ? active.props : undefined);
    return (
      drafts.get(survey.id) ?? {
        id: uuidv7(now()),
        surveyId: survey.id,
        surveyVersion: survey.version,
        seq: -1,
        completed: false,
        answers: {},
        meta,
        anonId,
        createdAt: t,
        updatedAt: t,
      }
    );
  };

  /** Validates and stores the next version of a survey's response. */
  const save = async (surveyId: string, answers: Record<string, unknown>, completed: boolean): Promise<{ survey: Survey; r: SurveyResponse }> => {
    if (destroyed) throw new Error('destroyed');
    await ready;
    const survey = find(surveyId);
    if (!survey) throw new Error(`unknown survey ${surveyId}`);
    const draft = draftFor(survey);
    let merged: Record<string, unknown> = { ...draft.answers, ...answers };
    // A follow-up answered and then hidden by a changed earlier answer must not reach the collector.
    if (completed && validators.visible) {
      const shown = validators.visible(survey, merged).map((q) => q.id);
      merged = Object.fromEntries(Object.entries(merged).filter(([id]) => shown.includes(id)));
    }
    const issues = validators.answers?.(survey, merged, completed) ?? [];
    if (issues.length) {
      emit('error', { code: 'invalid_answer', message: issues.map((i) => `${i.path}: ${i.message}`).join('; ') });
      throw new ValidationError('Invalid answer', issues);
    }
    const r: SurveyResponse = {
      ...draft,
      seq: draft.seq + 1,
      completed,
      answers: merged as SurveyResponse['answers'],
      updatedAt: new Date(now()).toISOString(),
    };
    // The draft advances before the write, so quick successive answers get increasing seqs.
    if (completed) drafts.delete(surveyId);
    else drafts.set(surveyId, r);
    await store(r);
    return { survey, r };
  };

  const close = (surveyId: string) => {
    closed.add(surveyId);
    updateThrottle((s) => record(s, surveyId, now(), true));
    if (active?.survey.id === surveyId) {
      clearTimeout(active.timer);
      active = null;
    }
  };

  const guard =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
      try {
        if (!destroyed) fn(...a);
      } catch (e) {
        fail('api', e); // Never throw into the host page.
      }
    };

  return {
    track: guard((event: string, props?: Attributes) => {
      nav.check();
      void ready.then(() => {
        for (const s of surveys) if (firesOn(s, event)) consider(s, 'event', props);
      });
    }),
    show: guard((surveyId: string) => {
      nav.check();
      void ready.then(() => {
        const survey = find(surveyId);
        if (!survey) return fail('show', `unknown survey ${surveyId}`);
        // A survey on screen keeps it; one still waiting out its delay gives way to the explicit request.
        if (active?.shown) return;
        if (active) clearTimeout(active.timer);
        closed.delete(surveyId);
        active = { survey };
        activate(survey, 'manual');
      });
    }),
    identify: guard(identifyNow),
    setMeta: guard((attrs: Record<string, MetaValue>) => void (extra = { ...extra, ...attrs })),
    answer: async (surveyId, questionId, value) => {
      const { r } = await save(surveyId, { [questionId]: value }, false);
      emit('answer', { surveyId, questionId, value, response: r });
    },
    submit: async (surveyId, answers = {}) => {
      const { survey, r } = await save(surveyId, answers, true);
      close(surveyId);
      emit('submit', { survey, response: r });
    },
    dismiss: guard((surveyId: string) => {
      close(surveyId);
      drafts.delete(surveyId);
      emit('dismiss', { surveyId });
    }),
    on: emitter.on,
    flush: () => (destroyed ? Promise.resolve() : ready.then(() => delivery.flush())),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (active) clearTimeout(active.timer);
      nav.stop();
      delivery.stop();
      emitter.clear();
      // Let writes already started finish before the connection closes.
      void Promise.allSettled([...writes]).then(() => backend.close());
    },
    getSurveys: () => surveys,
    attributes: () => ({ ...o.meta, ...user, ...extra }),
    queueSize: () => queue.size(),
    deadLetters: () => queue.deadLetters(),
    ready,
  };
}
