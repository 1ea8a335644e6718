// Builds a response's meta from page, options, identify/setMeta and trigger props, within the collector's rules.
import { LIMITS } from '@tellus/schema/answer-checks';
import type { Attributes, MetaValue } from './options.js';

const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/**
 * Later sources overwrite earlier values; past the key limit, keys seen first stay (pass page facts first).
 * Invalid keys and values are dropped rather than sent to be rejected; long strings are cut.
 */
export function buildMeta(...sources: (Attributes | undefined)[]): Record<string, MetaValue> {
  const out: Record<string, MetaValue> = {};
  let n = 0;
  for (const src of sources)
    for (const [k, v] of Object.entries(src ?? {}))
      if (KEY.test(k) && (k in out || n++ < LIMITS.metaKeys) && (v === null || ['string', 'boolean'].includes(typeof v) || Number.isFinite(v)))
        out[k] = typeof v === 'string' ? v.slice(0, LIMITS.metaValueMax) : v;
  return out;
}
