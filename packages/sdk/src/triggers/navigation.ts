// Notices SPA navigation without patching history: popstate/hashchange, the Navigation API when present, and a slow poll.
import { listen } from '../listen.js';

/** Calls `onChange(href)` when location.href changes; returns a stop function. `check` is for callers that know a change is likely. */
export function watchNavigation(onChange: (href: string) => void, pollMs: number): { stop(): void; check(): void } {
  if (typeof window === 'undefined') return { stop: () => undefined, check: () => undefined };
  let last = location.href;
  const check = () => {
    const href = location.href;
    if (href !== last) {
      last = href;
      onChange(href);
    }
  };
  const offs = [
    listen(window, 'popstate', check),
    listen(window, 'hashchange', check),
    listen((window as { navigation?: EventTarget }).navigation, 'navigatesuccess', check),
  ];
  // pushState fires no event; a poll catches it without wrapping the host's history methods.
  const timer = pollMs > 0 ? setInterval(check, pollMs) : undefined;
  return {
    check,
    stop() {
      clearInterval(timer);
      offs.forEach((off) => off());
    },
  };
}
