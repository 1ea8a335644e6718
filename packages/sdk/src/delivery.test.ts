// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import type { Batch, SurveyResponse } from '@tellus/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDelivery } from './delivery.js';
import { createEmitter, type TellusEvents } from './events.js';
import { createIdbBackend, createMemoryBackend } from './queue/backend.js';
import { enqueue } from './queue/enqueue.js';
import { createQueue, type QueueOptions } from './queue/queue.js';
import { freshDbName, response } from './queue/test-helpers.js';
import { createBackoff } from './transport/backoff.js';
import { sendBeacon } from './transport/beacon.js';
import type { SendResult, Transport } from './transport/types.js';

type Handler = (batch: SurveyResponse[]) => SendResult;
const ackAll = (b: SurveyResponse[]): SendResult => ({ kind: 'ack', ack: { accepted: b.map((r) => r.id), duplicates: [], rejected: [] } });

const running: { stop(): void }[] = [];
afterEach(() => running.splice(0).forEach((d) => d.stop()));

function setup(handler: Handler, idb = false) {
  const calls: SurveyResponse[][] = [];
  const transport: Transport = {
    send: async (b: Batch) => (calls.push(b.responses as SurveyResponse[]), handler(b.responses as SurveyResponse[])),
    beacon: (b: Batch) => sendBeacon('https://c.test/v1/responses', b, undefined),
  };
  const events: { [K in keyof TellusEvents]?: TellusEvents[K][] } = {};
  const emitter = createEmitter();
  for (const k of ['sent', 'error', 'evicted'] as const) emitter.on(k, (p) => void (events[k] ??= [] as never[]).push(p as never));
  const queueOptions: QueueOptions = {
    backend: idb ? createIdbBackend(freshDbName()) : createMemoryBackend(freshDbName()),
    now: () => Date.now(),
    leaseMs: 30_000,
    maxItems: 1000,
    maxAgeMs: 7 * 86_400_000,
    onEvict: (ids, reason) => emitter.emit('evicted', { ids, reason }),
  };
  const queue = { ...createQueue(queueOptions), enqueue: (r: SurveyResponse) => enqueue(queueOptions, r) };
  const backoff = createBackoff({ baseMs: 1000, capMs: 60_000, random: () => 0.5 });
  const d = createDelivery({
    queue,
    transport,
    siteKey: 'site_1',
    batchSize: 50,
    flushDelayMs: 1000,
    backoff,
    emit: emitter.emit,
    report: (code, message, ids) => emitter.emit('error', { code, message, ids }),
    now: () => Date.now(),
    lockName: 'tellus-flush',
  });
  running.push(d);
  const add = async (...rs: SurveyResponse[]) => {
    for (const r of rs) {
      await queue.enqueue(r);
      d.enqueued(r);
    }
  };
  return { d, queue, calls, events, backoff, add, emitter };
}

