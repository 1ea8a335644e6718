// The base transport: POST a batch to the collector with fetch, bounded by a timeout.
import type { Batch } from '@tellus/schema';
import { classify } from './classify.js';
import type { SendResult, Transport } from './types.js';

export interface FetchTransportOptions {
  url: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

export const TEXT_PLAIN = 'text/plain;charset=UTF-8';

/** A POST of JSON as text/plain: a "simple" request (no CORS preflight), the same body a beacon sends. */
export const textPost = (body: string, keepalive = false): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': TEXT_PLAIN },
  body,
  keepalive,
  credentials: 'omit',
});

export function createFetchTransport(o: FetchTransportOptions): Transport {
  return {
    async send(batch: Batch, signal?: AbortSignal): Promise<SendResult> {
      const ctl = new AbortController();
      const abort = () => ctl.abort();
      signal?.addEventListener('abort', abort);
      const timer = setTimeout(abort, o.timeoutMs);
      try {
        const res = await o.fetch(o.url, { ...textPost(JSON.stringify(batch)), signal: ctl.signal });
        let body: unknown = null;
        try {
          body = await res.json();
        } catch {
          // Non-JSON bodies (proxies, HTML error pages) still classify by status.
        }
        return classify(res.status, body, res.headers.get('retry-after'), o.now());
      } catch {
        // Network error, timeout or abort: nothing is known about delivery.
        return { kind: 'retry', status: 0 };
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      }
    },
  };
}
