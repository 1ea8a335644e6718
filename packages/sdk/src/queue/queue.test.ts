import 'fake-indexeddb/auto';
import { get, set } from 'idb-keyval';
import type { SurveyResponse } from '@tellus/schema';
import { describe, expect, it, vi } from 'vitest';
import { createIdbBackend, createMemoryBackend, type Backend } from './backend.js';
import { withFallback } from './fallback.js';
import { enqueue } from './enqueue.js';
import { createQueue, type QueueOptions } from './queue.js';
import { createStrictStore } from './strict-store.js';
import { fates, freshDbName, response } from './test-helpers.js';

const DAY = 86_400_000;
const setup = (over: Partial<QueueOptions> = {}, backend: Backend = createIdbBackend(freshDbName())) => {
  let t = 1_000_000;
  const evicted: [string[], string][] = [];
  const clock = { advance: (ms: number) => (t += ms) };
  const options: QueueOptions = {
    backend,
    now: () => t,
    leaseMs: 30_000,
    maxItems: 1000,
    maxAgeMs: 7 * DAY,
    onEvict: (ids, reason) => evicted.push([ids, reason]),
    ...over,
  };
  const q = { ...createQueue(options), enqueue: (r: SurveyResponse) => enqueue(options, r) };
  return { q, clock, evicted, backend };
};

describe('strict store', () => {
  it('opens write transactions with strict durability and reads with the default', async () => {
    const store = createStrictStore(freshDbName(), 'kv');
    const seen: string[] = [];
    await store('readwrite', (s) => void seen.push(s.transaction.durability));
    await store('readonly', (s) => void seen.push(s.transaction.durability));
    expect(seen).toEqual(['strict', 'default']);
    store.close();
  });

  it("works as a custom store for idb-keyval's own functions", async () => {
    const store = createStrictStore(freshDbName(), 'kv');
    await set('k', { v: 1 }, store);
    expect(await get('k', store)).toEqual({ v: 1 });
    store.close();
  });
});

