// Picks the UI locale (option → <html lang> → browser languages) among given tags: shared by tellus.js, which fetches
// that locale's strings beside the UI chunk, and the UI, so both make the same choice. No strings here (and few bytes:
// tellus.js is the first load).

/**
 * The locales with built-in strings (one file each in i18n/, two letters each); the script tag serves each but `en`
 * as `tellus-ui-<tag>.js`. A regular expression: the few bytes tellus.js can spare.
 */
export const BUILT_IN = /^(en|lv|fa|ms|tr|de|es|fr)(?![a-z])/i;

/** The built-in locale of the first candidate that has one (`fa-IR` and `fa_IR` → `fa`); `en` otherwise. */
export function builtInLocale(candidates: ReadonlyArray<string | null | undefined>): string {
  for (const c of candidates) {
    const m = BUILT_IN.exec(c || '');
    if (m) return m[1]!.toLowerCase();
  }
  return 'en';
}

/** The locale candidates of this page in order of precedence. */
export const pageLocales = (option?: string): Array<string | undefined> => [option, document.documentElement.lang, ...navigator.languages];

export const isRtl = (locale: string): boolean => ['ar', 'fa', 'he', 'ur', 'ps', 'yi'].includes(locale.toLowerCase().split(/[-_]/)[0]!);
