// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { checkAnswers, SurveyConfigError, ValidationError, type Survey, type SurveyResponse } from '@tellus/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TellusEvents } from './events.js';
import { createTellus, createTellusCore, optionIssues, type Tellus, type TellusOptions } from './index.js';
import { createIdbBackend } from './queue/backend.js';
import { freshDbName } from './queue/test-helpers.js';
import { sampleBucket } from './triggers/sample.js';

const DAY = 86_400_000;
const nps = (id: string, over: Partial<Survey> = {}): Survey => ({
  id,
  version: 1,
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
  ...over,
});

/** A collector stand-in that acks every id and records the batches. */
function collector() {
  const batches: SurveyResponse[][] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { responses: SurveyResponse[] };
    batches.push(body.responses);
    return new Response(JSON.stringify({ accepted: body.responses.map((r) => r.id), duplicates: [], rejected: [] }), { status: 200 });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, batches };
}

const open: Tellus[] = [];
let clock = Date.parse('2026-11-23T10:00:00Z');
function start(over: Partial<TellusOptions> = {}) {
  const t = createTellus({
    siteKey: 'site_1',
    endpoint: 'https://collector.test',
    dbName: 'tellus-default',
    fetch: collector().fetch,
    now: () => clock,
    navigationPollMs: 0,
    ...over,
  });
  open.push(t);
  const seen: { [K in keyof TellusEvents]: TellusEvents[K][] } = {
    show: [],
    answer: [],
    submit: [],
    dismiss: [],
    tabs: [],
    sent: [],
    error: [],
    queueFallback: [],
    evicted: [],
  };
  for (const k of Object.keys(seen) as (keyof TellusEvents)[]) t.on(k, (p) => void (seen[k] as unknown[]).push(p));
  return { t, seen };
}
/** Lets storage work and zero-delay timers run. */
const settle = async (ms = 0) => {
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(ms / 5 || 1);
};

const realSetTimeout = globalThis.setTimeout; // taken before any test fakes the timers

/** Until `ready()` holds: the lazily imported interaction watcher takes real time to arrive (more on a loaded machine). */
const until = async (ready: () => boolean) => {
  for (let i = 0; i < 200 && !ready(); i++) {
    await settle();
    await vi.dynamicImportSettled();
    if (!ready()) await new Promise((ok) => realSetTimeout(ok, 10));
  }
  expect(ready()).toBe(true);
};

/** Call before the SDK starts; the function it returns waits until the watcher listens for `type`. */
const listeningFor = (type: string, on: EventTarget = EventTarget.prototype) => {
  const spy = vi.spyOn(on, 'addEventListener');
  return async () => {
    try {
      await until(() => spy.mock.calls.some(([t]) => t === type));
    } finally {
      spy.mockRestore();
    }
  };
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  history.replaceState(null, '', '/');
  clock = Date.parse('2026-11-23T10:00:00Z');
});
afterEach(() => {
  open.splice(0).forEach((t) => t.destroy());
  vi.useRealTimers();
});