describe('queue', () => {
  for (const kind of ['indexeddb', 'memory'] as const) {
    describe(kind, () => {
      const make = (over: Partial<QueueOptions> = {}) => setup(over, kind === 'memory' ? createMemoryBackend(freshDbName()) : createIdbBackend(freshDbName()));

      it('keeps an answer queued until the collector acks it', async () => {
        const { q } = make();
        const a = response();
        const b = response();
        await q.enqueue(a);
        await q.enqueue(b);
        const sent = (await q.claim(50, 60_000)).items;
        expect(sent.map((r) => r.id)).toEqual([a.id, b.id]);
        await q.settle(sent, fates(new Set([a.id]), new Map()));
        expect(await q.size()).toBe(1);
        expect((await q.claim(50, 60_000)).items.map((r) => r.id)).toEqual([b.id]);
      });

      it('does not hand a leased item to a second claimer until the lease expires', async () => {
        const { q, clock } = make();
        await q.enqueue(response());
        expect((await q.claim(50, 60_000)).items).toHaveLength(1);
        expect((await q.claim(50, 60_000)).items).toHaveLength(0);
        clock.advance(30_001);
        expect((await q.claim(50, 60_000)).items).toHaveLength(1);
      });

      it('frees a lease that lies further ahead than a lease can, after the clock was set back', async () => {
        const { q, clock } = make();
        await q.enqueue(response());
        expect((await q.claim(50, 60_000)).items).toHaveLength(1); // then the tab dies mid-flush...
        clock.advance(-86_400_000); // ...and the wrong clock is corrected by a day
        expect((await q.claim(50, 60_000)).items).toHaveLength(1);
      });

      it('keeps only the newest seq of a partial response and never deletes it on an older ack', async () => {
        const { q } = make();
        const p0 = response({ seq: 0, completed: false });
        await q.enqueue(p0);
        const sent = (await q.claim(50, 60_000)).items;
        const p1 = { ...p0, seq: 1, completed: true };
        await q.enqueue(p1);
        await q.enqueue(p0); // a stale write never wins
        await q.settle(sent, fates(new Set([p0.id]), new Map()));
        const again = (await q.claim(50, 60_000)).items;
        expect(again).toEqual([p1]);
        await q.settle(again, fates(new Set([p0.id]), new Map()));
        expect(await q.size()).toBe(0);
      });

      it('moves rejected items to the dead letters with the reason', async () => {
        const { q } = make();
        const a = response();
        await q.enqueue(a);
        const sent = (await q.claim(50, 60_000)).items;
        await q.settle(sent, fates(new Set(), new Map([[a.id, 'answers.csat: must be a whole number from 1 to 5']])));
        expect(await q.size()).toBe(0);
        const dead = await q.deadLetters();
        expect(dead.map((d) => [d.r.id, d.reason])).toEqual([[a.id, 'answers.csat: must be a whole number from 1 to 5']]);
      });

      it('claims nothing when asked for nothing', async () => {
        const { q } = make();
        await q.enqueue(response());
        expect((await q.claim(0, 60_000)).items).toEqual([]);
      });

      it('lets an aged-out entry go before a live answer when the queue is over its cap, wherever it sits', async () => {
        const { q, clock, evicted } = make({ maxItems: 2 });
        const [a, b] = [response(), response()]; // a's id is older than b's
        await q.enqueue(b); // b enters first (a is, say, a response whose earlier seq was acked, queued again later)
        clock.advance(2 * DAY);
        await q.enqueue(a);
        clock.advance(6 * DAY); // b's entry is 8 days old (aged out), a's 6 (live, unsent)
        const c = response();
        await q.enqueue(c); // a (live), b (aged out), c (new); room for 2
        expect(evicted).toEqual([[[b.id], 'age']]);
        expect((await q.claim(50, 1e6)).items.map((r) => r.id)).toEqual([a.id, c.id]);
      });

      it('keeps a letter just dead-lettered even when its id is older than the 200 kept', async () => {
        const { q } = make();
        const old = response(); // created first: the smallest dead-letter key
        const rs = Array.from({ length: 200 }, () => response());
        for (const r of rs) await q.enqueue(r);
        const first = (await q.claim(200, 1e8)).items;
        await q.settle(first, fates(new Set(), new Map(first.map((r) => [r.id, 'invalid']))));
        await q.enqueue(old);
        const second = (await q.claim(10, 1e8)).items;
        await q.settle(second, fates(new Set(), new Map([[old.id, 'invalid']])));
        const dead = (await q.deadLetters()).map((d) => d.r.id);
        expect(dead).toHaveLength(200);
        expect(dead).toContain(old.id);
      });

      it('keeps the newest 200 dead letters', async () => {
        const { q } = make();
        const rs = Array.from({ length: 210 }, () => response());
        for (const r of rs) await q.enqueue(r);
        for (let i = 0; i < 3; i++) {
          const sent = (await q.claim(100, 1e7)).items;
          await q.settle(sent, fates(new Set(), new Map(sent.map((r) => [r.id, 'invalid']))));
        }
        const kept = (await q.deadLetters()).map((d) => d.r.id).sort();
        expect(kept).toEqual(
          rs
            .slice(10)
            .map((r) => r.id)
            .sort(),
        );
      });

      it('limits a claim by item count and by bytes', async () => {
        const { q } = make();
        for (let i = 0; i < 5; i++) await q.enqueue(response({ answers: { why: 'x'.repeat(20_000) } }));
        expect((await q.claim(2, 60_000)).items).toHaveLength(2);
        expect((await q.claim(50, 60_000)).items).toHaveLength(2); // 3 × 20 KB > 60 KB
        expect((await q.claim(50, 60_000)).items).toHaveLength(1);
      });

      it('measures the byte cap in UTF-8, not in string length (Persian text is two bytes a letter)', async () => {
        const { q } = make();
        // 12,000 letters each: 36 K by .length for three, but about 72 KB on the wire.
        for (let i = 0; i < 3; i++) await q.enqueue(response({ answers: { why: 'س'.repeat(12_000) } }));
        const batch = (await q.claim(50, 60_000)).items;
        expect(batch).toHaveLength(2);
        expect(new TextEncoder().encode(JSON.stringify(batch)).length).toBeLessThanOrEqual(60_000);
      });

      it('evicts the oldest items over the count cap and reports them', async () => {
        const { q, clock, evicted } = make({ maxItems: 3 });
        const rs = [response(), response(), response(), response()];
        for (const r of rs) {
          await q.enqueue(r);
          clock.advance(1);
        }
        expect(await q.size()).toBe(3);
        expect(evicted).toEqual([[[rs[0]!.id], 'count']]);
      });

      it('never hands one item to two claims running at the same time', async () => {
        const { q, backend } = make();
        const other = setup({}, backend).q; // a second tab on the same store
        for (let i = 0; i < 40; i++) await q.enqueue(response());
        const [x, y] = await Promise.all([q.claim(25, 1e6), other.claim(25, 1e6)]);
        const ids = [...x.items, ...y.items].map((r) => r.id);
        expect(ids).toHaveLength(40);
        expect(new Set(ids).size).toBe(40);
      });

      it('reads only what it needs: below the cap, an enqueue or a claim costs the same at 10 queued items or 1,000', async () => {
        const inner = kind === 'memory' ? createMemoryBackend(freshDbName()) : createIdbBackend(freshDbName());
        let visited = 0;
        const counting: Backend = { ...inner, tx: (fn) => inner.tx((t) => fn({ ...t, scan: (visit) => t.scan((i) => (visited++, visit(i))) })) };
        const { q } = setup({}, counting);
        for (let i = 0; i < 999; i++) await q.enqueue(response());
        visited = 0;
        await q.enqueue(response());
        expect(visited).toBe(1); // the oldest item, to see that nothing aged out
        visited = 0;
        expect((await q.claim(50, 1e6)).items).toHaveLength(50);
        expect(visited).toBe(50);
        // Over the cap (a queue full after a long time offline), one full pass finds whatever aged out first.
        visited = 0;
        await q.enqueue(response());
        expect(visited).toBe(1 + 1001 + 1);
        expect(await q.size()).toBe(1000);
      });

      it('evicts an item a claim passes that aged out, even behind a younger one', async () => {
        const { q, clock, evicted } = make();
        const [a, b] = [response(), response()];
        await q.enqueue(b); // created second, stored first
        clock.advance(2 * DAY);
        await q.enqueue(a);
        clock.advance(6 * DAY); // b is 8 days old, a 6
        expect((await q.claim(50, 1e6)).items.map((r) => r.id)).toEqual([a.id]);
        expect(evicted).toEqual([[[b.id], 'age']]);
      });

      it('evicts items older than the age cap at claim and enqueue time', async () => {
        const { q, clock, evicted } = make();
        const old = response();
        await q.enqueue(old);
        clock.advance(8 * DAY);
        expect((await q.claim(50, 60_000)).items).toEqual([]);
        expect(evicted).toEqual([[[old.id], 'age']]);
        const older = response();
        await q.enqueue(older);
        clock.advance(8 * DAY);
        await q.enqueue(response());
        expect(await q.size()).toBe(1);
        expect(evicted[1]).toEqual([[older.id], 'age']);
      });
    });
  }

  it('survives a reload: a new queue on the same database sees the items, a crashed lease is recovered', async () => {
    const db = freshDbName();
    const first = setup({}, createIdbBackend(db));
    const r = response();
    await first.q.enqueue(r);
    expect((await first.q.claim(50, 60_000)).items).toHaveLength(1); // then the tab dies mid-flush
    first.backend.close();
    const second = setup({}, createIdbBackend(db));
    expect(await second.q.size()).toBe(1);
    expect((await second.q.claim(50, 60_000)).items).toHaveLength(0);
    second.clock.advance(30_001);
    expect((await second.q.claim(50, 60_000)).items.map((x) => x.id)).toEqual([r.id]);
  });

  it('lets a claim made under the flush lock take over leases taken under it, and only those', async () => {
    const { q } = setup({});
    const [a, b, c] = [response(), response(), response()];
    await q.enqueue(a);
    expect((await q.claim(50, 60_000, true)).items).toHaveLength(1); // a lock holder that died with its tab
    await q.enqueue(b);
    expect((await q.claim(50, 60_000)).items.map((x) => x.id)).toEqual([b.id]); // a flush without Web Locks, maybe still running
    await q.enqueue(c);
    const third = await q.claim(50, 60_000);
    expect(third.items.map((x) => x.id)).toEqual([c.id]);
    expect(third.leasedUntil).toBeGreaterThan(0);
    const locked = await q.claim(50, 60_000, true);
    expect(locked.items.map((x) => x.id)).toEqual([a.id]);
    expect(locked.leasedUntil).toBeGreaterThan(0); // b and c wait for their leases to run out
  });
});

