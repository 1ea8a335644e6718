// Moves queued responses to the collector: batching, one flusher at a time, retry timing, 413 halving, dead letters, page-hide beacons.
import type { SurveyResponse } from '@tellus/schema';
import type { Emitter } from './events.js';
import { listen } from './listen.js';
import type { Queue } from './queue/queue.js';
import { byteLength } from './queue/queue.js';
import type { Backoff } from './transport/backoff.js';
import { BEACON_MAX_BYTES, sendBeacon } from './transport/beacon.js';
import type { Transport } from './transport/types.js';

export interface DeliveryOptions {
  queue: Queue;
  transport: Transport;
  siteKey: string;
  url: string;
  batchSize: number;
  flushDelayMs: number;
  backoff: Backoff;
  emit: Emitter['emit'];
  now: () => number;
  lockName: string;
  fetch: typeof fetch | undefined;
}

export interface Delivery {
  /** Sends everything sendable now; resolves when this pass ends (acked, failed over to backoff, or empty). */
  flush(): Promise<void>;
  /** A response was just stored: flush soon (debounced) and remember it for a page-hide beacon. */
  enqueued(r: SurveyResponse): void;
  /** Stops timers and listeners; in-flight work is abandoned like a closed tab (leases expire). */
  stop(): void;
}

/** Bytes the batch envelope adds around the items. */
const ENVELOPE = 64;
const BATCH_MAX_BYTES = 60_000;

