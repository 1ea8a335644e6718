// Picks the UI locale (option → <html lang> → browser languages) among given tags: shared by tellus.js, which fetches
// that locale's strings beside the UI chunk, and the UI, so both make the same choice. No strings here (and few bytes:
// tellus.js is the first load).

/**
 * The locales with built-in strings (one file each in i18n/, two letters each), as a pattern that finds the first
 * candidate among comma-separated ones: the script tag serves each but `en` as `tellus-ui-<tag>.js`.
 */
export const BUILT_IN = /(?:^|,)(en|lv|fa|ms|tr|de|es|fr)(?![a-z])/i;

/**
 * The built-in locale of the first candidate that has one (`fa-IR` and `fa_IR` → `fa`); `en` otherwise. Candidates are
 * matched joined by commas (an array's string, where a missing one is empty): the fewest bytes tellus.js can carry.
 */
export const builtInLocale = (candidates: ReadonlyArray<string | null | undefined>): string => (BUILT_IN.exec(String(candidates))?.[1] ?? 'en').toLowerCase();

/** The locale candidates of this page in order of precedence (in a browser: `pageLocales` from the package index is the SSR-safe one). */
export const pageLocales = (option?: string): Array<string | undefined> => [option, document.documentElement.lang, ...navigator.languages];

export const isRtl = (locale: string): boolean => ['ar', 'fa', 'he', 'ur', 'ps', 'yi'].includes(locale.toLowerCase().split(/[-_]/)[0]!);
