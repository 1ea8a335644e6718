// @vitest-environment jsdom
// Locale choice (option → <html lang> → browser) and completeness of the built-in strings.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCALES, chooseLocale, isRtl, pageLocales, stringsFor } from './index';
import { fill } from './strings';
import { BUILT_IN, builtInLocale } from './choose';

afterEach(() => {
  document.documentElement.lang = '';
  vi.restoreAllMocks();
});

describe('chooseLocale', () => {
  it('prefers the option, then <html lang>, then the browser languages', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['tr-TR', 'en']);
    document.documentElement.lang = 'ms';
    expect(chooseLocale(pageLocales('lv'))).toBe('lv');
    expect(chooseLocale(pageLocales())).toBe('ms');
    document.documentElement.lang = '';
    expect(chooseLocale(pageLocales())).toBe('tr');
  });

  it('matches a regional tag to its language and skips languages without strings', () => {
    expect(chooseLocale(['fa-IR'])).toBe('fa');
    expect(chooseLocale(['pt-BR', 'de_AT'])).toBe('de');
    expect(chooseLocale(['xx', undefined, ''])).toBe('en');
  });
});

describe('builtInLocale (what tellus.js picks before the UI chunk arrives)', () => {
  it('knows exactly the locales that have strings', () => {
    const tags = Object.keys(LOCALES);
    for (const tag of tags) expect(builtInLocale([tag.toUpperCase()]), tag).toBe(tag);
    expect(/\(([a-z|]+)\)/.exec(BUILT_IN.source)![1]!.split('|').sort()).toEqual(tags.sort());
  });

  it('picks what chooseLocale picks among the built-in locales', () => {
    const cases = [
      ['fa-IR'],
      ['de_AT'],
      ['pt-BR', 'de_AT'],
      ['xx', undefined, ''],
      ['EN-gb', 'fa'],
      ['fas', 'tr'],
      ['ms', 'lv'],
      [null, 'es-419'],
      ['fil', 'fr-CA'],
    ];
    for (const c of cases) expect(builtInLocale(c), String(c)).toBe(chooseLocale(c));
  });
});

describe('built-in strings', () => {
  it('exist for en, lv, fa, ms, tr (and de, es, fr) with every key filled', () => {
    for (const l of ['en', 'lv', 'fa', 'ms', 'tr', 'de', 'es', 'fr']) {
      const s = LOCALES[l]!;
      expect(Object.keys(s).sort()).toEqual(Object.keys(LOCALES.en!).sort());
      for (const v of Object.values(s)) expect(v.trim()).not.toBe('');
      expect(s.progress).toContain('{n}');
      expect(s.progress).toContain('{max}');
      expect(s.left).toContain('{n}');
    }
  });

  it('fall back to English for unknown locales', () => {
    expect(stringsFor('xx').next).toBe('Next');
    expect(stringsFor('tr-TR').next).toBe('İleri');
  });

  it('are filled with values by name', () => {
    expect(fill('{n} of {max} {x}', { n: 1, max: 3 })).toBe('1 of 3 {x}');
  });

  it('mark Persian, Arabic and Hebrew as right-to-left', () => {
    expect(['fa', 'ar-EG', 'he', 'en', 'lv'].map(isRtl)).toEqual([true, true, true, false, false]);
  });
});
