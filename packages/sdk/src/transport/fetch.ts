// The base transport: POST a batch to the collector with fetch, bounded by a timeout, and the page-hide beacon to the same URL.
import type { Batch } from '@tellus/schema';
import { sendBeacon } from './beacon.js';
import { classify } from './classify.js';
import { textPost } from './text-post.js';
import type { SendResult, Transport } from './types.js';

export interface FetchTransportOptions {
  url: string;
  /** Absent (no fetch in this environment): every send is a network failure, retried later. */
  fetch: typeof fetch | undefined;
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
        if (!o.fetch) throw new Error('no fetch');
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
    beacon: (batch) => sendBeacon(o.url, batch, o.fetch),
  };
}
