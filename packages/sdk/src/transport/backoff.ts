// Retry timing: exponential backoff with full jitter and a cap; Retry-After wins when the server gives one.
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  random: () => number;
}

export interface Backoff {
  /** Delay before the next attempt; counts one more failed attempt. */
  next(retryAfterMs?: number): number;
  /** A probe delay that spends no attempt (while offline): full jitter up to the cap, so a long offline spell stays quiet. */
  peek(): number;
  reset(): void;
  readonly attempts: number;
}

/** Retry-After values beyond this are treated as this: a misconfigured proxy must not park answers for days. */
const MAX_RETRY_AFTER = 3_600_000;

export function createBackoff(o: BackoffOptions): Backoff {
  let attempts = 0;
  const ceiling = () => Math.min(o.capMs, o.baseMs * 2 ** Math.min(attempts, 30));
  return {
    next(retryAfterMs) {
      const delay = retryAfterMs !== undefined ? Math.min(Math.max(0, retryAfterMs), MAX_RETRY_AFTER) : Math.floor(o.random() * ceiling());
      attempts++;
      return delay;
    },
    peek: () => Math.floor(o.random() * o.capMs),
    reset: () => void (attempts = 0),
    get attempts() {
      return attempts;
    },
  };
}
