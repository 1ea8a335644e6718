// Where queued responses, dead letters and visitor state live: IndexedDB, or memory (+ localStorage for state).
import type { SurveyResponse } from '@tellus/schema';
import { promisifyRequest, type UseStore } from 'idb-keyval';
import { createStrictStore } from './strict-store.js';

export interface QueueItem {
  r: SurveyResponse;
  /** When this response id first entered the queue (ms); age caps count from here. */
  at: number;
  /** Lease expiry (ms) while a flush is sending it; 0 when free. */
  lease: number;
  /** The lease was taken under the flush lock: once that lock is free again, its flush is gone. */
  locked?: boolean;
}

export interface DeadLetter {
  r: SurveyResponse;
  reason: string;
  at: number;
}

/**
 * One atomic read-modify-write of the queue. Reads touch only what they need (one id, the count, or the
 * items in id order up to where the caller stops), so a transaction costs the same at 10 items or 10,000.
 */
export interface QueueTx {
  get(id: string): Promise<QueueItem | undefined>;
  count(): Promise<number>;
  /** Visits queued items in id (= creation, ids being uuid v7) order while `visit` returns true; sees this transaction's writes. */
  scan(visit: (item: QueueItem) => boolean): Promise<void>;
  put(item: QueueItem): void;
  del(id: string): void;
  dead(letter: DeadLetter): void;
}

export interface Backend {
  kind: 'indexeddb' | 'memory';
  /** Runs `fn` in one transaction; `fn` may only await the transaction's own reads. */
  tx<T>(fn: (t: QueueTx) => Promise<T>): Promise<T>;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Atomic read-modify-write of one state value; resolves with the value written. */
  update<T>(key: string, fn: (old: T | undefined) => T): Promise<T>;
  deadLetters(): Promise<DeadLetter[]>;
  close(): void;
}

/** Dead letters are kept for inspection, not forever. */
const DEAD_MAX = 200;
const range = (p: string) => IDBKeyRange.bound(p, `${p}\uffff`);
/**
 * A transaction's outcome. Not promisifyRequest: a failed request's error event bubbles to the
 * transaction before it aborts, while `t.error` is still null, so a QuotaExceededError would be lost.
 */
const done = (t: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onabort = () => reject(t.error);
  });

