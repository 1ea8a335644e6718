// The UI locale and its built-in strings and direction.
import type { Strings } from './strings';
import { en } from './en';
import { LOCALES } from './locales';
import { pageLocales as browserLocales } from './choose';

export type { Strings } from './strings';
export { fill } from './strings';
export { LOCALES };
export { isRtl } from './choose';

/** The locale candidates of this page in order of precedence (only the option outside a browser). */
export const pageLocales = (option?: string): Array<string | undefined> => (typeof document === 'undefined' ? [option] : browserLocales(option));

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
