// Best-effort send while the page goes away: sendBeacon, else fetch keepalive. Never an acknowledgement.
import { LIMITS, type Batch } from '@tellus/schema';
import { TEXT_PLAIN, textPost } from './text-post.js';

/** Beacon and keepalive bodies are capped by browsers at 64 KiB in total; the collector's batch limit stays under it. */
export const BEACON_MAX_BYTES = LIMITS.batchBytes;

/** The caller keeps the batch under BEACON_MAX_BYTES. */
export function sendBeacon(url: string, batch: Batch, fetchFn: typeof fetch | undefined): boolean {
  const body = JSON.stringify(batch);
  try {
    const nav = typeof navigator === 'undefined' ? undefined : navigator;
    if (nav?.sendBeacon && nav.sendBeacon(url, new Blob([body], { type: TEXT_PLAIN }))) return true;
    fetchFn?.(url, textPost(body, true)).catch(() => undefined);
    return !!fetchFn;
  } catch {
    return false;
  }
}
