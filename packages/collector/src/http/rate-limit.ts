// Token buckets per key (site + client address), held only in memory and forgotten once full again.

export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  burst: number;
  /** Requests regained per second. */
  perSecond: number;
  /** Clock in ms; injectable so tests need no sleeps. */
  now?: () => number;
  /** Upper bound on remembered keys, so a flood of addresses cannot exhaust memory. */
  maxKeys?: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends `cost` tokens (default 1: one request; ingestion spends one per stored item). */
  take(key: string, cost?: number): RateDecision;
  /** Whether `cost` tokens are there, spending nothing (checked before a guess is judged). */
  peek(key: string, cost?: number): RateDecision;
}

// Every passing request gets this one frozen answer rather than an object of its own.
const PASS: RateDecision = Object.freeze({ ok: true });

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { burst, perSecond } = options;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const refill = (b: { tokens: number; at: number }, t: number) => {
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
    b.at = t;
  };

  function sweep(t: number) {
    for (const [k, b] of buckets) {
      refill(b, t);
      if (b.tokens >= burst) buckets.delete(k);
    }
    // Still too many busy keys: drop the oldest rather than grow without bound.
    for (const k of buckets.keys()) {
      if (buckets.size <= maxKeys * 0.9) break;
      buckets.delete(k);
    }
  }

  // A request costing more than the whole burst could never pass: it may spend the full bucket instead.
  const decide = (b: { tokens: number }, cost: number): RateDecision => {
    const need = Math.min(cost, burst);
    return b.tokens >= need ? PASS : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((need - b.tokens) / perSecond)) };
  };

  return {
    take(key, cost = 1) {
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) sweep(t);
        b = { tokens: burst, at: t };
        buckets.set(key, b);
      } else refill(b, t);
      const decision = decide(b, cost);
      if (decision.ok) b.tokens -= Math.min(cost, burst);
      return decision;
    },
    peek(key, cost = 1) {
      const b = buckets.get(key);
      if (!b) return PASS;
      refill(b, now());
      return decide(b, cost);
    },
  };
}