describe('createTellus validation', () => {
  it('names the bad option in a TypeError', () => {
    expect(() => createTellus({ siteKey: 'site_1', endpoint: 'ftp://nope' })).toThrow(TypeError);
    expect.assertions(2);
    try {
      createTellus({ siteKey: 'bad key', endpoint: 'ftp://nope', batchSize: 51 } as TellusOptions);
    } catch (e) {
      expect((e as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['options.siteKey', 'options.endpoint', 'options.batchSize']);
    }
  });

  it('says what each bad option must be, in the documented order, checked by the same rules engine as surveys', () => {
    let issues: unknown;
    try {
      createTellus({
        siteKey: 'site_1',
        endpoint: 'https://c.test',
        surveysUrl: 'ftp://c.test/surveys',
        locale: 'english!',
        user: { id: 7, plan: { tier: 'gold' } },
        storage: 'disk',
        batchSize: 51,
        maxQueueItems: 1.5,
        maxAgeDays: 0,
        fetch: 'no',
        dbName: '',
        leaseMs: 0,
      } as unknown as TellusOptions);
    } catch (e) {
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).toContain('Invalid Tellus options:\n  options.surveysUrl: must be an http:// or https:// URL');
      issues = (e as { issues: unknown }).issues;
    }
    expect(issues).toEqual([
      { path: 'options.surveysUrl', message: 'must be an http:// or https:// URL' },
      { path: 'options.locale', message: 'must be a language tag such as "en" or "pt-BR"' },
      { path: 'options.user.id', message: 'must be a string' },
      { path: 'options.user.plan', message: 'must be a string, number, boolean or null' },
      { path: 'options.storage', message: 'must be one of "indexeddb", "memory"' },
      { path: 'options.batchSize', message: 'must be at most 50' },
      { path: 'options.maxQueueItems', message: 'must be a whole number' },
      { path: 'options.maxAgeDays', message: 'must be more than 0' },
      { path: 'options.fetch', message: 'must be a function' },
      { path: 'options.dbName', message: 'must not be empty' },
      { path: 'options.leaseMs', message: 'must be at least 1' },
    ]);
  });

  it('accepts every option at its documented bounds', () => {
    expect(
      optionIssues({
        siteKey: 'a-b_C',
        endpoint: '/collector',
        surveysUrl: 'https://c.test/v1/sites/a/surveys',
        locale: 'pt-BR',
        user: { id: 'u1', plan: 'gold', seats: 3, trial: false, churned: null },
        meta: { location: 'riga', agent: 7 },
        storage: 'memory',
        debug: true,
        globalCooldownDays: 0,
        batchSize: 50,
        flushDelayMs: 0,
        maxQueueItems: 1,
        maxAgeDays: 0.5,
        fetch: () => undefined,
        now: Date.now,
        random: Math.random,
        dbName: 'x',
        indexedDB: {},
        retryBaseMs: 1,
        retryCapMs: 1,
        leaseMs: 1,
        requestTimeoutMs: 1,
        navigationPollMs: 0,
        surveys: [],
        nonce: 'widget options pass through',
      }),
    ).toEqual([]);
  });

  it('names the bad survey field with its index', () => {
    const bad = { ...nps('b'), questions: [{ id: 'r', type: 'rating', text: 'Rate', scale: 11 }] };
    let err: unknown;
    try {
      createTellus({ siteKey: 'site_1', endpoint: 'https://c.test', surveys: [nps('a'), bad as Survey] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SurveyConfigError);
    expect((err as SurveyConfigError).issues.map((i) => i.path)).toEqual(['surveys[1].questions[0].scale']);
    expect((err as Error).message).toContain('surveys[1].questions[0].scale');
  });

  it('says a bad option or a bad survey on the console as [tellus] as well as throwing it', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() => createTellus({ siteKey: 'site_1', endpoint: 'c.test' } as TellusOptions)).toThrow(TypeError);
      expect(error).toHaveBeenLastCalledWith('[tellus]', expect.stringContaining('options.endpoint: must be a URL with its scheme'));
      const bad = { ...nps('b'), questions: [{ id: 'r', type: 'rating', text: 'Rate', scale: 11 }] };
      expect(() => createTellus({ siteKey: 'site_1', endpoint: 'https://c.test', surveys: [bad as Survey] })).toThrow(SurveyConfigError);
      expect(error).toHaveBeenLastCalledWith('[tellus]', expect.stringContaining('surveys[0].questions[0].scale'));
      expect(error).toHaveBeenCalledTimes(2);
    } finally {
      error.mockRestore();
    }
  });

  it('trusts surveys as given in createTellusCore', () => {
    const t = createTellusCore({ siteKey: 'site_1', endpoint: 'https://c.test', surveys: [{ id: 'x' } as Survey], storage: 'memory', navigationPollMs: 0 });
    expect(t.getSurveys()).toHaveLength(1);
    t.destroy();
  });

  it('checks answers in createTellusCore only with the answer check it is given', async () => {
    const base = { siteKey: 'site_1', endpoint: 'https://c.test', surveys: [nps('s')], storage: 'memory' as const, navigationPollMs: 0 };
    const trusting = createTellusCore({ ...base, dbName: freshDbName() });
    await trusting.answer('s', 'nps', 11);
    expect(await trusting.queueSize()).toBe(1);
    trusting.destroy();
    const checking = createTellusCore({ ...base, dbName: freshDbName() }, { answers: checkAnswers });
    await expect(checking.answer('s', 'nps', 11)).rejects.toMatchObject({ issues: [{ path: 'answers.nps' }] });
    expect(await checking.queueSize()).toBe(0);
    checking.destroy();
  });
});

