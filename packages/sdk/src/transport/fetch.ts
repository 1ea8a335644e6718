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

export function createFetchTransport(o: FetchTransportOptions): Transport {
  return {
    async send(batch: Batch, signal?: AbortSignal): Promise<SendResult> {
      const ctl = new AbortController();
      const abort = () => ctl.abort();
      signal?.addEventListener('abort', abort);
      const timer = setTimeout(abort, o.timeoutMs);
      try {
        // text/plain keeps the request "simple": no CORS preflight, the same body a beacon sends.
        const res = await o.fetch(o.url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain;charset=UTF-8' },
          body: JSON.stringify(batch),
          signal: ctl.signal,
          credentials: 'omit',
        });
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
