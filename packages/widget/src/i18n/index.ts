// Picks the UI locale (option → <html lang> → browser languages) and its built-in strings and direction.
import type { Strings } from './strings';
import { en } from './en';
import { lv } from './lv';
import { fa } from './fa';
import { ms } from './ms';
import { tr } from './tr';
import { de } from './de';
import { es } from './es';
import { fr } from './fr';

export type { Strings } from './strings';
export { fill } from './strings';

export const LOCALES: Record<string, Strings> = { en, lv, fa, ms, tr, de, es, fr };
const RTL = ['ar', 'fa', 'he', 'ur', 'ps', 'yi'];

const base = (tag: string) => tag.toLowerCase().split(/[-_]/)[0] ?? '';

/** The first candidate we have strings for (exact tag, then its base language); `en` otherwise. */
export function chooseLocale(candidates: ReadonlyArray<string | null | undefined>, known: Record<string, unknown> = LOCALES): string {
  for (const c of candidates) {
    if (!c) continue;
    const tag = c.toLowerCase().replace('_', '-');
    if (tag in known) return tag;
    if (base(tag) in known) return base(tag);
  }
  return 'en';
}

/** The locale candidates of this page in order of precedence. */
export function pageLocales(option?: string): Array<string | undefined> {
  const d = typeof document === 'undefined' ? undefined : document.documentElement.lang;
  const n = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return [option, d, ...n];
}

export const stringsFor = (locale: string): Strings => LOCALES[locale] ?? LOCALES[base(locale)] ?? en;
export const isRtl = (locale: string): boolean => RTL.includes(base(locale));