describe('triggers', () => {
  it('shows a page-view survey on a matching URL, and after SPA navigation to one', async () => {
    history.replaceState(null, '', '/shop');
    const { seen, t } = start({ dbName: freshDbName(), surveys: [nps('support', { trigger: { urls: ['/support/*'] } })], navigationPollMs: 1000 });
    await settle();
    expect(seen.show).toHaveLength(0);
    history.pushState(null, '', '/support/chat');
    await settle(1000);
    expect(seen.show.map((s) => [s.survey.id, s.reason])).toEqual([['support', 'pageview']]);
    expect(t.getSurveys()).toHaveLength(1);
  });

  it('shows an event survey after its delay, only when the event is tracked', async () => {
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('post-chat', { trigger: { event: 'chat_closed', delayMs: 1500 } })] });
    await settle();
    t.track('page_scrolled');
    await settle(5000);
    expect(seen.show).toHaveLength(0);
    t.track('chat_closed', { agent: 'Anna' });
    await settle(1000);
    expect(seen.show).toHaveLength(0);
    await settle(1000);
    expect(seen.show.map((s) => s.reason)).toEqual(['event']);
    await t.submit('post-chat', { nps: 9 });
    expect(seen.submit[0]?.response.meta).toMatchObject({ agent: 'Anna', channel: 'web', url: 'http://localhost:3000/' });
  });

  it('drops a delayed show when the visitor navigated off the targeted pages meanwhile', async () => {
    history.replaceState(null, '', '/support/x');
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('s', { trigger: { event: 'e', urls: ['/support/*'], delayMs: 1000 } })] });
    await settle();
    t.track('e');
    await settle(10);
    history.pushState(null, '', '/home');
    await settle(2000);
    expect(seen.show).toHaveLength(0);
  });

  it('shows one survey at a time', async () => {
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('a', { trigger: { event: 'e' } }), nps('b', { trigger: { event: 'e' } })] });
    await settle();
    t.track('e');
    await settle();
    expect(seen.show.map((s) => s.survey.id)).toEqual(['a']);
    t.dismiss('a');
    t.track('e');
    await settle();
    expect(seen.show.map((s) => s.survey.id)).toEqual(['a', 'b']);
    expect(seen.dismiss).toEqual([{ surveyId: 'a' }]);
  });

  it('keeps maxShows and recontactDays across a reload (new instance, same database)', async () => {
    const db = freshDbName();
    const surveys = [nps('s', { trigger: { event: 'e' }, throttle: { maxShows: 2, recontactDays: 30 } })];
    const first = start({ dbName: db, surveys });
    await settle();
    first.t.track('e');
    await settle();
    expect(first.seen.show).toHaveLength(1);
    first.t.destroy();

    const second = start({ dbName: db, surveys });
    await settle();
    second.t.track('e');
    await settle();
    expect(second.seen.show).toHaveLength(0); // within 30 days
    clock += 31 * DAY;
    second.t.track('e');
    await settle();
    expect(second.seen.show).toHaveLength(1);
    second.t.destroy();

    const third = start({ dbName: db, surveys });
    await settle();
    clock += 31 * DAY;
    third.t.track('e');
    await settle();
    expect(third.seen.show).toHaveLength(0); // maxShows reached
  });

  it('holds other surveys during the global cool-down, across a reload', async () => {
    const db = freshDbName();
    const surveys = [nps('a', { trigger: { event: 'a' } }), nps('b', { trigger: { event: 'b' } })];
    const first = start({ dbName: db, surveys, globalCooldownDays: 3 });
    await settle();
    first.t.track('a');
    await settle();
    first.t.destroy();
    const second = start({ dbName: db, surveys, globalCooldownDays: 3 });
    await settle();
    second.t.track('b');
    await settle();
    expect(second.seen.show).toHaveLength(0);
    clock += 3 * DAY;
    second.t.track('b');
    await settle();
    expect(second.seen.show).toHaveLength(1);
  });

  it('samples a visitor the same way after a reload', async () => {
    const db = freshDbName();
    const surveys = Array.from({ length: 12 }, (_, i) => nps(`s${i}`, { trigger: { event: `e${i}`, sample: 0.5 }, throttle: { recontactDays: 0 } }));
    const decide = async () => {
      const { t, seen } = start({ dbName: db, surveys });
      await settle();
      const shown: string[] = [];
      for (let i = 0; i < surveys.length; i++) {
        t.track(`e${i}`);
        await settle();
        const last = seen.show.at(-1)?.survey.id;
        if (last && !shown.includes(last)) {
          shown.push(last);
          t.dismiss(last);
        }
      }
      t.destroy();
      return shown;
    };
    const a = await decide();
    const b = await decide();
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(0);
    expect(a.length).toBeLessThan(12);
    // And the decision is the documented hash of the persisted anonymous id.
    const { t, seen } = start({ dbName: db, surveys: [nps('check')] });
    await settle();
    await t.submit('check', { nps: 5 });
    const anon = seen.submit[0]!.response.anonId!;
    expect(a).toEqual(surveys.filter((s) => sampleBucket(anon, s.id) < 0.5).map((s) => s.id));
  });

  it('never pops up a feedback-tab survey by itself; the tab opens it through show()', async () => {
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('tab', { display: { mode: 'tab' } })] });
    await settle();
    expect(seen.show).toHaveLength(0);
    t.show('tab');
    await settle();
    expect(seen.show.map((s) => s.reason)).toEqual(['manual']);
  });

  it('lets show() replace a survey still waiting out its delay', async () => {
    const { t, seen } = start({
      dbName: freshDbName(),
      surveys: [nps('slow', { trigger: { event: 'e', delayMs: 5000 } }), nps('now', { trigger: { event: 'never' } })],
    });
    await settle();
    t.track('e');
    await settle();
    t.show('now');
    await settle(10_000);
    expect(seen.show.map((s) => s.survey.id)).toEqual(['now']);
  });

  it('lets show() bypass targeting but still shows one at a time', async () => {
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('a', { trigger: { event: 'x', sample: 0 } }), nps('b', { trigger: { event: 'y' } })] });
    await settle();
    t.show('a');
    t.show('b');
    await settle();
    expect(seen.show.map((s) => [s.survey.id, s.reason])).toEqual([['a', 'manual']]);
  });
});

