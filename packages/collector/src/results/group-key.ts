// The group a response falls in for groupBy: its attribute value as text, "(none)" without one, a locale by its language.

export const NO_VALUE = '(none)';

/** A locale's language subtag, lower-cased: `en-US`, `en_us` and `EN` are all `en`. */
export const languageOf = (locale: string) => locale.split(/[-_]/)[0]!.toLowerCase();

/** Locale values are grouped by language unless `localeGrouping` is `tag`. */
export function groupKeyOf(groupBy: string | undefined, localeGrouping: 'language' | 'tag' | undefined): (raw: unknown) => string {
  const byLanguage = groupBy === 'locale' && localeGrouping !== 'tag';
  return (raw) => (raw === undefined || raw === null || raw === '' ? NO_VALUE : byLanguage && typeof raw === 'string' ? languageOf(raw) : String(raw));
}
