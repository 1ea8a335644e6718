// The UI locale and its built-in strings and direction.
import type { Strings } from './strings';
import { en } from './en';
import { LOCALES } from './locales';

export type { Strings } from './strings';
export { fill } from './strings';
export { LOCALES };
export { pageLocales, isRtl } from './choose';

const base = (tag: string) => tag.toLowerCase().split(/[-_]/)[0] ?? '';

/**
 * The first candidate we have strings for (exact tag, then its base language); `en` otherwise. For the built-in
 * locales this is the choice `builtInLocale` (./choose) makes in tellus.js before the UI chunk loads.
 */
export function chooseLocale(candidates: ReadonlyArray<string | null | undefined>, known: Record<string, unknown> = LOCALES): string {
  for (const c of candidates) {
    if (!c) continue;
    const tag = c.toLowerCase().replace('_', '-');
    if (tag in known) return tag;
    if (base(tag) in known) return base(tag);
  }
  return 'en';
}

export const stringsFor = (locale: string): Strings => LOCALES[locale] ?? LOCALES[base(locale)] ?? en;