describe('answered surveys', () => {
  it('does not ask again after an answer or a dismissal unless a recontact period is set, across reloads', async () => {
    const db = freshDbName();
    const surveys = [nps('once', { trigger: { event: 'e' } }), nps('again', { trigger: { event: 'f' }, throttle: { recontactDays: 1 } })];
    const first = start({ dbName: db, surveys, flushDelayMs: 60_000 });
    await settle();
    first.t.track('e');
    await settle();
    await first.t.submit('once', { nps: 9 });
    first.t.track('f');
    await settle();
    first.t.dismiss('again');
    first.t.destroy();
    const second = start({ dbName: db, surveys, flushDelayMs: 60_000 });
    await settle();
    clock += 2 * DAY;
    second.t.track('e');
    second.t.track('f');
    await settle();
    expect(second.seen.show.map((s) => s.survey.id)).toEqual(['again']);
  });
});

describe('answers', () => {
  it('saves partial answers under one id with growing seq, then completes it', async () => {
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('s', { trigger: { event: 'e' } })], flushDelayMs: 60_000 });
    await settle();
    await t.answer('s', 'nps', 7);
    await t.answer('s', 'why', 'fast');
    await t.submit('s');
    const ids = new Set([...seen.answer.map((a) => a.response.id), seen.submit[0]!.response.id]);
    expect(ids.size).toBe(1);
    expect(seen.answer.map((a) => [a.response.seq, a.response.completed])).toEqual([
      [0, false],
      [1, false],
    ]);
    expect(seen.submit[0]!.response).toMatchObject({ seq: 2, completed: true, answers: { nps: 7, why: 'fast' } });
    expect(await t.queueSize()).toBe(1); // older seqs superseded
  });

  it('drops the answer to a follow-up that a changed earlier answer hid again', async () => {
    const survey: Survey = {
      id: 'f',
      version: 1,
      trigger: { event: 'never' },
      questions: [
        { id: 'score', type: 'rating', scale: 5, text: 'Score' },
        { id: 'why', type: 'text', text: 'Why?', showIf: { question: 'score', lte: 3 } },
      ],
    };
    const { t, seen } = start({ dbName: freshDbName(), surveys: [survey] });
    await settle();
    await t.answer('f', 'score', 2);
    await t.answer('f', 'why', 'slow');
    await t.submit('f', { score: 5 });
    expect(seen.submit[0]!.response.answers).toEqual({ score: 5 });
  });

  it('rejects an invalid answer with its path and stores nothing', async () => {
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('s')] });
    await settle();
    await expect(t.answer('s', 'nps', 11)).rejects.toThrow(ValidationError);
    await expect(t.submit('s', { why: 'x' })).rejects.toMatchObject({ issues: [{ path: 'answers.nps', message: 'required' }] });
    expect(seen.error.map((e) => e.code)).toEqual(['invalid_answer', 'invalid_answer']);
    expect(await t.queueSize()).toBe(0);
  });

  it('has the response stored when submit resolves, and sends it to the collector', async () => {
    const db = freshDbName();
    const c = collector();
    const { t, seen } = start({ dbName: db, surveys: [nps('s')], fetch: c.fetch });
    await settle();
    await t.submit('s', { nps: 10 });
    // Read the database directly, as the next page would.
    const raw = createIdbBackend(db);
    const stored: boolean[] = [];
    await raw.tx((q) => q.scan((i) => stored.push(i.r.completed) > 0));
    expect(stored).toEqual([true]);
    raw.close();
    await settle(1000);
    await t.flush();
    expect(c.batches.flat().map((r) => r.id)).toContain(seen.submit[0]!.response.id);
    expect(await t.queueSize()).toBe(0);
    expect(seen.sent.flatMap((s) => s.ids)).toContain(seen.submit[0]!.response.id);
  });

  it('sends responses left by an earlier page when it starts, under their original id and seq', async () => {
    const db = freshDbName();
    const offline = vi.fn(async () => {
      throw new TypeError('offline');
    }) as unknown as typeof fetch;
    const first = start({ dbName: db, surveys: [nps('s')], fetch: offline });
    await settle();
    await first.t.submit('s', { nps: 3 });
    first.t.destroy();
    const c = collector();
    const second = start({ dbName: db, fetch: c.fetch });
    await settle();
    await second.t.flush();
    // The same id and body the first page stored: the collector's upsert by id makes any re-send harmless.
    expect(c.batches.flat()).toEqual([first.seen.submit[0]!.response]);
    expect(await second.t.queueSize()).toBe(0);
  });
});

