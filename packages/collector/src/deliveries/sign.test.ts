import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './sign.js';
import { parseRetryAfter, retryDelay } from './backoff.js';

const SECRET = 'a-long-webhook-secret-0123456789';
const body = '{"event":"response.completed"}';

describe('webhook signatures', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const ts = String(now / 1000);
  const headers = { 'x-tellus-signature': signBody(SECRET, ts, body), 'x-tellus-timestamp': ts };

  it('verifies timestamp and body together, from Node or fetch headers', () => {
    expect(verifySignature(SECRET, body, headers, { now })).toBe(true);
    expect(verifySignature(SECRET, body, new Headers(headers), { now })).toBe(true);
    expect(verifySignature('another-secret-0123456789', body, headers, { now })).toBe(false);
    expect(verifySignature(SECRET, body + ' ', headers, { now })).toBe(false);
    // The same signature under another timestamp is not valid: the timestamp is signed.
    expect(verifySignature(SECRET, body, { ...headers, 'x-tellus-timestamp': String(now / 1000 + 1) }, { now })).toBe(false);
    expect(verifySignature(SECRET, body, {}, { now })).toBe(false);
  });

  it('refuses a replay of a day-old delivery, within any sensible tolerance', () => {
    const dayLater = now + 24 * 3600_000;
    expect(verifySignature(SECRET, body, headers, { now: dayLater })).toBe(false);
    expect(verifySignature(SECRET, body, headers, { now: dayLater, toleranceSeconds: 3600 })).toBe(false);
    expect(verifySignature(SECRET, body, headers, { now: now + 200_000 })).toBe(true);
    expect(verifySignature(SECRET, body, headers, { now: now + 200_000, toleranceSeconds: 60 })).toBe(false);
  });
});

describe('retry backoff', () => {
  const options = { baseDelayMs: 10_000, maxDelayMs: 3600_000, random: () => 1 };
  it('doubles up to the cap, with jitter in the lower half', () => {
    expect([1, 2, 3, 20].map((n) => retryDelay(n, options))).toEqual([10_000, 20_000, 40_000, 3600_000]);
    expect(retryDelay(3, { ...options, random: () => 0 })).toBe(20_000);
  });
  it('honours Retry-After within the bounds', () => {
    expect(retryDelay(1, options, parseRetryAfter('120'))).toBe(120_000);
    expect(retryDelay(1, options, parseRetryAfter('1'))).toBe(10_000);
    expect(parseRetryAfter(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(50_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
