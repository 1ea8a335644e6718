// Moves queued responses to the collector: batching, one flusher at a time, retry timing, 413 halving, dead letters, page-hide beacons
// (sent through the transport: delivery itself never touches the network).
import type { SurveyResponse } from '@tellus/schema';
import type { Emitter } from './events.js';
import { listen } from './listen.js';
import { byteLength, type Fate, type Queue } from './queue/queue.js';
import type { Backoff } from './transport/backoff.js';
import { BEACON_MAX_BYTES } from './transport/beacon.js';
import type { Transport } from './transport/types.js';

export interface DeliveryOptions {
  queue: Queue;
  transport: Transport;
  siteKey: string;
  batchSize: number;
  flushDelayMs: number;
  backoff: Backoff;
  emit: Emitter['emit'];
  /** A configuration problem the developer must hear of (the `error` event, and the console). */
  report(code: string, message: string, ids: string[]): void;
  now: () => number;
  lockName: string;
}

export interface Delivery {
  /** Sends everything sendable now; resolves when this pass ends (queue empty, backoff scheduled, or stopped). */
  flush(): Promise<void>;
  /** A response was just stored: flush soon (debounced) and remember it for a page-hide beacon. */
  enqueued(r: SurveyResponse): void;
  /** Stops timers and listeners; in-flight work is abandoned like a closed tab (the next lock holder takes its leases over). */
  stop(): void;
}

/** Bytes the batch envelope adds around the items. */
const ENVELOPE = 64;
/** A collector that refuses the site (401/403/404) is retried no sooner than this: the fix is a deploy away, not seconds. */
const REFUSED_MIN_MS = 60_000;

