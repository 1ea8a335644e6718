import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff.js';
import { classify, parseRetryAfter } from './classify.js';

const ack = { accepted: ['a'], duplicates: [], rejected: [] };

describe('classify', () => {
  it.each([408, 429, 500, 502, 503, 504, 599])('retries status %i', (status) => {
    expect(classify(status, null, null, 0).kind).toBe('retry');
  });

  it.each([400, 415, 422, 501, 505])('fails status %i for good', (status) => {
    expect(classify(status, { error: 'nope' }, null, 0)).toEqual({ kind: 'fail', status, error: 'nope' });
  });

  it.each([401, 403, 404])('reads status %i for a whole batch as the site refused (configuration), not the answers', (status) => {
    expect(classify(status, { error: 'origin not allowed' }, null, 0)).toEqual({ kind: 'refused', status, error: 'origin not allowed' });
  });

  it('halves on 413', () => {
    expect(classify(413, null, null, 0)).toEqual({ kind: 'split', status: 413 });
  });

  it('reads a 200 ack and retries a 200 whose body is not an ack', () => {
    expect(classify(200, ack, null, 0)).toEqual({ kind: 'ack', ack });
    expect(classify(200, '<html>', null, 0).kind).toBe('retry');
  });

  it('carries Retry-After in seconds or as an HTTP date', () => {
    expect(classify(429, null, '7', 0)).toEqual({ kind: 'retry', status: 429, retryAfterMs: 7000 });
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('grows exponentially under full jitter and stops at the cap', () => {
    const b = createBackoff({ baseMs: 100, capMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5].map(() => b.next())).toEqual([99, 199, 399, 799, 999]);
    expect(b.attempts).toBe(5);
    b.reset();
    expect(b.next()).toBe(99);
  });

  it('draws anywhere from zero up to the ceiling (full jitter)', () => {
    const b = createBackoff({ baseMs: 100, capMs: 1000, random: () => 0 });
    expect(b.next()).toBe(0);
  });

  it('waits at least Retry-After when given, bounded to an hour', () => {
    const b = createBackoff({ baseMs: 100, capMs: 1000, random: () => 0.5 });
    expect(b.next(5000)).toBe(5000);
    expect(b.next(10 * 3_600_000)).toBe(3_600_000);
  });

  it('still backs off when Retry-After is zero', () => {
    const b = createBackoff({ baseMs: 100, capMs: 1000, random: () => 0.5 });
    expect([1, 2, 3].map(() => b.next(0))).toEqual([50, 100, 200]);
  });

  it('peeks a probe delay (jitter up to the cap) without spending an attempt', () => {
    const b = createBackoff({ baseMs: 100, capMs: 1000, random: () => 0.5 });
    expect(b.peek()).toBe(500);
    expect(b.attempts).toBe(0);
  });
});
