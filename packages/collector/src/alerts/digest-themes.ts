// A digest's themes for one survey and period: the few terms that stand out most on each side, from the insights' themes.
import type { Survey } from '@tellus/schema';
import { insightsFromStorage, SAMPLE_LIMITS } from '../results/insights-from-storage.js';
import type { Insights } from '../results/insights.js';
import type { Storage } from '../storage/types.js';

export interface DigestTheme {
  /** The normalised term (what the dashboard link opens) and how it was most often written. */
  term: string;
  label: string;
  language: string;
  /** Comments on its side that contain it. */
  count: number;
}

export interface DigestThemes {
  /** What the two sides are called ("detractors", "promoters"); null when the survey has no score question. */
  sides: { low: string; high: string } | null;
  /** Scored comments in the period that themes were looked for in. */
  comments: number;
  /** False when more comments were written than the sample read: the newest were used. */
  complete: boolean;
  /** Fewer scored comments than MIN_THEME_COMMENTS: themes are not looked for, the digest says so. */
  tooFew: boolean;
  low: DigestTheme[];
  high: DigestTheme[];
}

/** Below this many scored comments a "theme" is one or two people's words, so the digest names none. */
export const MIN_THEME_COMMENTS = 10;
export const THEMES_PER_SIDE = 3;

/** The strongest themes on each side across the survey's languages (largest |z| first), from insights' themes. */
export function digestThemes(themes: Insights['themes'], perSide = THEMES_PER_SIDE): DigestThemes {
  const comments = themes.languages.reduce((sum, l) => sum + l.comments, 0);
  const tooFew = comments < MIN_THEME_COMMENTS;
  const pick = (side: 'low' | 'high'): DigestTheme[] =>
    tooFew
      ? []
      : themes.languages
          .flatMap((l) => l.themes.filter((t) => t.side === side).map((t) => ({ theme: t, language: l.language })))
          .sort((a, b) => Math.abs(b.theme.z) - Math.abs(a.theme.z) || (a.theme.term < b.theme.term ? -1 : 1))
          .slice(0, perSide)
          .map(({ theme, language }) => ({ term: theme.term, label: theme.label, language, count: side === 'low' ? theme.low : theme.high }));
  return { sides: themes.sides, comments, complete: themes.sample.complete, tooFew, low: pick('low'), high: pick('high') };
}

/**
 * Themes in the period's comments, read as the insights route reads them (the newest comments, up to
 * SAMPLE_LIMITS.texts). Matrices and drivers are not part of a digest, so no responses are read for them.
 */
export async function themesForPeriod(storage: Pick<Storage, 'iterateResponses'>, survey: Survey, from: Date, to: Date): Promise<DigestThemes> {
  const insights = await insightsFromStorage(storage, survey, { from, to, completedOnly: true, limits: { responses: 0, texts: SAMPLE_LIMITS.texts } });
  return digestThemes(insights.themes);
}
