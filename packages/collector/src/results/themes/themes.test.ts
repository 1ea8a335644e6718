import { describe, expect, it } from 'vitest';
import { findThemes, logOddsZ, normalizeText, terms, type ThemeComment } from './index.js';

let next = 0;
/** Each text `copies` times (as if several customers wrote it), with distinct ids. */
const comments = (language: string, side: ThemeComment['side'], texts: string[], copies = 5): ThemeComment[] =>
  Array.from({ length: copies }, () => texts.map((text) => ({ id: `c${++next}`, text, language, side }))).flat();
const keys = (text: string, language: string) => terms(text, language).map((t) => t.key);
const themeTerms = (list: ReturnType<typeof findThemes>, language: string, side: 'low' | 'high') =>
  list
    .find((l) => l.language === language)!
    .themes.filter((t) => t.side === side)
    .map((t) => t.term);

describe('normalisation per language', () => {
  it('writes Arabic yeh and kaf as the Persian letters, drops harakat, tatweel and ZWNJ', () => {
    expect(normalizeText('پشتيباني', 'fa')).toBe('پشتیبانی'); // U+064A → U+06CC
    expect(normalizeText('كيفيت', 'fa')).toBe('کیفیت'); // U+0643 → U+06A9
    expect(normalizeText('نمی‌دانم', 'fa')).toBe(normalizeText('نمیدانم', 'fa')); // with and without ZWNJ
    expect(normalizeText('تأخیر', 'fa')).toBe('تاخیر');
    expect(normalizeText('عـــالی', 'fa')).toBe('عالی'); // tatweel
    expect(normalizeText('خوبٌ', 'fa')).toBe('خوب'); // tanwin
    expect(normalizeText('\uFEF7', 'fa')).toBe('لا'); // a presentation form (NFKC, then hamza folded)
  });

  it('lower-cases Turkish dotted and dotless i by Turkish rules only for Turkish', () => {
    expect(normalizeText('İADE KIRIK', 'tr')).toBe('iade kırık');
    expect(normalizeText('KIRIK', 'en')).toBe('kirik');
  });

  it('keeps Latvian diacritics: lēna and lena stay different words', () => {
    expect(normalizeText('Lēna Piegāde', 'lv')).toBe('lēna piegāde');
    expect(normalizeText('lēna', 'lv')).not.toBe(normalizeText('lena', 'lv'));
  });

  it('skips stop words (stopwords-iso, normalised like the text), numbers and single letters, and pairs adjacent words', () => {
    expect(keys('The agent was rude, 2 times! Rude agent.', 'en')).toEqual(['agent', 'rude', 'times', 'rude', 'agent', 'rude agent']);
    // "در" (in) is a Persian stop word; Arabic-kaf "كند" is the stop word "کند" once normalised.
    expect(keys('تاخیر در ارسال كند', 'fa')).toEqual(['تاخیر', 'ارسال']);
    expect(keys('Penghantaran lambat dan mahal', 'ms')).toEqual(['penghantaran', 'lambat', 'penghantaran lambat', 'mahal']);
  });
});

describe('log-odds with an informative Dirichlet prior', () => {
  it('matches the hand-computed z-score', () => {
    // Prior weight 0.1: α_x = 0.3, α₀ = 1, nA = nB = 4.
    // δ = ln(3.3/1.7) − ln(0.3/4.7) = 3.414830, σ = √(1/3.3 + 1/0.3) = 1.906925, z = 1.790752.
    const z = logOddsZ(
      new Map([
        ['x', { a: 3, b: 0, all: 3 }],
        ['y', { a: 0, b: 3, all: 4 }],
        ['z', { a: 1, b: 1, all: 3 }],
      ]),
    );
    expect(z.get('x')).toBeCloseTo(1.790752, 5);
    expect(z.get('y')!).toBeLessThan(0);
    expect(Math.abs(z.get('z')!)).toBeLessThan(0.5);
  });
});

