// Webhook signatures: `sha256=<hex HMAC-SHA256 of the raw body>` under the survey's secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Tellus-Signature';
export const TIMESTAMP_HEADER = 'X-Tellus-Timestamp';

export const signBody = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** For receivers (and tests): checks a signature header against the raw body in constant time. */
export function verifySignature(secret: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const want = Buffer.from(signBody(secret, body));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}
