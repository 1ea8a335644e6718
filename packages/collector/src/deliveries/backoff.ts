// When a failed delivery is tried again: exponential backoff with jitter, capped, honouring Retry-After.

export interface BackoffOptions {
  /** Delay after the first failure (default 10 s); doubles with each attempt. */
  baseDelayMs: number;
  /** Longest wait between attempts (default 1 h), so a receiver that comes back is found within the hour. */
  maxDelayMs: number;
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 10_000, maxDelayMs: 60 * 60_000, random: Math.random };

/** `attempts` counts the tries made so far (1 after the first failure). */
export function retryDelay(attempts: number, options: BackoffOptions, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(options.maxDelayMs, Math.max(retryAfterMs, options.baseDelayMs));
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempts - 1, 30));
  // Half fixed, half random: many deliveries that failed together do not come back in lockstep.
  return exp / 2 + (options.random() * exp) / 2;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
