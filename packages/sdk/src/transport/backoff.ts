// Retry timing: exponential backoff with full jitter and a cap; a Retry-After from the server is waited out at least.
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
      const delay = Math.floor(o.random() * ceiling());
      attempts++;
      // Retry-After is a floor, not a licence: "0" or a past date on every 429 must still back off, not spin.
      return retryAfterMs === undefined ? delay : Math.max(delay, Math.min(retryAfterMs, MAX_RETRY_AFTER));
    },
    peek: () => Math.floor(o.random() * o.capMs),
    reset: () => void (attempts = 0),
    get attempts() {
      return attempts;
    },
  };
}
