// Stop words per language from the maintained stopwords-iso lists, normalised the same way as the comments.
import { createRequire } from 'node:module';
import { normalizeText } from './normalize.js';

const lists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[] | undefined>;
const cache = new Map<string, ReadonlySet<string>>();

// Words that carry no theme in customer comments but are missing from a list (checked against stopwords-iso 1.1).
const EXTRA: Record<string, string[]> = {
  lv: ['ļoti', 'arī', 'paldies', 'bija', 'nav', 'ir'],
  ms: ['sangat', 'terima', 'kasih', 'saya', 'yang'],
  fa: ['خیلی', 'ممنون', 'بود'],
  tr: ['çok', 'teşekkürler'],
  en: ['thanks', 'thank'],
};

/** The language's stop words (empty for a language without a list). */
export function stopWordsOf(language: string): ReadonlySet<string> {
  let set = cache.get(language);
  if (!set) {
    const words = [...(lists[language] ?? []), ...(EXTRA[language] ?? [])];
    cache.set(language, (set = new Set(words.map((w) => normalizeText(w, language)))));
  }
  return set;
}
