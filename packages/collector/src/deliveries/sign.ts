// Webhook signatures: `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` under the destination's secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Tellus-Signature';
export const TIMESTAMP_HEADER = 'X-Tellus-Timestamp';
/** Stable across retries of one delivery: receivers drop an id they have already handled. */
export const EVENT_ID_HEADER = 'X-Tellus-Event-Id';

/** The timestamp (Unix seconds, as sent in X-Tellus-Timestamp) is signed with the body, so an old delivery cannot be replayed as new. */
export const signBody = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** Request headers as Node (`req.headers`) or fetch (`Headers`) hands them out. */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

const header = (headers: HeaderSource, name: string): string | undefined => {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

export interface VerifyOptions {
  /** How far the timestamp may be from now, either way (default 300 s). */
  toleranceSeconds?: number;
  now?: number;
}

/**
 * For receivers (and tests): checks X-Tellus-Signature against the raw body and X-Tellus-Timestamp in
 * constant time, and refuses a timestamp outside the tolerance, so a captured delivery replayed a day later fails.
 * @example verifySignature(secret, rawBody, req.headers, { toleranceSeconds: 300 })
 */
export function verifySignature(secret: string, body: string, headers: HeaderSource, options: VerifyOptions = {}): boolean {
  const signature = header(headers, SIGNATURE_HEADER);
  const timestamp = header(headers, TIMESTAMP_HEADER);
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = (options.now ?? Date.now()) / 1000;
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const want = Buffer.from(signBody(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