describe('delivery', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => void vi.useRealTimers());

  it('deletes only the ids the collector accepted or already had', async () => {
    const [a, b, c] = [response(), response(), response()];
    const s = setup(() => ({ kind: 'ack', ack: { accepted: [a.id], duplicates: [b.id], rejected: [] } }), true);
    await s.add(a, b, c);
    await s.d.flush();
    expect(await s.queue.size()).toBe(1);
    expect(s.events.sent).toEqual([{ ids: [a.id, b.id] }]);
    s.d.stop();
  });

  it('flushes on enqueue after the debounce delay', async () => {
    const s = setup(ackAll);
    await s.add(response(), response());
    expect(s.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.calls.map((b) => b.length)).toEqual([2]);
    expect(await s.queue.size()).toBe(0);
    s.d.stop();
  });

  it('halves a batch on 413 until the pieces fit', async () => {
    const s = setup((b) => (b.length > 2 ? { kind: 'split', status: 413 } : ackAll(b)));
    await s.add(...Array.from({ length: 7 }, () => response()));
    await s.d.flush();
    expect(s.calls.map((b) => b.length)).toEqual([7, 4, 2, 2, 3, 2, 1]);
    expect(await s.queue.size()).toBe(0);
    s.d.stop();
  });

  it('dead-letters a single response the collector finds too large', async () => {
    const big = response();
    const s = setup(() => ({ kind: 'split', status: 413 }));
    await s.add(big);
    await s.d.flush();
    expect(await s.queue.size()).toBe(0);
    expect((await s.queue.deadLetters()).map((d) => d.r.id)).toEqual([big.id]);
    expect(s.events.error?.[0]).toMatchObject({ code: 'too_large', ids: [big.id] });
    s.d.stop();
  });

  it('dead-letters per-item rejections with the reason and sends the rest', async () => {
    const [good, bad] = [response(), response()];
    const s = setup(() => ({ kind: 'ack', ack: { accepted: [good.id], duplicates: [], rejected: [{ id: bad.id, error: 'answers.csat: too high' }] } }));
    await s.add(good, bad);
    await s.d.flush();
    expect(await s.queue.size()).toBe(0);
    expect((await s.queue.deadLetters()).map((d) => [d.r.id, d.reason])).toEqual([[bad.id, 'answers.csat: too high']]);
    expect(s.events.error).toEqual([{ code: 'rejected', message: 'answers.csat: too high', ids: [bad.id] }]);
    s.d.stop();
  });

  it.each([401, 403, 404])(
    'keeps the answers queued when the collector refuses the whole batch with %i, retrying in minutes until the fix lands',
    async (status) => {
      let refusing = true;
      const s = setup((b) => (refusing ? { kind: 'refused', status, error: 'origin not allowed' } : ackAll(b)));
      await s.add(response(), response());
      await s.d.flush();
      expect(await s.queue.size()).toBe(2);
      expect(await s.queue.deadLetters()).toHaveLength(0);
      expect(s.events.error?.[0]).toMatchObject({ code: `http_${status}`, ids: expect.any(Array) });
      expect(s.events.error?.[0]?.message).toContain('answers stay queued');
      // Backoff with random 0.5 would retry after 500 ms; a refusal waits at least a minute, even when asked to flush.
      await s.d.flush();
      await vi.advanceTimersByTimeAsync(59_000);
      expect(s.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(s.calls).toHaveLength(2);
      refusing = false; // the business allowed the origin
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      expect(await s.queue.size()).toBe(0);
      expect(s.events.sent?.flatMap((e) => e.ids)).toHaveLength(2);
      s.d.stop();
    },
  );

  it('still drops refused answers once they age past maxAgeDays', async () => {
    const s = setup(() => ({ kind: 'refused', status: 403, error: 'origin not allowed' }));
    await s.add(response());
    await s.d.flush();
    await vi.advanceTimersByTimeAsync(7 * 86_400_000 + 10 * 60_000);
    expect(await s.queue.size()).toBe(0);
    expect(s.events.evicted).toEqual([{ ids: [expect.any(String)], reason: 'age' }]);
    expect(await s.queue.deadLetters()).toHaveLength(0);
    s.d.stop();
  });

  it.each([400, 422, 501])('dead-letters the whole batch on %i and never retries it', async (status) => {
    const s = setup(() => ({ kind: 'fail', status, error: 'bad' }));
    await s.add(response(), response());
    await s.d.flush();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(s.calls).toHaveLength(1);
    expect(await s.queue.deadLetters()).toHaveLength(2);
    expect(s.events.error?.[0]?.code).toBe(`http_${status}`);
    s.d.stop();
  });

  it('keeps items through 5xx and network errors and retries with growing backoff', async () => {
    let n = 0;
    const s = setup((b) => (++n <= 3 ? { kind: 'retry', status: n === 2 ? 0 : 503 } : ackAll(b)));
    await s.add(response());
    await s.d.flush();
    expect(await s.queue.size()).toBe(1);
    await vi.advanceTimersByTimeAsync(500); // attempt 1: random 0.5 × 1 s
    await vi.advanceTimersByTimeAsync(1000); // attempt 2: 0.5 × 2 s
    expect(s.calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(2000); // attempt 3: 0.5 × 4 s
    expect(s.calls).toHaveLength(4);
    expect(await s.queue.size()).toBe(0);
    s.d.stop();
  });

  it('honours Retry-After: nothing is sent before it passes, even when asked to flush', async () => {
    let n = 0;
    const s = setup((b) => (++n === 1 ? { kind: 'retry', status: 429, retryAfterMs: 120_000 } : ackAll(b)));
    await s.add(response());
    await s.d.flush();
    await s.add(response());
    await vi.advanceTimersByTimeAsync(119_000);
    await s.d.flush();
    expect(s.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.calls).toHaveLength(2);
    expect(await s.queue.size()).toBe(0);
    s.d.stop();
  });

  it('backs off on repeated 429s whose Retry-After is 0 or already past, instead of retrying in a tight loop', async () => {
    const s = setup(() => ({ kind: 'retry', status: 429, retryAfterMs: 0 }));
    await s.add(response());
    await s.d.flush();
    await vi.advanceTimersByTimeAsync(10_000);
    // Backoff 0.5 × 1 s, 2 s, 4 s, 8 s: four more tries in ten seconds.
    expect(s.calls.length).toBeLessThanOrEqual(5);
    expect(await s.queue.size()).toBe(1);
  });

  it('backs off when the collector keeps answering 200 without acking any id', async () => {
    const s = setup(() => ({ kind: 'ack', ack: { accepted: [], duplicates: [], rejected: [] } }));
    await s.add(response());
    await s.d.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    // 0.5 × 1, 2, 4, 8, 16, 32 s: six more tries in a minute, not one every half second.
    expect(s.calls.length).toBeLessThanOrEqual(8);
    expect(await s.queue.size()).toBe(1);
  });

  it('retries the skipped ids right after a partial ack that made progress', async () => {
    const [a, b] = [response(), response()];
    let n = 0;
    const s = setup((batch) => (++n === 1 ? { kind: 'ack', ack: { accepted: [a.id], duplicates: [], rejected: [] } } : ackAll(batch)));
    await s.add(a, b);
    await s.d.flush();
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.calls.map((x) => x.map((r) => r.id))).toEqual([[a.id, b.id], [b.id]]);
    expect(await s.queue.size()).toBe(0);
  });

  it('spends no attempt while the browser is offline and flushes on `online`', async () => {
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    let up = false;
    const s = setup((b) => (up ? ackAll(b) : { kind: 'retry', status: 0 }));
    await s.add(response());
    await s.d.flush();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(s.backoff.attempts).toBe(0);
    up = true;
    online.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    await s.d.flush();
    expect(await s.queue.size()).toBe(0);
    online.mockRestore();
    s.d.stop();
  });

  it('keeps probing while navigator.onLine stays false and no `online` event ever comes', async () => {
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    try {
      let n = 0;
      // The hint is wrong: only the first request fails, the network is up after that.
      const s = setup((b) => (++n === 1 ? { kind: 'retry', status: 0 } : ackAll(b)));
      await s.add(response());
      await s.d.flush();
      expect(s.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(await s.queue.size()).toBe(0);
      expect(s.backoff.attempts).toBe(0);
    } finally {
      online.mockRestore();
    }
  });

  it("comes back for a crashed flush's items when their lease runs out, without another trigger", async () => {
    const s = setup(ackAll);
    const r = response();
    await s.queue.enqueue(r);
    expect((await s.queue.claim(50, 60_000)).items).toHaveLength(1); // a tab that died mid-flush
    await s.d.flush();
    expect(s.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(30_100);
    expect(s.calls.map((b) => b.map((x) => x.id))).toEqual([[r.id]]);
    expect(await s.queue.size()).toBe(0);
  });

  it('leaves the flush to the tab holding the Web Lock', async () => {
    const held = new Set<string>();
    const request = vi.fn(async (name: string, _opts: unknown, cb: (lock: unknown) => unknown) => (held.has(name) ? cb(null) : cb({ name })));
    Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true });
    try {
      const s = setup(ackAll);
      await s.add(response());
      held.add('tellus-flush');
      await s.d.flush();
      expect(s.calls).toHaveLength(0);
      held.clear();
      await vi.advanceTimersByTimeAsync(2000);
      expect(s.calls).toHaveLength(1);
      expect(request.mock.calls[0]?.[1]).toEqual({ ifAvailable: true });
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });

  it("takes over at once the items a dead tab's flush left leased, once it holds the Web Lock", async () => {
    // The lock went away with the tab that navigated or closed mid-send, so its leases protect nothing any more.
    const request = vi.fn(async (_n: string, _o: unknown, cb: (lock: unknown) => unknown) => cb({}));
    Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true });
    try {
      const s = setup(ackAll);
      const r = response();
      await s.queue.enqueue(r);
      expect((await s.queue.claim(50, 60_000, true)).items).toHaveLength(1); // the other tab's flush under the lock, cut short
      await s.d.flush();
      expect(s.calls.map((b) => b.map((x) => x.id))).toEqual([[r.id]]);
      expect(await s.queue.size()).toBe(0);
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });

  it('flushes without the lock where Web Locks refuse to work (opaque-origin iframes)', async () => {
    const request = vi.fn(() => Promise.reject(new DOMException('opaque origin', 'SecurityError')));
    Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true });
    try {
      const s = setup(ackAll);
      await s.add(response());
      await s.d.flush();
      expect(request).toHaveBeenCalled();
      expect(s.calls).toHaveLength(1);
      expect(await s.queue.size()).toBe(0);
      expect(s.events.error).toBeUndefined();
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });

  it('reports a failing pass once and does not run it again without the lock', async () => {
    const request = vi.fn(async (_n: string, _o: unknown, cb: (lock: unknown) => unknown) => cb({}));
    Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true });
    try {
      let n = 0;
      const s = setup((b) => {
        if (++n === 1) throw new Error('transport bug');
        return ackAll(b);
      });
      await s.add(response());
      await s.d.flush();
      expect(s.calls).toHaveLength(1);
      expect(s.events.error?.map((e) => e.code)).toEqual(['flush_failed']);
      // The crashed pass's lease runs out and the item goes again.
      await vi.advanceTimersByTimeAsync(31_000);
      expect(await s.queue.size()).toBe(0);
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });

  it('keeps a page-hide beacon within 60 KB of UTF-8 and leaves every response queued', async () => {
    const beacon = vi.fn((_url: string, _body: Blob) => true);
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true });
    try {
      const s = setup(ackAll);
      // Latvian: 12,000 letters of two bytes each per response, 36 K by .length for three but 72 KB of UTF-8.
      await s.add(...Array.from({ length: 3 }, () => response({ answers: { why: 'ā'.repeat(12_000) } })));
      document.dispatchEvent(new Event('visibilitychange'));
      window.dispatchEvent(new Event('pagehide'));
      expect(beacon).toHaveBeenCalled();
      for (const [, blob] of beacon.mock.calls) {
        expect(blob.size).toBeLessThanOrEqual(60_000);
        expect(JSON.parse(await blob.text()).responses).toHaveLength(2);
      }
      expect(await s.queue.size()).toBe(3);
    } finally {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
    }
  });

  it('beacons the responses that fit even when an earlier one is too large for a beacon', async () => {
    const beacon = vi.fn((_url: string, _body: Blob) => true);
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true });
    try {
      const s = setup(ackAll);
      const big = response({ answers: { why: 'ā'.repeat(35_000) } }); // about 70 KB of UTF-8
      const [a, b] = [response(), response()];
      await s.add(big, a, b);
      window.dispatchEvent(new Event('pagehide'));
      expect(beacon).toHaveBeenCalledTimes(1);
      expect(JSON.parse(await beacon.mock.calls[0]![1].text()).responses.map((r: SurveyResponse) => r.id)).toEqual([a.id, b.id]);
      expect(await s.queue.size()).toBe(3);
    } finally {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
    }
  });

  it('beacons once when a closing tab fires visibilitychange and then pagehide, again after the page was visible or saved more', async () => {
    const beacon = vi.fn((_url: string, _body: Blob) => true);
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true });
    let state = 'visible';
    Object.defineProperty(document, 'visibilityState', { get: () => state, configurable: true });
    const hide = (to: string) => {
      state = to;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      const s = setup(ackAll);
      await s.add(response());
      hide('hidden');
      window.dispatchEvent(new Event('pagehide'));
      // The page's keepalive quota (64 KiB) is shared with the host's own unload beacons: send once.
      expect(beacon).toHaveBeenCalledTimes(1);
      hide('visible');
      hide('hidden');
      expect(beacon).toHaveBeenCalledTimes(2);
      // An answer stored after visibilitychange (a submit racing the close) still goes at pagehide.
      await s.add(response());
      window.dispatchEvent(new Event('pagehide'));
      expect(beacon).toHaveBeenCalledTimes(3);
      expect(JSON.parse(await beacon.mock.calls[2]![1].text()).responses).toHaveLength(2);
    } finally {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
  });

  it('keeps delivering when host listeners throw', async () => {
    let n = 0;
    const [bad, good, later] = [response(), response(), response()];
    const s = setup((b) => (++n === 1 ? { kind: 'ack', ack: { accepted: [good.id], duplicates: [], rejected: [{ id: bad.id, error: 'no' }] } } : ackAll(b)));
    s.emitter.on('sent', () => {
      throw new Error('host bug in sent');
    });
    s.emitter.on('error', () => {
      throw new Error('host bug in error');
    });
    await s.add(bad, good);
    await s.d.flush();
    await s.add(later);
    await s.d.flush();
    expect(s.calls.map((b) => b.length)).toEqual([2, 1]);
    expect(s.events.sent).toEqual([{ ids: [good.id] }, { ids: [later.id] }]);
    expect(await s.queue.size()).toBe(0);
  });

  it('beacons unacked responses as text/plain JSON on pagehide and keeps them queued', async () => {
    const beacon = vi.fn((_url: string, _body: Blob) => true);
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true });
    const s = setup(ackAll);
    const r = response();
    await s.add(r);
    window.dispatchEvent(new Event('pagehide'));
    expect(beacon).toHaveBeenCalledTimes(1);
    const [url, blob] = beacon.mock.calls[0]!;
    expect(url).toBe('https://c.test/v1/responses');
    expect(blob.type).toBe('text/plain;charset=utf-8');
    expect(JSON.parse(await blob.text())).toEqual({ siteKey: 'site_1', responses: [r] });
    expect(await s.queue.size()).toBe(1);
    s.d.stop();
    delete (navigator as { sendBeacon?: unknown }).sendBeacon;
  });
});
