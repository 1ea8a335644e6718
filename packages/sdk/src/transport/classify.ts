// Maps an HTTP answer to a SendResult: which statuses retry, split, or fail for good.
import type { AckResult } from '@tellus/schema';
import type { SendResult } from './types.js';

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);

/**
 * An ack body, or null when it is not one (then nothing is deleted and the batch is retried).
 * Entries are matched against the ids sent, so stray values in the lists do no harm.
 */
export function readAck(body: unknown): AckResult | null {
  const b = body as Partial<AckResult> | null;
  return b && Array.isArray(b.accepted)
    ? { accepted: b.accepted, duplicates: list(b.duplicates), rejected: list(b.rejected).filter((x) => x && typeof x.error === 'string') }
    : null;
}

/** Statuses that refuse the site, not its answers: an unknown site key or origin (401/403), a moved route (404). */
const CONFIGURATION = [401, 403, 404];

export const isRetryable = (status: number) => status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);

export function classify(status: number, body: unknown, retryAfter: string | null, now: number): SendResult {
  if (status >= 200 && status < 300) {
    const ack = readAck(body);
    return ack ? { kind: 'ack', ack } : { kind: 'retry', status };
  }
  if (status === 413) return { kind: 'split', status };
  if (isRetryable(status)) {
    const ms = parseRetryAfter(retryAfter, now);
    return ms === undefined ? { kind: 'retry', status } : { kind: 'retry', status, retryAfterMs: ms };
  }
  const error = (body as { error?: unknown } | null)?.error;
  const reason = typeof error === 'string' ? error : `HTTP ${status}`;
  return CONFIGURATION.includes(status) ? { kind: 'refused', status, error: reason } : { kind: 'fail', status, error: reason };
}