describe('storage', () => {
  it('falls back to memory without IndexedDB and still accepts answers', async () => {
    const broken = {
      open: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('s')], indexedDB: broken, flushDelayMs: 60_000 });
    await settle();
    await t.submit('s', { nps: 8 });
    expect(seen.queueFallback).toHaveLength(1);
    expect(seen.queueFallback[0]!.reason).toMatch(/SecurityError/);
    expect(await t.queueSize()).toBe(1);
  });

  it('falls back to memory when opening the database fails later (private modes)', async () => {
    const failing = {
      open: () => {
        const req: { error: DOMException; onerror?: () => void } = { error: new DOMException('denied', 'InvalidStateError') };
        setTimeout(() => req.onerror?.());
        return req;
      },
    } as unknown as IDBFactory;
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('s')], indexedDB: failing, flushDelayMs: 60_000 });
    await settle();
    await t.submit('s', { nps: 8 });
    expect(seen.queueFallback.map((e) => e.reason)).toEqual(['error: InvalidStateError']);
    expect(await t.queueSize()).toBe(1);
  });

  it('evicts the oldest responses over maxQueueItems and reports them', async () => {
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('s'), nps('t')], maxQueueItems: 1, flushDelayMs: 60_000 });
    await settle();
    await t.submit('s', { nps: 1 });
    clock += 1;
    await t.submit('t', { nps: 2 });
    expect(seen.evicted).toEqual([{ ids: [seen.submit[0]!.response.id], reason: 'count' }]);
    expect(await t.queueSize()).toBe(1);
  });

  it('loads surveys from surveysUrl and revalidates them with the cached ETag', async () => {
    const db = freshDbName();
    const served = [nps('remote', { trigger: { event: 'e' } })];
    const requests: (string | null)[] = [];
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      const inm = new Headers(init?.headers).get('if-none-match');
      requests.push(inm);
      if (String(url).endsWith('/surveys')) {
        return inm === '"v1"' ? new Response(null, { status: 304 }) : new Response(JSON.stringify({ surveys: served }), { headers: { etag: '"v1"' } });
      }
      return new Response('{"accepted":[],"duplicates":[],"rejected":[]}');
    }) as unknown as typeof globalThis.fetch;
    const surveysUrl = 'https://collector.test/v1/sites/site_1/surveys';
    const first = start({ dbName: db, surveysUrl, fetch });
    await first.t.ready;
    expect(first.t.getSurveys().map((s) => s.id)).toEqual(['remote']);
    first.t.destroy();
    const second = start({ dbName: db, surveysUrl, fetch });
    await second.t.ready;
    expect(requests.slice(0, 2)).toEqual([null, '"v1"']);
    expect(second.t.getSurveys().map((s) => s.id)).toEqual(['remote']);
  });

  it('reports invalid remote surveys through the error event instead of throwing', async () => {
    const fetch = (async () => new Response(JSON.stringify({ surveys: [{ id: 'x', version: 0 }] }))) as unknown as typeof globalThis.fetch;
    const { t, seen } = start({ dbName: freshDbName(), surveysUrl: 'https://c.test/s', fetch });
    await t.ready;
    expect(t.getSurveys()).toEqual([]);
    expect(seen.error[0]?.code).toBe('surveys');
  });
});

