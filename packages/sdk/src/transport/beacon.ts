// Best-effort send while the page goes away: sendBeacon, else fetch keepalive. Never an acknowledgement.
import type { Batch } from '@tellus/schema';

/** Beacon and keepalive bodies are capped by browsers at 64 KiB in total; stay under it. */
export const BEACON_MAX_BYTES = 60_000;

export function sendBeacon(url: string, batch: Batch, fetchFn: typeof fetch | undefined): boolean {
  const body = JSON.stringify(batch);
  if (new TextEncoder().encode(body).length > BEACON_MAX_BYTES) return false;
  try {
    const nav = typeof navigator === 'undefined' ? undefined : navigator;
    if (nav?.sendBeacon && nav.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) return true;
    if (!fetchFn) return false;
    fetchFn(url, { method: 'POST', body, keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain;charset=UTF-8' } }).catch(
      () => undefined,
    );
    return true;
  } catch {
    return false;
  }
}
