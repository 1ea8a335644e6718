// POSTs one JSON body and turns the answer into an Outcome; redirects are refused, the time is bounded.
import { parseRetryAfter } from './backoff.js';
import { describeError, type Outcome } from './outcome.js';

export interface PostOptions {
  fetch: typeof fetch;
  timeoutMs: number;
}

export async function postJson(url: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<Outcome> {
  try {
    const res = await options.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'tellus-collector', ...headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const retryAfter = res.headers.get('retry-after');
    await res.body?.cancel().catch(() => {});
    if (res.ok) return { kind: 'delivered' };
    const error = `HTTP ${res.status}`;
    if (res.status === 408 || res.status === 429 || res.status >= 500) return { kind: 'retry', error, retryAfterMs: parseRetryAfter(retryAfter) };
    return { kind: 'refused', error };
  } catch (err) {
    return { kind: 'retry', error: describeError(err) };
  }
}
