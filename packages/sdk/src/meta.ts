// Builds a response's meta from page, options, identify/setMeta and trigger props, within the collector's rules.
import type { Attributes, MetaValue } from './options.js';

const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_KEYS = 50;
const MAX_VALUE = 2000;

/** The page URL without query or hash: queries often carry tokens and e-mail addresses. */
export const pageUrl = (href: string) => {
  try {
    const u = new URL(href);
    return u.origin + u.pathname;
  } catch {
    return '';
  }
};

/** Later sources win; invalid keys and values are dropped (not sent to be rejected), long strings cut. */
export function buildMeta(...sources: (Attributes | undefined)[]): Record<string, MetaValue> {
  const out: Record<string, MetaValue> = {};
  for (const src of sources)
    for (const [k, v] of Object.entries(src ?? {})) {
      if (!KEY.test(k)) continue;
      if (typeof v === 'string') out[k] = v.slice(0, MAX_VALUE);
      else if (v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
    }
  const keys = Object.keys(out);
  // Over the limit, keep the last-written keys: page facts (url, locale) are written last.
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_KEYS))) delete out[k];
  return out;
}