export function createIdbBackend(dbName: string, factory?: IDBFactory): Backend {
  const store: UseStore & { close(): void } = createStrictStore(dbName, 'kv', factory);
  return {
    kind: 'indexeddb',
    tx: (fn) =>
      store('readwrite', (s) => {
        const t = s.transaction;
        const finished = done(t);
        // A failed request aborts the transaction, so `finished` rejects and nothing waits on `read` for ever.
        const read = <R>(r: IDBRequest<R>) => new Promise<R>((ok) => (r.onsuccess = () => ok(r.result)));
        const fresh = new Set<string>();
        let out: unknown;
        let failed: unknown;
        let settled = false;
        const work = fn({
          get: (id) => read(s.get(`q:${id}`)) as Promise<QueueItem | undefined>,
          count: () => read(s.count(range('q:'))),
          scan: (visit) =>
            new Promise((ok, fail) => {
              const c = s.openCursor(range('q:'));
              c.onsuccess = () => {
                const at = c.result;
                let more = false;
                try {
                  more = !!at && visit(at.value as QueueItem);
                } catch (e) {
                  // Never throw inside a request handler: that surfaces as an uncaught page error.
                  return fail(e);
                }
                if (more) at!.continue();
                else ok();
              };
            }),
          put: (i) => s.put(i, `q:${i.r.id}`),
          del: (id) => s.delete(`q:${id}`),
          dead: (d) => {
            s.put(d, `d:${d.r.id}`);
            fresh.add(`d:${d.r.id}`);
          },
        }).then(async (v) => {
          if (fresh.size) {
            // Over the cap, the oldest earlier letters go (keys are uuid v7), never one written just now.
            const keys = await read(s.getAllKeys(range('d:')));
            const earlier = keys.filter((k) => !fresh.has(k as string));
            for (const k of earlier.slice(0, Math.max(0, keys.length - DEAD_MAX))) s.delete(k);
          }
          return v;
        });
        work.then(
          (v) => {
            out = v;
            settled = true;
          },
          (e: unknown) => {
            failed = e;
            settled = true;
            try {
              t.abort();
            } catch {
              // Already finished or aborted.
            }
          },
        );
        return finished.then(
          () =>
            failed !== undefined
              ? Promise.reject(failed)
              : settled
                ? (out as Awaited<ReturnType<typeof fn>>)
                : // fn awaited something other than this transaction's reads, which let the transaction commit early.
                  Promise.reject(new Error('queue transaction committed before its work finished')),
          (e) => Promise.reject(failed ?? e),
        );
      }),
    // idb-keyval's get/set would do, but their default-store fallback costs bytes on every page.
    get: (key) => store('readonly', (s) => promisifyRequest(s.get(`s:${key}`))),
    set: (key, value) => store('readwrite', (s) => (s.put(value, `s:${key}`), done(s.transaction))),
    update: <T>(key: string, fn: (old: T | undefined) => T) =>
      store('readwrite', (s) => {
        const r = s.get(`s:${key}`);
        let next: T;
        r.onsuccess = () => s.put((next = fn(r.result as T | undefined)), `s:${key}`);
        return done(s.transaction).then(() => next);
      }),
    deadLetters: () => store('readonly', (s) => promisifyRequest(s.getAll(range('d:'))) as Promise<DeadLetter[]>),
    close: () => store.close(),
  };
}

/** The in-memory queue used without IndexedDB; visitor state still tries localStorage so throttling survives reloads. */
export function createMemoryBackend(dbName: string): Backend {
  const queue = new Map<string, QueueItem>();
  const dead = new Map<string, DeadLetter>();
  const state = new Map<string, unknown>();
  let lock: Promise<void> = Promise.resolve();
  const ls = (): Storage | undefined => {
    try {
      return typeof localStorage === 'undefined' ? undefined : localStorage;
    } catch {
      return undefined; // Access can throw when storage is blocked (e.g. sandboxed iframes).
    }
  };
  const lsKey = (k: string) => `tellus:${dbName}:${k}`;
  return {
    kind: 'memory',
    // One transaction at a time, as IndexedDB would; each sees the others' writes whole.
    tx: (fn) => {
      const run = lock.then(() =>
        fn({
          get: async (id) => {
            const i = queue.get(id);
            return i && { ...i };
          },
          count: async () => queue.size,
          scan: async (visit) => {
            for (const id of [...queue.keys()].sort()) {
              const i = queue.get(id);
              if (i && !visit({ ...i })) return;
            }
          },
          put: (i) => queue.set(i.r.id, i),
          del: (id) => queue.delete(id),
          dead: (d) => {
            dead.set(d.r.id, d);
            if (dead.size > DEAD_MAX) dead.delete(dead.keys().next().value!);
          },
        }),
      );
      lock = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    get: async <T>(key: string) => {
      if (state.has(key)) return state.get(key) as T;
      try {
        const raw = ls()?.getItem(lsKey(key));
        return raw == null ? undefined : (JSON.parse(raw) as T);
      } catch {
        return undefined;
      }
    },
    set: async (key, value) => {
      state.set(key, value);
      try {
        ls()?.setItem(lsKey(key), JSON.stringify(value));
      } catch {
        // Quota or blocked storage: memory still holds it for this page.
      }
    },
    async update<T>(key: string, fn: (old: T | undefined) => T) {
      const next = fn(await this.get<T>(key));
      await this.set(key, next);
      return next;
    },
    deadLetters: async () => [...dead.values()],
    close: () => undefined,
  };
}
