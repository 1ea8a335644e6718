// Themes in free text: per language, the words and phrases that stand out in unhappy versus happy comments, each with its comments.
import { logOddsZ, type TermCounts } from './log-odds.js';
import { terms } from './tokenize.js';

export { normalizeText } from './normalize.js';
export { terms } from './tokenize.js';
export { logOddsZ } from './log-odds.js';

/** One comment with its language and which side its headline answer puts it on. */
export interface ThemeComment {
  id: string;
  text: string;
  language: string;
  side: 'low' | 'high' | 'middle';
}

export interface Theme {
  /** The normalised term ("long wait"), and how it was most often written. */
  term: string;
  label: string;
  /** Which side it stands out for: low (detractors, dissatisfied) or high (promoters, satisfied). */
  side: 'low' | 'high';
  /** Log-odds z-score (positive: low side). */
  z: number;
  /** Comments on each side containing it. */
  low: number;
  high: number;
  /** Ids of the comments on its side that contain it, newest first as given (at most `commentsPerTheme`). */
  comments: string[];
}

export interface LanguageThemes {
  language: string;
  comments: number;
  low: number;
  high: number;
  themes: Theme[];
}

export interface ThemeOptions {
  /** |z| at least this to be a theme (1.96: a two-sided 5% level for one term). */
  minZ?: number;
  /** A theme must appear in at least this many comments of its side. */
  minComments?: number;
  /** Themes per side and language. */
  perSide?: number;
  commentsPerTheme?: number;
}

export const THEME_DEFAULTS = { minZ: 1.96, minComments: 2, perSide: 10, commentsPerTheme: 20 } as const;

/**
 * Themes for each language present, languages with the most comments first. A term counts once per
 * comment, so one long rant does not make a theme. Pass comments newest first: each theme's comment
 * list keeps that order.
 */
export function findThemes(comments: readonly ThemeComment[], options: ThemeOptions = {}): LanguageThemes[] {
  const { minZ, minComments, perSide, commentsPerTheme } = { ...THEME_DEFAULTS, ...options };
  const byLanguage = new Map<string, ThemeComment[]>();
  for (const c of comments) {
    let list = byLanguage.get(c.language);
    if (!list) byLanguage.set(c.language, (list = []));
    list.push(c);
  }
  const out: LanguageThemes[] = [];
  for (const [language, list] of byLanguage) {
    const counts = new Map<string, TermCounts>();
    const surfaces = new Map<string, Map<string, number>>();
    const where = new Map<string, string[]>();
    for (const c of list) {
      const seen = new Set<string>();
      for (const t of terms(c.text, language)) {
        const forms = surfaces.get(t.key) ?? new Map<string, number>();
        surfaces.set(t.key, forms.set(t.surface, (forms.get(t.surface) ?? 0) + 1));
        if (seen.has(t.key)) continue;
        seen.add(t.key);
        const count = counts.get(t.key) ?? { a: 0, b: 0, all: 0 };
        count.all++;
        if (c.side === 'low') count.a++;
        if (c.side === 'high') count.b++;
        counts.set(t.key, count);
        if (c.side !== 'middle') {
          const key = `${c.side}\u0000${t.key}`;
          const ids = where.get(key) ?? [];
          if (ids.length < commentsPerTheme) ids.push(c.id);
          where.set(key, ids);
        }
      }
    }
    const z = logOddsZ(counts);
    const label = (term: string) =>
      [...(surfaces.get(term) ?? new Map<string, number>())].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0] ?? term;
    const themes: Theme[] = [];
    for (const side of ['low', 'high'] as const) {
      const picked = [...z]
        .filter(
          ([term, score]) => (side === 'low' ? score >= minZ : score <= -minZ) && (side === 'low' ? counts.get(term)!.a : counts.get(term)!.b) >= minComments,
        )
        .sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]) || (x[0] < y[0] ? -1 : 1))
        .slice(0, perSide);
      for (const [term, score] of picked) {
        const c = counts.get(term)!;
        themes.push({ term, label: label(term), side, z: score, low: c.a, high: c.b, comments: where.get(`${side}\u0000${term}`) ?? [] });
      }
    }
    out.push({ language, comments: list.length, low: list.filter((c) => c.side === 'low').length, high: list.filter((c) => c.side === 'high').length, themes });
  }
  return out.sort((x, y) => y.comments - x.comments || (x.language < y.language ? -1 : 1));
}
