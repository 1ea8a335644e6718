// Keeps a view's data fresh: fetch once, then poll with the ETag while the tab is visible, so new answers show up by themselves.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getIfChanged } from './api.js';

/** How often an open, visible dashboard asks whether anything changed. */
export const POLL_MS = 15_000;

export interface Live<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** When the data last changed (a new body arrived). */
  updatedAt: Date | null;
}

/**
 * The JSON at `url` (null: nothing to fetch), refetched when `url` or `refresh` changes, and polled
 * every `pollMs` (0: never; for a costly view that refreshes only when a cheaper one saw a change).
 */
export function useLive<T>(url: string | null, pollMs = POLL_MS, refresh: unknown = null): Live<T> {
  const [state, setState] = useState<Live<T>>({ data: null, error: null, loading: url !== null, updatedAt: null });
  // The ETag of the body shown, kept across refreshes of the same URL so an unchanged view costs a 304.
  const shown = useRef<{ url: string; etag: string | null } | null>(null);
  useEffect(() => {
    if (url === null) return;
    let live = true;
    let etag: string | null = shown.current?.url === url ? shown.current.etag : null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => ({ ...s, loading: true }));
    const load = async () => {
      try {
        const got = await getIfChanged<T>(url, etag);
        if (!live) return;
        if (got) {
          etag = got.etag;
          shown.current = { url, etag };
          setState({ data: got.body, error: null, loading: false, updatedAt: new Date() });
        } else setState((s) => (s.loading || s.error ? { ...s, loading: false, error: null } : s));
      } catch (error) {
        if (live) setState((s) => ({ ...s, error, loading: false }));
      }
      if (live && pollMs > 0) timer = setTimeout(tick, pollMs);
    };
    // A hidden tab does not poll; it catches up as soon as it is shown again.
    const tick = () => {
      if (document.visibilityState === 'visible') void load();
      else timer = undefined;
    };
    const onVisible = () => {
      if (pollMs > 0 && document.visibilityState === 'visible' && timer === undefined) void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [url, pollMs, refresh]);
  return state;
}
