// Token buckets: bursts, refill over (fake) time, Retry-After, independent keys, bounded memory.
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

describe('createRateLimiter', () => {
  it('allows a burst, then refuses with the seconds until the next token', () => {
    let t = 0;
    const limiter = createRateLimiter({ burst: 3, perSecond: 0.25, now: () => t });
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 4 });
    t = 2000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 2 });
    t = 4000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const limiter = createRateLimiter({ burst: 1, perSecond: 1, now: () => 0 });
    expect(limiter.take('site-a\u0000ip').ok).toBe(true);
    expect(limiter.take('site-a\u0000ip').ok).toBe(false);
    expect(limiter.take('site-b\u0000ip').ok).toBe(true);
  });

  it('never refills beyond the burst', () => {
    let t = 0;
    const limiter = createRateLimiter({ burst: 2, perSecond: 10, now: () => t });
    t = 60_000;
    expect([1, 2, 3].map(() => limiter.take('k').ok)).toEqual([true, true, false]);
  });

  it('forgets keys when it holds too many, so a flood of addresses cannot grow memory without bound', () => {
    let t = 0;
    const limiter = createRateLimiter({ burst: 1, perSecond: 1, maxKeys: 100, now: () => t });
    for (let i = 0; i < 100; i++) limiter.take(`k${i}`);
    expect(limiter.take('k0').ok).toBe(false); // still remembered
    t += 10; // nobody refilled yet, so the sweep must evict the oldest busy keys
    for (let i = 100; i < 1000; i++) expect(limiter.take(`k${i}`).ok).toBe(true);
    expect(limiter.take('k0').ok).toBe(true); // evicted and forgotten
  });
});

describe('createRateLimiter with costs', () => {
  it('spends one token per item, so a batch costs what its rows cost', () => {
    const limiter = createRateLimiter({ burst: 10, perSecond: 1, now: () => 0 });
    expect(limiter.take('a', 8).ok).toBe(true);
    expect(limiter.take('a', 5)).toEqual({ ok: false, retryAfterSeconds: 3 });
    expect(limiter.take('a', 2).ok).toBe(true);
  });

  it('lets one request larger than the burst spend a full bucket, and no more', () => {
    const limiter = createRateLimiter({ burst: 5, perSecond: 1, now: () => 0 });
    expect(limiter.take('a', 50).ok).toBe(true);
    expect(limiter.take('a', 1).ok).toBe(false);
  });

  it('peeks without spending', () => {
    let t = 0;
    const limiter = createRateLimiter({ burst: 1, perSecond: 0.5, now: () => t });
    expect(limiter.peek('a').ok).toBe(true);
    expect(limiter.peek('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.peek('a')).toEqual({ ok: false, retryAfterSeconds: 2 });
    t = 2000;
    expect(limiter.peek('a').ok).toBe(true);
  });
});