describe('memory fallback', () => {
  it('falls back to memory when IndexedDB is missing and says so', async () => {
    const onFallback = vi.fn();
    const b = withFallback(undefined, () => createMemoryBackend('x'), onFallback);
    const { q } = setup({}, b);
    await q.enqueue(response());
    expect(await q.size()).toBe(1);
    expect(onFallback).toHaveBeenCalledWith('unavailable');
    expect(b.kind).toBe('memory');
  });

  it('falls back on a quota error and still stores the response that hit it', async () => {
    const onFallback = vi.fn();
    const idb = createIdbBackend(freshDbName());
    const full: Backend = { ...idb, tx: () => Promise.reject(new DOMException('full', 'QuotaExceededError')) };
    const b = withFallback(full, () => createMemoryBackend('y'), onFallback);
    const { q } = setup({}, b);
    await q.enqueue(response());
    expect(onFallback).toHaveBeenCalledTimes(1);
    expect(onFallback).toHaveBeenCalledWith('quota');
    expect(await q.size()).toBe(1);
  });

  it('retries once on a fresh connection when IndexedDB drops one, and stays on IndexedDB', async () => {
    const onFallback = vi.fn();
    const db = freshDbName();
    const idb = createIdbBackend(db);
    let failures = 1;
    const flaky: Backend = {
      ...idb,
      tx: (fn) => (failures-- > 0 ? Promise.reject(new DOMException('The database connection is closing.', 'InvalidStateError')) : idb.tx(fn)),
    };
    const b = withFallback(flaky, () => createMemoryBackend('z'), onFallback);
    const r = response();
    await setup({}, b).q.enqueue(r);
    await Promise.resolve();
    expect(onFallback).not.toHaveBeenCalled();
    expect(b.kind).toBe('indexeddb');
    // In the database, where the next page looks.
    const next = setup({}, createIdbBackend(db));
    expect((await next.q.claim(50, 60_000)).items.map((x) => x.id)).toEqual([r.id]);
  });

  it('falls back when the fresh connection fails as well, and keeps the response', async () => {
    const onFallback = vi.fn();
    const idb = createIdbBackend(freshDbName());
    const broken: Backend = { ...idb, tx: () => Promise.reject(new DOMException('Internal error.', 'UnknownError')) };
    const b = withFallback(broken, () => createMemoryBackend('w'), onFallback);
    const { q } = setup({}, b);
    await q.enqueue(response());
    await Promise.resolve();
    expect(onFallback).toHaveBeenCalledWith('error: UnknownError');
    expect(b.kind).toBe('memory');
    expect(await q.size()).toBe(1);
  });

  it('names a quota error that a write request raises (as Firefox does) before the transaction aborts', async () => {
    // fake-indexeddb fails the request the way a browser does: an error event that bubbles, then the abort.
    type Internal = { _execRequestAsync(o: { source: unknown; operation: () => never }): IDBRequest };
    const put = IDBObjectStore.prototype.put;
    const full = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (!String(key).startsWith('q:')) return put.call(this, value, key);
      return (this.transaction as unknown as Internal)._execRequestAsync({
        source: this,
        operation: () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        },
      });
    });
    try {
      const onFallback = vi.fn();
      const b = withFallback(createIdbBackend(freshDbName()), () => createMemoryBackend('q'), onFallback);
      const { q } = setup({}, b);
      await q.enqueue(response());
      await Promise.resolve();
      expect(onFallback.mock.calls).toEqual([['quota']]);
      expect(b.kind).toBe('memory');
      expect(await q.size()).toBe(1);
    } finally {
      full.mockRestore();
    }
  });

  it('keeps visitor state in localStorage when it can', async () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    });
    try {
      await createMemoryBackend('z').set('anon', 'abc');
      expect(await createMemoryBackend('z').get('anon')).toBe('abc');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
