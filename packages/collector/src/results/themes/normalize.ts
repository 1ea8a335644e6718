// Per-language text normalisation before counting words: Persian/Arabic letter variants, ZWNJ, Turkish i, case.

// Arabic code points that Persian writes with its own letters, and hamza forms folded to the bare letter.
const ARABIC_TO_PERSIAN: Record<string, string> = {
  '\u064A': '\u06CC', // ي Arabic yeh → ی
  '\u0649': '\u06CC', // ى alef maksura → ی
  '\u0643': '\u06A9', // ك Arabic kaf → ک
  '\u0629': '\u0647', // ة teh marbuta → ه
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0624': '\u0648', // ؤ → و
};
const ARABIC_VARIANTS = /[\u064A\u0649\u0643\u0629\u0623\u0625\u0671\u0624]/g;
// Harakat, superscript alef and tatweel: optional marks that split one word into several spellings.
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640]/g;
// ZWNJ joins a Persian word's parts without a space (می‌خواهم): dropped, so with or without it is one word.
// ZWJ and the direction marks carry no meaning for counting either.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each joiner and mark is removed on its own, never as part of a sequence
const INVISIBLES = /[\u200C\u200D\u200E\u200F\u061C]/g;

/** Languages whose letters Turkish-style casing applies to (dotted İ → i, I → ı). */
const TURKIC = new Set(['tr', 'az']);

/**
 * The text as words are counted: NFKC (which also unfolds Arabic presentation forms), Persian letter
 * variants unified, ZWNJ and marks removed, lower-cased by the language's rules. Latvian (and any
 * other) diacritics are kept: ā and a are different letters there.
 */
export function normalizeText(text: string, language: string): string {
  let out = text.normalize('NFKC').replace(INVISIBLES, '');
  if (/[\u0600-\u06FF]/.test(out)) out = out.replace(ARABIC_MARKS, '').replace(ARABIC_VARIANTS, (c) => ARABIC_TO_PERSIAN[c] ?? c);
  return TURKIC.has(language) ? out.toLocaleLowerCase('tr') : out.toLowerCase();
}