describe('persistence', () => {
  it('asks for persistent storage once, at the first saved answer', async () => {
    const persist = vi.fn(async () => true);
    Object.defineProperty(navigator, 'storage', { value: { persist }, configurable: true });
    try {
      const { t } = start({ dbName: freshDbName(), surveys: [nps('s')], flushDelayMs: 60_000 });
      await settle();
      expect(persist).not.toHaveBeenCalled();
      await t.answer('s', 'nps', 4);
      await t.submit('s');
      expect(persist).toHaveBeenCalledTimes(1);
    } finally {
      delete (navigator as { storage?: unknown }).storage;
    }
  });
});

describe('host safety', () => {
  it('never throws from track/show/dismiss, even after destroy', async () => {
    const { t } = start({ dbName: freshDbName(), surveys: [nps('s')] });
    await settle();
    t.destroy();
    expect(() => {
      t.track('x');
      t.show('nope');
      t.dismiss('s');
      t.setMeta({ a: 1 });
    }).not.toThrow();
  });
});

describe('who sees it', () => {
  it('shows an audience survey once identify() makes the visitor match, and not before', async () => {
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('pro', { trigger: { audience: [{ attr: 'plan', in: ['pro', 'team'] }] } })] });
    await settle();
    expect(seen.show).toHaveLength(0);
    t.identify({ id: 'u1', plan: 'team' });
    await settle();
    expect(seen.show.map((s) => [s.survey.id, s.reason])).toEqual([['pro', 'pageview']]);
  });

  it('fires an event survey only for tracked props that meet trigger.eventProps', async () => {
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('big', { trigger: { event: 'order', eventProps: [{ prop: 'total', gte: 100 }] } })] });
    await settle();
    t.track('order', { total: 20 });
    await settle();
    expect(seen.show).toHaveLength(0);
    t.track('order', { total: 120 });
    await settle();
    expect(seen.show.map((s) => s.reason)).toEqual(['event']);
  });

  it('shows an exit-intent survey when the pointer leaves through the top, not on page view', async () => {
    const listening = listeningFor('mouseout');
    const { seen } = start({ dbName: freshDbName(), surveys: [nps('exit', { trigger: { exitIntent: true } })] });
    await listening(); // the watcher is imported once a survey on the page needs it
    expect(seen.show).toHaveLength(0);
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: 300, relatedTarget: document.body }));
    await settle();
    expect(seen.show).toHaveLength(0);
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: 0, relatedTarget: null }));
    await settle();
    expect(seen.show.map((s) => [s.survey.id, s.reason])).toEqual([['exit', 'exit']]);
  });

  it('stops watching for exit intent, scrolls and clicks once destroyed', async () => {
    const added: string[] = [];
    const removed: string[] = [];
    const watch = (target: EventTarget) => {
      const add = target.addEventListener;
      const spy = vi.spyOn(target, 'addEventListener').mockImplementation(function (this: EventTarget, type, fn, options) {
        if (['mouseout', 'scroll', 'click'].includes(type)) {
          added.push(type);
          // The watcher removes its listeners by aborting their signal: record that.
          (options as AddEventListenerOptions | undefined)?.signal?.addEventListener('abort', () => removed.push(type));
        }
        return add.call(this, type, fn, options);
      });
      return () => spy.mockRestore();
    };
    const restore = [watch(document), watch(window)];
    try {
      const surveys = [
        nps('exit', { trigger: { exitIntent: true } }),
        nps('deep', { trigger: { scrollPercent: 75 } }),
        nps('help', { trigger: { clickSelector: '[data-help] a' } }),
      ];
      const { t } = start({ dbName: freshDbName(), surveys });
      await until(() => added.length === 3); // the watcher is imported once a survey on the page needs it
      expect(removed).toEqual([]);
      expect(added.sort()).toEqual(['click', 'mouseout', 'scroll']);
      t.destroy();
      expect(removed.sort()).toEqual(['click', 'mouseout', 'scroll']);
    } finally {
      restore.forEach((undo) => undo());
    }
  });

  it('shows a scroll survey once the visitor has seen its share of the page', async () => {
    const listening = listeningFor('scroll', window); // jsdom's window has its own addEventListener
    const { seen } = start({ dbName: freshDbName(), surveys: [nps('deep', { trigger: { scrollPercent: 75 } })] });
    await listening(); // the watcher is imported once a survey on the page needs it
    Object.defineProperty(document.documentElement, 'scrollHeight', { value: 4000, configurable: true });
    const scrollTo = (y: number) => {
      Object.defineProperty(window, 'scrollY', { value: y, configurable: true });
      window.dispatchEvent(new Event('scroll'));
    };
    try {
      scrollTo(1000); // (1000 + 768) / 4000 = 44 %
      await settle();
      expect(seen.show).toHaveLength(0);
      scrollTo(2300); // 77 %
      await settle();
      expect(seen.show.map((s) => s.reason)).toEqual(['scroll']);
    } finally {
      delete (document.documentElement as { scrollHeight?: number }).scrollHeight;
    }
  });

  it('shows a click survey through one delegated listener, also for elements added later', async () => {
    const listening = listeningFor('click');
    const { seen } = start({ dbName: freshDbName(), surveys: [nps('help', { trigger: { clickSelector: '[data-help] a' } })] });
    await listening(); // the watcher is imported once a survey on the page needs it
    document.body.innerHTML = '<div data-help><a href="#"><span>Help</span></a></div><button>Other</button>';
    document.querySelector('button')!.click();
    await settle();
    expect(seen.show).toHaveLength(0);
    document.querySelector('span')!.click();
    await settle();
    expect(seen.show.map((s) => s.reason)).toEqual(['click']);
    document.body.innerHTML = '';
  });

  it('reports an invalid clickSelector on the console and the error event instead of throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const listening = listeningFor('click');
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('bad', { trigger: { clickSelector: 'a[' } })] });
    await t.ready;
    await listening(); // the watcher is imported once a survey on the page needs it
    document.body.click();
    expect(warn).toHaveBeenCalledWith('[tellus]', expect.stringContaining('trigger.clickSelector "a[" is not a valid CSS selector'));
    expect(seen.error.map((e) => e.code)).toContain('trigger');
    warn.mockRestore();
  });

  it('offers feedback tabs only on the pages their trigger.urls / excludeUrls allow, following navigation', async () => {
    history.replaceState(null, '', '/shop');
    const { t, seen } = start({
      dbName: freshDbName(),
      navigationPollMs: 1000,
      surveys: [nps('tab', { display: { mode: 'tab' }, trigger: { urls: ['/support/*'], excludeUrls: ['/support/admin*'] } })],
    });
    await settle();
    expect(t.tabs()).toEqual([]);
    history.pushState(null, '', '/support/chat');
    await settle(1000);
    expect(t.tabs().map((s) => s.id)).toEqual(['tab']);
    expect(seen.tabs.at(-1)!.surveys.map((s) => s.id)).toEqual(['tab']);
    history.pushState(null, '', '/support/admin');
    await settle(1000);
    expect(t.tabs()).toEqual([]);
  });
});

