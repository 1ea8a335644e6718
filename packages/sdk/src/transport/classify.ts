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

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** An ack body we can trust, or null (then nothing is deleted and the batch is retried). */
export function readAck(body: unknown): AckResult | null {
  const b = body as Partial<AckResult> | null;
  if (!b || typeof b !== 'object' || !isStrings(b.accepted) || !isStrings(b.duplicates ?? [])) return null;
  const rejected = Array.isArray(b.rejected) ? b.rejected.filter((x) => x && typeof x.id === 'string') : [];
  return { accepted: b.accepted, duplicates: b.duplicates ?? [], rejected: rejected.map((x) => ({ id: x.id, error: String(x.error) })) };
}

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
  return { kind: 'fail', status, error: typeof error === 'string' ? error : `HTTP ${status}` };
}
