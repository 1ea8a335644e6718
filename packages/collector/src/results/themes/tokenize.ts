// Splits a comment into normalised words and two-word phrases, skipping stop words, numbers and single letters.
import { normalizeText } from './normalize.js';
import { stopWordsOf } from './stopwords.js';

const segmenters = new Map<string, Intl.Segmenter>();
function segmenterOf(language: string): Intl.Segmenter {
  let s = segmenters.get(language);
  if (!s) {
    let locale = 'und';
    try {
      locale = Intl.getCanonicalLocales(language)[0] ?? 'und';
    } catch {
      // Not a language tag: segment by the root rules.
    }
    segmenters.set(language, (s = new Intl.Segmenter(locale, { granularity: 'word' })));
  }
  return s;
}

const HAS_LETTER = /\p{L}/u;

export interface Term {
  /** The normalised term, e.g. "long wait". */
  key: string;
  /** The words as the comment wrote them (before normalisation), for display. */
  surface: string;
}

/**
 * Words that are not stop words, and each pair of such words standing next to each other (a stop word,
 * punctuation or a number in between breaks the pair), in the order they appear.
 *
 * @example terms('Waited too long, long wait!', 'en') // → keys "waited", "long", "long", "wait", "long wait"
 */
export function terms(text: string, language: string): Term[] {
  const stop = stopWordsOf(language);
  const out: Term[] = [];
  let previous: Term | null = null;
  for (const seg of segmenterOf(language).segment(text)) {
    if (!seg.isWordLike) {
      // Spaces keep a pair together; anything else (punctuation) ends it.
      if (seg.segment.trim() !== '') previous = null;
      continue;
    }
    const key = normalizeText(seg.segment, language);
    if ([...key].length < 2 || !HAS_LETTER.test(key) || stop.has(key)) {
      previous = null;
      continue;
    }
    const word = { key, surface: seg.segment };
    out.push(word);
    if (previous) out.push({ key: `${previous.key} ${key}`, surface: `${previous.surface} ${seg.segment}` });
    previous = word;
  }
  return out;
}
