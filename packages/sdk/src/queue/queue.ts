// The response queue: enqueue with partial-save supersession, leased claims, ack-only deletion, caps and dead letters.
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

export interface Queue {
  /** Persists a response; a newer seq of the same id replaces the older one. Resolves once stored. */
  enqueue(r: SurveyResponse): Promise<void>;
  /**
   * Leases up to `max` free items whose JSON fits in `maxBytes` together; expired leases count as free.
   * `exclusive`: the caller holds the flush lock every flusher takes, so any lease left is a dead flush's
   * (a tab closed or navigated away mid-send) and its items are taken over at once.
   */
  claim(max: number, maxBytes: number, exclusive?: boolean): Promise<SurveyResponse[]>;
  /** After a claim: when the earliest lease held by someone else expires (0 = none), so a flush can come back then. */
  leasedUntil(): number;
  /**
   * Applies a collector answer to what was sent: acked ids leave the queue, rejected ones move to the
   * dead letters, the rest are released. A newer seq enqueued meanwhile is kept and released.
   */
  settle(sent: SurveyResponse[], acked: ReadonlySet<string>, rejected: ReadonlyMap<string, string>): Promise<void>;
  release(sent: SurveyResponse[]): Promise<void>;
  size(): Promise<number>;
  deadLetters(): Promise<DeadLetter[]>;
}

const encoder = /* @__PURE__ */ new TextEncoder();
export const byteLength = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

export function createQueue(o: QueueOptions): Queue {
  const { backend, now } = o;
  let leasedUntil = 0;

  // Age is checked inside each transaction, so an expired item is never claimed.
  const expired = (items: QueueItem[], t: number) => items.filter((i) => t - i.at > o.maxAgeMs);

  const evictAged = (t: number, items: QueueItem[], del: (id: string) => void) => {
    const old = expired(items, t);
    old.forEach((i) => del(i.r.id));
    return old.map((i) => i.r.id);
  };

  const report = (aged: string[], over: string[] = []) => {
    if (aged.length) o.onEvict(aged, 'age');
    if (over.length) o.onEvict(over, 'count');
  };

  const settleWith = (sent: SurveyResponse[], fate: (id: string) => 'ack' | string | null) =>
    backend.tx((t) => {
      const byId = new Map(t.items.map((i) => [i.r.id, i]));
      const at = now();
      for (const r of sent) {
        const stored = byId.get(r.id);
        if (!stored) continue;
        const f = stored.r.seq <= r.seq ? fate(r.id) : null;
        if (f === 'ack') t.del(r.id);
        else if (f !== null) {
          t.del(r.id);
          t.dead({ r: stored.r, reason: f, at });
        } else t.put({ ...stored, lease: 0 });
      }
    });

  return {
    enqueue: async (r) => {
      const [aged, over] = await backend.tx((t) => {
        const at = now();
        const prior = t.items.find((i) => i.r.id === r.id);
        if (prior && prior.r.seq >= r.seq) return [[], []];
        t.put({ r, at: prior?.at ?? at, lease: 0 });
        const aged = evictAged(at, t.items, t.del);
        let live = t.items.filter((i) => !aged.includes(i.r.id) && i.r.id !== r.id);
        // Count cap: the oldest go first; the new item always stays (count includes it).
        const overBy = live.length + 1 - o.maxItems;
        const over = overBy > 0 ? [...live].sort((a, b) => a.at - b.at).slice(0, overBy).map((i) => i.r.id) : [];
        over.forEach(t.del);
        return [aged, over];
      });
      report(aged, over);
    },

    claim: async (max, maxBytes, exclusive = false) => {
      const [claimed, aged] = await backend.tx((t) => {
        const at = now();
        const aged = evictAged(at, t.items, t.del);
        const out: SurveyResponse[] = [];
        let bytes = 0;
        leasedUntil = 0;
        for (const i of t.items) {
          if (out.length >= max) break;
          if (aged.includes(i.r.id)) continue;
          // A lease further ahead than leaseMs was taken under a clock since set back: it must not hold the item for days.
          if (!exclusive && i.lease > at && i.lease - at <= o.leaseMs) {
            leasedUntil = Math.min(leasedUntil || i.lease, i.lease);
            continue;
          }
          const size = byteLength(i.r) + 1;
          // An item too big for any batch still goes alone: the collector's 413 dead-letters it.
          if (out.length && bytes + size > maxBytes) break;
          bytes += size;
          out.push(i.r);
          t.put({ ...i, lease: at + o.leaseMs });
        }
        return [out, aged] as const;
      });
      report(aged);
      return claimed;
    },

    leasedUntil: () => leasedUntil,
    settle: (sent, acked, rejected) => settleWith(sent, (id) => (acked.has(id) ? 'ack' : rejected.get(id) ?? null)),
    release: (sent) => settleWith(sent, () => null),

    size: () => backend.tx((t) => t.items.length),
    deadLetters: () => backend.deadLetters(),
  };
}