describe('findThemes', () => {
  it('finds English detractor and promoter themes, each linking to its comments', () => {
    const low = comments('en', 'low', [
      'Rude agent, I waited an hour',
      'The agent was rude to me',
      'Rude and slow reply',
      'Slow reply, rude tone',
      'Another rude agent',
      'Slow reply again',
    ]);
    const high = comments('en', 'high', ['Quick and friendly help', 'Friendly, quick answer', 'So friendly!', 'Quick fix, friendly staff', 'Friendly agent']);
    const middle = comments('en', 'middle', ['Fine I guess', 'Agent was ok']);
    const [en] = findThemes([...low, ...high, ...middle]);
    expect(en).toMatchObject({ language: 'en', comments: 65, low: 30, high: 25 });
    expect(themeTerms([en!], 'en', 'low')).toEqual(expect.arrayContaining(['rude', 'slow reply']));
    expect(themeTerms([en!], 'en', 'high')).toEqual(expect.arrayContaining(['friendly', 'quick']));
    const rude = en!.themes.find((t) => t.term === 'rude')!;
    expect(rude).toMatchObject({ side: 'low', low: 25, high: 0, label: 'rude' });
    expect(rude.comments).toEqual(
      low
        .filter((c) => /rude/i.test(c.text))
        .map((c) => c.id)
        .slice(0, 20),
    ); // at most 20, in the order given
    expect(rude.z).toBeGreaterThan(1.96);
    // "agent" is on both sides: no theme.
    expect(en!.themes.map((t) => t.term)).not.toContain('agent');
  });

  it('counts Persian spellings with Arabic letters, hamza and ZWNJ as one theme', () => {
    const low = comments('fa', 'low', ['تأخیر زیاد در ارسال', 'تاخير در ارسال بسته', 'ارسال با تاخیر', 'تاخیر داشت و نمی‌دانم چرا', 'بسته دیر رسید، تاخیر']);
    const high = comments('fa', 'high', ['پشتیبانی عالی بود', 'عالي و سريع', 'سریع و عالی', 'کیفیت عالی', 'سريع رسید']);
    const [fa] = findThemes([...low, ...high]);
    const delay = fa!.themes.find((t) => t.term === 'تاخیر')!;
    expect(delay).toMatchObject({ side: 'low', low: 25, high: 0 });
    expect(delay.comments).toHaveLength(20);
    expect(themeTerms([fa!], 'fa', 'high')).toEqual(expect.arrayContaining(['عالی', 'سریع']));
    // Shown as most often written.
    expect(fa!.themes.find((t) => t.term === 'عالی')!.label).toBe('عالی');
  });

  it('finds Turkish themes with İ/I folded the Turkish way', () => {
    const low = comments('tr', 'low', ['Ürün KIRIK geldi', 'kırık paket', 'İADE yapılmadı', 'iade süreci uzun', 'Kırık ürün, iade istiyorum']);
    const high = comments('tr', 'high', ['Hızlı kargo', 'HIZLI teslimat', 'hızlı ve güzel', 'Güzel paketleme, hızlı']);
    const tr = findThemes([...low, ...high]);
    expect(themeTerms(tr, 'tr', 'low')).toEqual(expect.arrayContaining(['kırık', 'iade']));
    expect(themeTerms(tr, 'tr', 'high')).toEqual(expect.arrayContaining(['hızlı']));
  });

  it('finds Latvian and Malay themes, and keeps languages apart', () => {
    const lv = [
      ...comments('lv', 'low', ['Lēna piegāde', 'Ļoti lēna apkalpošana', 'lēna atbilde', 'Piegāde kavējās, lēna']),
      ...comments('lv', 'high', ['Ātra piegāde', 'ātra un laipna atbilde', 'Laipna apkalpošana, ātra']),
    ];
    const ms = [
      ...comments('ms', 'low', ['Penghantaran lambat', 'lambat sangat', 'Sangat lambat dan mahal', 'Lambat balas']),
      ...comments('ms', 'high', ['Staf mesra', 'Mesra dan cepat', 'sangat mesra', 'Cepat, mesra']),
    ];
    const all = findThemes([...ms, ...lv]);
    expect(all.map((l) => l.language).sort()).toEqual(['lv', 'ms']);
    expect(themeTerms(all, 'lv', 'low')).toContain('lēna');
    expect(themeTerms(all, 'lv', 'high')).toContain('ātra');
    expect(themeTerms(all, 'ms', 'low')).toContain('lambat');
    expect(themeTerms(all, 'ms', 'high')).toContain('mesra');
  });

  it('finds nothing when both sides say the same things', () => {
    const same = ['good service', 'service was good', 'good'];
    const [en] = findThemes([...comments('en', 'low', same), ...comments('en', 'high', same)]);
    expect(en!.themes).toEqual([]);
  });
});