export function createDelivery(o: DeliveryOptions): Delivery {
  const { queue, now, emit, backoff, siteKey } = o;
  const maxBytes = BEACON_MAX_BYTES - ENVELOPE - siteKey.length;
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

  const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

  const schedule = (ms: number) => {
    const at = now() + ms;
    if (stopped || (timer !== undefined && due <= at)) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(() => {
      timer = undefined;
      due = Infinity;
      void run(false);
    }, ms);
  };

  /** Sends one claimed batch; false ends this pass (backoff scheduled, or stopped). */
  const sendGroup = async (batch: SurveyResponse[]): Promise<boolean> => {
    const ctl = new AbortController();
    inflight.add(ctl);
    const res = await o.transport.send({ siteKey, responses: batch }, ctl.signal);
    inflight.delete(ctl);
    if (stopped) return false;
    if (res.kind === 'retry' || res.kind === 'refused') {
      await queue.release(batch);
      lastFailed = true;
      // No attempt is spent while the browser says it is offline: `online` wakes us, a slow probe covers a wrong hint.
      let delay = res.status === 0 && offline() ? backoff.peek() : backoff.next(res.kind === 'retry' ? res.retryAfterMs : undefined);
      rateLimited = res.kind === 'retry' && res.retryAfterMs !== undefined;
      if (res.kind === 'refused') {
        // The business's mistake (site key, allowed origins, endpoint), not the visitor's: the answers wait, within the age cap.
        delay = Math.max(delay, REFUSED_MIN_MS);
        rateLimited = true; // flush() must not hammer a collector that refuses us either
        o.report(`http_${res.status}`, `the collector refused this site (HTTP ${res.status}: ${res.error}): check siteKey, endpoint and the site's allowed origins; answers stay queued`, batch.map((r) => r.id));
      }
      retryAt = now() + delay;
      schedule(delay);
      return false;
    }
    if (res.kind === 'split' && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      if (await sendGroup(batch.slice(0, half))) return sendGroup(batch.slice(half));
      if (!stopped) await queue.release(batch.slice(half));
      return false;
    }
    const ids = batch.map((r) => r.id);
    const fates = new Map<string, Fate>();
    let code = 'rejected';
    if (res.kind === 'ack') {
      lastFailed = rateLimited = false;
      retryAt = 0;
      for (const id of [...res.ack.accepted, ...res.ack.duplicates]) if (ids.includes(id)) fates.set(id, { kind: 'ack' });
      for (const x of res.ack.rejected) if (ids.includes(x.id) && !fates.has(x.id)) fates.set(x.id, { kind: 'dead', reason: x.error });
      // Only progress resets the backoff: a 200 that settles nothing must not keep retries at their fastest.
      if (fates.size) backoff.reset();
    } else {
      // The request itself is refused (4xx, 501, 505, or one response alone too large): retrying cannot help.
      code = res.kind === 'split' ? 'too_large' : `http_${res.status}`;
      const reason = res.kind === 'split' ? 'HTTP 413: too large' : `HTTP ${res.status}: ${res.error}`;
      for (const id of ids) fates.set(id, { kind: 'dead', reason });
    }
    await queue.settle(batch, fates);
    for (const r of batch) if (fates.has(r.id) && (pending.get(r.id)?.seq ?? Infinity) <= r.seq) pending.delete(r.id);
    const acked = ids.filter((id) => fates.get(id)?.kind === 'ack');
    const dead = [...fates].flatMap(([id, f]) => (f.kind === 'dead' ? [[id, f.reason] as const] : []));
    if (acked.length) emit('sent', { ids: acked });
    if (dead.length) emit('error', { code, message: [...new Set(dead.map(([, reason]) => reason))].join('; '), ids: dead.map(([id]) => id) });
    if (fates.size === batch.length) return true;
    // The collector skipped some ids: they were released; try them later rather than in a hot loop.
    schedule(backoff.next());
    return false;
  };
  /** `exclusive`: this pass holds the flush lock, so leases it finds were left by flushes that died. */
  const pass = async (force: boolean, exclusive = false) => {
    const wait = retryAt - now();
    // While the browser says offline, even flush() waits for the next probe; the probe itself still goes out,
    // since the hint can stay wrong and `online` never come.
    if ((rateLimited || !force || (lastFailed && offline())) && wait > 0) return schedule(wait);
    while (!stopped) {
      const { items: batch, leasedUntil } = await queue.claim(o.batchSize, maxBytes, exclusive);
      // Without the lock, items leased by a flush that died (a closed tab) come back when the lease runs out.
      if (leasedUntil) schedule(leasedUntil - now() + 50);
      if (stopped || !batch.length) return;
      for (const r of batch) if ((pending.get(r.id)?.seq ?? -1) < r.seq) pending.set(r.id, r);
      if (!(await sendGroup(batch))) return;
    }
  };

  // Several tabs share the database: Web Locks let one flush at a time, and the lock holder takes over the leases of
  // flushes that died with their tab (the lock went with them); without Web Locks, leases keep claims apart.
  const locked = (force: boolean): Promise<void> => {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    let entered = false;
    return locks?.request
      ? locks
          .request(o.lockName, { ifAvailable: true }, (lock) => ((entered = true), lock ? pass(force, true) : schedule(Math.max(o.flushDelayMs, 2000))))
          // Opaque origins (sandboxed iframes) reject every request: flush without the lock; leases still keep tabs apart.
          .catch((e: unknown) => (entered ? Promise.reject(e) : pass(force)))
      : pass(force);
  };

  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  const run = (force: boolean): Promise<void> =>
    stopped
      ? Promise.resolve()
      : (queued ||= tail = tail
          .then(() => {
            queued = null;
            return stopped ? undefined : locked(force);
          })
          .catch((e: unknown) => {
            // Storage failures already fell back to memory; anything left is reported, never thrown at the page.
            emit('error', { code: 'flush_failed', message: String(e) });
            schedule(backoff.next());
          }));

  // A closing tab fires visibilitychange (hidden) and then pagehide; the keepalive quota (64 KiB a page) is shared
  // with the host's own unload beacons, so send once per hidden spell unless something new was stored.
  let beaconed = false;
  const beacon = () => {
    if (beaconed) return;
    beaconed = true;
    const batch: SurveyResponse[] = [];
    let bytes = ENVELOPE + siteKey.length;
    for (const r of pending.values()) {
      const size = byteLength(r) + 1;
      // Skip, not stop: one response too large for a beacon must not hold back the smaller ones after it.
      if (batch.length < o.batchSize && bytes + size <= BEACON_MAX_BYTES) {
        batch.push(r);
        bytes += size;
      }
    }
    // Best effort only: the items stay queued and are sent again (and deduplicated) later.
    if (batch.length) o.transport.beacon({ siteKey, responses: batch });
  };

  const w = typeof window === 'undefined' ? undefined : window;
  const offs = [
    listen(w, 'online', () => {
      if (!rateLimited) retryAt = 0;
      void run(false);
    }),
    listen(w, 'pagehide', beacon),
    listen(w?.document, 'visibilitychange', () => (document.visibilityState === 'hidden' ? beacon() : (beaconed = false))),
  ];

  return {
    flush: () => run(true),
    enqueued(r) {
      beaconed = false;
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