export function createDelivery(o: DeliveryOptions): Delivery {
  const { queue, now, emit } = o;
  const maxBytes = BATCH_MAX_BYTES - ENVELOPE - o.siteKey.length;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = Infinity;
  let retryAt = 0;
  let rateLimited = false;
  // navigator.onLine is only a hint; connectivity is what the last request found.
  let lastFailed = false;
  const inflight = new Set<AbortController>();
  // Responses this page knows are unacked, so a page-hide beacon can send them without waiting for IndexedDB.
  const pending = new Map<string, SurveyResponse>();

  const offlineHint = () => typeof navigator !== 'undefined' && navigator.onLine === false;

  const schedule = (ms: number) => {
    if (stopped) return;
    const at = now() + ms;
    if (timer !== undefined && due <= at) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(() => {
      timer = undefined;
      due = Infinity;
      void run(false);
    }, ms);
  };

  const forget = (sent: SurveyResponse[], gone: ReadonlySet<string>) => {
    for (const r of sent) {
      const p = pending.get(r.id);
      if (gone.has(r.id) && p && p.seq <= r.seq) pending.delete(r.id);
    }
  };

  const retryLater = async (batch: SurveyResponse[], status: number, retryAfterMs?: number) => {
    await queue.release(batch);
    lastFailed = true;
    // No attempt is spent while the browser says it is offline; the `online` event wakes us.
    const delay = status === 0 && offlineHint() ? o.backoff.peek() : o.backoff.next(retryAfterMs);
    rateLimited = retryAfterMs !== undefined;
    retryAt = now() + delay;
    schedule(delay);
  };

  const deadLetter = async (batch: SurveyResponse[], reasons: Map<string, string>, code: string, message: string) => {
    await queue.settle(batch, new Set(), reasons);
    forget(batch, new Set(reasons.keys()));
    emit('error', { code, message, ids: [...reasons.keys()] });
  };

  /** Sends one claimed batch; false means stop this pass (backoff scheduled or stopped). */
  const sendGroup = async (batch: SurveyResponse[]): Promise<boolean> => {
    const ctl = new AbortController();
    inflight.add(ctl);
    const res = await o.transport.send({ siteKey: o.siteKey, responses: batch }, ctl.signal);
    inflight.delete(ctl);
    if (stopped) return false;
    if (res.kind === 'retry') {
      await retryLater(batch, res.status, res.retryAfterMs);
      return false;
    }
    if (res.kind === 'split') {
      if (batch.length === 1) {
        await deadLetter(batch, new Map([[batch[0]!.id, 'too large for the collector (413)']]), 'too_large', 'a response is too large to send');
        return true;
      }
      const half = Math.ceil(batch.length / 2);
      if (!(await sendGroup(batch.slice(0, half)))) {
        if (!stopped) await queue.release(batch.slice(half));
        return false;
      }
      return sendGroup(batch.slice(half));
    }
    if (res.kind === 'fail') {
      const reason = `HTTP ${res.status}: ${res.error}`;
      await deadLetter(batch, new Map(batch.map((r) => [r.id, reason])), `http_${res.status}`, reason);
      return true;
    }
    lastFailed = false;
    rateLimited = false;
    retryAt = 0;
    o.backoff.reset();
    const ids = new Set(batch.map((r) => r.id));
    const acked = new Set([...res.ack.accepted, ...res.ack.duplicates].filter((id) => ids.has(id)));
    const rejected = new Map(res.ack.rejected.filter((x) => ids.has(x.id) && !acked.has(x.id)).map((x) => [x.id, x.error]));
    await queue.settle(batch, acked, rejected);
    forget(batch, new Set([...acked, ...rejected.keys()]));
    if (acked.size) emit('sent', { ids: [...acked] });
    if (rejected.size)
      emit('error', {
        code: 'rejected',
        message: [...rejected].map(([id, e]) => `${id}: ${e}`).join('; '),
        ids: [...rejected.keys()],
      });
    if (acked.size + rejected.size < batch.length) {
      // The collector skipped some ids: they were released; try them again later rather than in a hot loop.
      schedule(o.backoff.next());
      return false;
    }
    return true;
  };

  const pass = async (force: boolean) => {
    if (rateLimited || !force) {
      const wait = retryAt - now();
      if (wait > 0) return schedule(wait);
    }
    while (!stopped) {
      if (lastFailed && offlineHint()) return schedule(o.backoff.peek());
      const batch = await queue.claim(o.batchSize, maxBytes);
      if (stopped || !batch.length) return;
      for (const r of batch) if ((pending.get(r.id)?.seq ?? -1) < r.seq) pending.set(r.id, r);
      if (!(await sendGroup(batch))) return;
    }
  };

  // Several tabs share the database: Web Locks let one flush at a time; without them, leases keep claims apart.
  const locked = (force: boolean): Promise<void> => {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks?.request) return pass(force);
    return locks.request(o.lockName, { ifAvailable: true }, (lock) => (lock ? pass(force) : schedule(Math.max(o.flushDelayMs, 2000))));
  };

  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  const run = (force: boolean): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (queued) return queued;
    const p = tail.then(() => {
      queued = null;
      return stopped ? undefined : locked(force);
    });
    const safe = p.catch((e: unknown) => {
      // Storage failures already fell back to memory; anything left is reported, never thrown at the page.
      emit('error', { code: 'flush_failed', message: String((e as Error)?.message ?? e) });
      schedule(o.backoff.next());
    });
    queued = safe;
    tail = safe;
    return safe;
  };

  const beacon = () => {
    const batch: SurveyResponse[] = [];
    let bytes = ENVELOPE + o.siteKey.length;
    for (const r of pending.values()) {
      const size = byteLength(r) + 1;
      if (batch.length >= o.batchSize || bytes + size > BEACON_MAX_BYTES) break;
      batch.push(r);
      bytes += size;
    }
    // Best effort only: the items stay queued and are sent again (and deduplicated) on the next load.
    if (batch.length) sendBeacon(o.url, { siteKey: o.siteKey, responses: batch }, o.fetch);
  };

  const onOnline = () => {
    if (!rateLimited) retryAt = 0;
    void run(false);
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') beacon();
  };
  const w = typeof window === 'undefined' ? undefined : window;
  const offs = [listen(w, 'online', onOnline), listen(w, 'pagehide', beacon), listen(w?.document, 'visibilitychange', onHidden)];

  return {
    flush: () => run(true),
    enqueued(r) {
      pending.set(r.id, r);
      schedule(o.flushDelayMs);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      inflight.forEach((c) => c.abort());
      offs.forEach((off) => off());
    },
  };
}
