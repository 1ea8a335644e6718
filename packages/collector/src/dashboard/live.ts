// Keeps a view's data fresh: fetch once, then poll with the ETag while the tab is visible, so new answers show up by themselves.
import { useEffect, useState } from 'preact/hooks';
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

/** The JSON at `url` (null: nothing to fetch), refetched when `url` changes and polled every POLL_MS. */
export function useLive<T>(url: string | null, pollMs = POLL_MS): Live<T> {
  const [state, setState] = useState<Live<T>>({ data: null, error: null, loading: url !== null, updatedAt: null });
  useEffect(() => {
    if (url === null) return;
    let live = true;
    let etag: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => ({ ...s, loading: true }));
    const load = async () => {
      try {
        const got = await getIfChanged<T>(url, etag);
        if (!live) return;
        if (got) {
          etag = got.etag;
          setState({ data: got.body, error: null, loading: false, updatedAt: new Date() });
        } else setState((s) => (s.loading || s.error ? { ...s, loading: false, error: null } : s));
      } catch (error) {
        if (live) setState((s) => ({ ...s, error, loading: false }));
      }
      if (live) timer = setTimeout(tick, pollMs);
    };
    // A hidden tab does not poll; it catches up as soon as it is shown again.
    const tick = () => {
      if (document.visibilityState === 'visible') void load();
      else timer = undefined;
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible' && timer === undefined) void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [url, pollMs]);
  return state;
}
