import { describe, expect, it, vi } from 'vitest';
import { createFetchTransport } from './fetch.js';

const batch = { siteKey: 'site_1', responses: [{ id: 'a' }] };

describe('fetch transport', () => {
  it('posts the batch as text/plain JSON without credentials and reads the ack', async () => {
    const fetch = vi.fn(async () => new Response('{"accepted":["a"],"duplicates":[],"rejected":[]}'));
    const t = createFetchTransport({ url: 'https://c.test/v1/responses', fetch, timeoutMs: 1000, now: () => 0 });
    expect(await t.send(batch)).toEqual({ kind: 'ack', ack: { accepted: ['a'], duplicates: [], rejected: [] } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://c.test/v1/responses');
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(JSON.parse(String(init.body))).toEqual(batch);
  });

  it('passes Retry-After through and treats a network error as retryable', async () => {
    const limited = createFetchTransport({
      url: 'u',
      fetch: async () => new Response('{"error":"slow down"}', { status: 429, headers: { 'retry-after': '3' } }),
      timeoutMs: 1000,
      now: () => 0,
    });
    expect(await limited.send(batch)).toEqual({ kind: 'retry', status: 429, retryAfterMs: 3000 });
    const down = createFetchTransport({ url: 'u', fetch: async () => Promise.reject(new TypeError('fetch failed')), timeoutMs: 1000, now: () => 0 });
    expect(await down.send(batch)).toEqual({ kind: 'retry', status: 0 });
  });

  it('gives up on a request that outlives its timeout', async () => {
    vi.useFakeTimers();
    try {
      const hang = createFetchTransport({
        url: 'u',
        fetch: (_u, init) => new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
        timeoutMs: 1000,
        now: () => 0,
      });
      const result = hang.send(batch);
      await vi.advanceTimersByTimeAsync(1000);
      expect(await result).toEqual({ kind: 'retry', status: 0 });
    } finally {
      vi.useRealTimers();
    }
  });
});