describe('console messages for developer mistakes', () => {
  it("says on the console that show('nope') names no survey, and lists the known ones", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { t, seen } = start({ dbName: freshDbName(), surveys: [nps('a', { trigger: { event: 'x' } })] });
    expect(() => t.show('nope')).not.toThrow();
    await t.ready;
    await settle();
    expect(warn).toHaveBeenCalledWith('[tellus]', 'show("nope"): no such survey; known: a');
    expect(seen.error.map((e) => e.code)).toEqual(['show']);
    warn.mockRestore();
  });

  it('names a missing site key and an endpoint without its scheme', () => {
    expect.assertions(1);
    try {
      createTellus({ endpoint: 'feedback.example.com' } as TellusOptions);
    } catch (e) {
      expect((e as { issues: unknown }).issues).toEqual([
        { path: 'options.siteKey', message: 'is required' },
        { path: 'options.endpoint', message: 'must be a URL with its scheme, e.g. https://feedback.example.com' },
      ]);
    }
  });

  it('says once on the console when the collector refuses the site, keeping the answers', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fetch = vi.fn(async () => new Response('{"error":"origin not allowed"}', { status: 403 }));
    const { t } = start({ dbName: freshDbName(), surveys: [nps('s')], fetch: fetch as unknown as typeof globalThis.fetch });
    await t.submit('s', { nps: 7 });
    await t.flush();
    await t.flush(); // asked again: the refusal waits a minute at least, and the console hears of it once
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls.filter(([, m]) => String(m).includes('HTTP 403: origin not allowed'))).toHaveLength(1);
    expect(await t.queueSize()).toBe(1);
    expect(await t.deadLetters()).toEqual([]);
    warn.mockRestore();
  });
});
