// The one transport interface: send a batch, get back what to do with it.
import type { AckResult, Batch } from '@tellus/schema';

/**
 * - `ack`: the collector answered per item; only ids in accepted/duplicates may leave the queue.
 * - `retry`: nothing was decided (network error, 408, 429, 5xx); try again later, after `retryAfterMs` if given.
 * - `split`: 413, the batch is too large; halve it.
 * - `refused`: 401, 403 or 404 for the whole batch: the site's configuration (site key, allowed origins, endpoint)
 *   is wrong, which the business fixes later; nothing is wrong with the answers, so they wait.
 * - `fail`: the request itself is refused (other 4xx, 501, 505); retrying cannot help.
 */
export type SendResult =
  | { kind: 'ack'; ack: AckResult }
  | { kind: 'retry'; status: number; retryAfterMs?: number }
  | { kind: 'split'; status: 413 }
  | { kind: 'refused'; status: number; error: string }
  | { kind: 'fail'; status: number; error: string };

export interface Transport {
  send(batch: Batch, signal?: AbortSignal): Promise<SendResult>;
  /** Best effort while the page goes away (sendBeacon or fetch keepalive); never an acknowledgement. False: not sent. */
  beacon(batch: Batch): boolean;
}
