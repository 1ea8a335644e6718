// The response queue: leased claims, ack-only deletion, caps and dead letters (the write of a new response is enqueue.ts).
import type { SurveyResponse } from '@tellus/schema';
import type { Backend, DeadLetter, QueueItem } from './backend.js';

export interface QueueOptions {
  backend: Backend;
  now: () => number;
  leaseMs: number;
  maxItems: number;
  maxAgeMs: number;
  onEvict: (ids: string[], reason: 'count' | 'age') => void;
}

/** What happens to a sent response: the collector has it, or refused it for good. */
export type Fate = { kind: 'ack' } | { kind: 'dead'; reason: string };

export interface Claim {
  items: SurveyResponse[];
  /** When the earliest lease this claim had to leave alone expires (0 = none), so a flush can come back then. */
  leasedUntil: number;
}

export interface Queue {
  /**
   * Leases up to `max` free items whose JSON fits in `maxBytes` together; expired leases count as free.
   * `exclusive`: the caller holds the flush lock, so a lease taken under that lock belongs to a flush that died
   * with its tab (closed or navigated away mid-send) and its items are taken over at once. Leases taken without
   * the lock (where Web Locks refuse to work) are left until they expire: their flush may still be running.
   */
  claim(max: number, maxBytes: number, exclusive?: boolean): Promise<Claim>;
  /**
   * Applies a collector answer to what was sent: ids with fate `ack` leave the queue, `dead` ones move to the
   * dead letters, ids without a fate are released. A newer seq enqueued meanwhile is kept and released.
   */
  settle(sent: SurveyResponse[], fates: ReadonlyMap<string, Fate>): Promise<void>;
  release(sent: SurveyResponse[]): Promise<void>;
  size(): Promise<number>;
  deadLetters(): Promise<DeadLetter[]>;
}

const encoder = /* @__PURE__ */ new TextEncoder();
export const byteLength = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

/** Past the age cap at `at`: evicted, never sent. */
export const expired = (o: QueueOptions, i: QueueItem, at: number) => at - i.at > o.maxAgeMs;

/** Tells the owner which ids the caps evicted, by cause. */
export const reportEvictions = (o: QueueOptions, aged: string[], over: string[] = []) => {
  if (aged.length) o.onEvict(aged, 'age');
  if (over.length) o.onEvict(over, 'count');
};

export function createQueue(o: QueueOptions): Queue {
  const { backend, now } = o;

  const settle = (sent: SurveyResponse[], fates: ReadonlyMap<string, Fate>) =>
    backend.tx(async (t) => {
      const stored = await Promise.all(sent.map((r) => t.get(r.id)));
      const at = now();
      sent.forEach((r, n) => {
        const s = stored[n];
        if (!s) return;
        const fate = s.r.seq <= r.seq ? fates.get(r.id) : undefined;
        if (fate) t.del(r.id);
        if (fate?.kind === 'dead') t.dead({ r: s.r, reason: fate.reason, at });
        if (!fate) t.put({ ...s, lease: 0 });
      });
    });

  return {
    claim: async (max, maxBytes, exclusive = false) => {
      const [claimed, aged] = await backend.tx(async (t) => {
        const at = now();
        const aged: string[] = [];
        const out: SurveyResponse[] = [];
        let bytes = 0;
        let leasedUntil = 0;
        await t.scan((i) => {
          // Age is checked on every item a claim passes, so an expired item is never sent.
          if (expired(o, i, at)) {
            t.del(i.r.id);
            aged.push(i.r.id);
            return true;
          }
          // A lease further ahead than leaseMs was taken under a clock since set back: it must not hold the item for days.
          if (i.lease > at && i.lease - at <= o.leaseMs && !(exclusive && i.locked)) {
            leasedUntil = Math.min(leasedUntil || i.lease, i.lease);
            return true;
          }
          if (out.length >= max) return false;
          const size = byteLength(i.r) + 1;
          // An item too big for any batch still goes alone: the collector's 413 dead-letters it.
          if (out.length && bytes + size > maxBytes) return false;
          bytes += size;
          out.push(i.r);
          t.put({ ...i, lease: at + o.leaseMs, locked: exclusive });
          return out.length < max;
        });
        return [{ items: out, leasedUntil }, aged] as const;
      });
      reportEvictions(o, aged);
      return claimed;
    },

    settle,
    release: (sent) => settle(sent, new Map()),

    size: () => backend.tx((t) => t.count()),
    deadLetters: () => backend.deadLetters(),
  };
}
