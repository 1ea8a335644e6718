import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey } from '@tellus/schema';
import { row, survey } from '../results/test-fixtures.js';
import { openPGliteStorage } from '../storage/pglite.js';
import type { Storage, StoredResponse } from '../storage/types.js';
import { buildDigest, lastPeriod, renderDigest, themeLink, type Digest } from './digest.js';
import { digestThemes } from './digest-themes.js';

// The week of 13–19 April 2026 (2026-W16), as the digest sent on Tuesday 21 April sees it.
const period = lastPeriod('weekly', new Date('2026-04-21T08:00:00Z'));
const HOSTILE = '<img src=x onerror=alert(1)> rude agent </section><script>alert(2)</script>';

/** Each text `copies` times on one day of the week, as if several customers wrote it. */
function commentRows(surveyId: string, locale: string, nps: number, texts: string[], copies: number): StoredResponse[] {
  return Array.from({ length: copies }, (_, copy) =>
    texts.map((why, i) => ({
      ...row(`2026-04-${String(13 + ((copy + i) % 7)).padStart(2, '0')}T10:00:00.000Z`, { nps, why }, { locale, location: 'riga' }),
      surveyId,
    })),
  ).flat();
}

const quiet: Survey = { id: 'quiet', version: 1, name: 'Returns', questions: [survey.questions[0]!, { id: 'why', type: 'text', text: 'Why?' }] };

let storage: Storage;
let digest: Digest;

beforeAll(async () => {
  storage = await openPGliteStorage();
  await storage.migrate();
  await storage.upsertSite({ key: 'shop', name: 'Lumo', origins: ['https://shop.example'] });
  await storage.putSurvey('shop', { ...survey, version: 1 });
  await storage.putSurvey('shop', quiet);
  const rows = [
    ...commentRows(survey.id, 'en', 2, ['Rude agent, I waited an hour', 'The agent was rude to me', 'Rude and slow reply', 'Slow reply, rude tone'], 4),
    ...commentRows(survey.id, 'en', 10, ['Quick and friendly help', 'Friendly, quick answer', 'So friendly!'], 4),
    ...commentRows(survey.id, 'en', 1, [HOSTILE], 1),
    // Persian, with the Arabic spellings and the hamza the themes module folds together.
    ...commentRows(survey.id, 'fa-IR', 3, ['تأخیر زیاد در ارسال', 'تاخير در ارسال بسته', 'ارسال با تاخیر', 'بسته دیر رسید، تاخیر'], 4),
    ...commentRows(survey.id, 'fa-IR', 9, ['پشتیبانی عالی بود', 'عالي و سريع', 'سریع و عالی'], 4),
    // Outside the week: never counted.
    { ...row('2026-04-20T00:00:00.000Z', { nps: 0, why: 'Broken zipper broken zipper' }, { locale: 'en' }), surveyId: survey.id },
    ...commentRows(quiet.id, 'en', 2, ['Late', 'Late again', 'Too late'], 1),
  ].map(({ siteKey: _s, receivedAt: _r, ...r }) => ({ ...r, surveyVersion: 1 }));
  for (let i = 0; i < rows.length; i += 50) await storage.ingest('shop', rows.slice(i, i + 50));
  digest = await buildDigest(storage, 'shop', period);
}, 60_000);

afterAll(async () => {
  await storage?.close();
});

describe('digest themes', () => {
  it("lists each side's strongest themes across languages, with their comment counts", () => {
    const chat = digest.surveys.find((s) => s.id === survey.id)!;
    expect(chat.themes).toMatchObject({ sides: { low: 'detractors', high: 'promoters' }, comments: 57, complete: true, tooFew: false });
    expect(chat.themes.low.map((t) => [t.label, t.language, t.count])).toEqual([
      ['تاخیر', 'fa', 16],
      ['ارسال', 'fa', 12],
      ['rude', 'en', 17],
    ]);
    expect(chat.themes.high.map((t) => [t.label, t.language, t.count])).toEqual([
      ['friendly', 'en', 12],
      ['عالی', 'fa', 12],
      // As it was most often written.
      ['Quick', 'en', 8],
    ]);
    // The comment from the next week is not in this period's themes.
    expect(JSON.stringify(chat.themes)).not.toContain('zipper');
  });

  it('says a survey with too few comments has none rather than inventing them', () => {
    const few = digest.surveys.find((s) => s.id === quiet.id)!;
    expect(few.themes).toMatchObject({ comments: 3, tooFew: true, low: [], high: [] });
    const { text, html } = renderDigest(digest);
    expect(text).toContain('  Themes: too few comments (3) to tell themes apart.');
    expect(html).toContain('Themes: too few comments (3) to tell themes apart.');
  });

  it('renders the themes in the text part and the HTML, each linking to its comments in the dashboard', () => {
    const { text, html } = renderDigest(digest, 'https://tellus.example/');
    const fa = digest.surveys[0]!.themes.low[0]!;
    const link = themeLink('https://tellus.example/', survey.id, fa);
    expect(link).toBe(`https://tellus.example/dashboard/surveys/post-chat?range=7&theme=${encodeURIComponent('تاخیر')}&themeLanguage=fa#themes-h`);
    expect(text).toContain(`  Themes in 57 comments\n    Said by detractors:\n      - تاخیر, 16 comments: ${link}\n      - ارسال, 12 comments: `);
    expect(text).toContain('    Said by promoters:\n      - friendly, 12 comments: https://tellus.example/dashboard/surveys/post-chat?range=7&theme=friendly&');
    expect(html).toContain(`<a href="${link.replace(/&/g, '&amp;')}" style="color:#0550ae"><bdi lang="fa">تاخیر</bdi></a>`);
    expect(html).toContain('<h4 style="font-size:13px;margin:8px 0 2px">Said by promoters</h4>');
  });

  it("escapes respondents' words in the HTML", () => {
    const { html } = renderDigest(digest, 'https://tellus.example');
    expect(html).not.toMatch(/<img|<script|onerror=/i);
    // A label is a respondent's spelling of a term: had one carried markup, it would be text too.
    const hostile: Digest = {
      ...digest,
      surveys: [
        {
          ...digest.surveys[0]!,
          themes: { ...digest.surveys[0]!.themes, low: [{ term: 'x"><script>', label: '<script>alert(1)</script>', language: 'en"><b', count: 2 }] },
        },
      ],
    };
    const out = renderDigest(hostile, 'https://tellus.example').html;
    expect(out).not.toContain('<script');
    expect(out).toContain('<bdi lang="en&quot;&gt;&lt;b">');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('theme=x%22%3E%3Cscript%3E');
  });

  it('says when nothing stands out, and when the themes come from the newest comments only', () => {
    const sides = { low: 'detractors', high: 'promoters' };
    const language = (comments: number, themes: { term: string; side: 'low' | 'high'; z: number }[]) => ({
      language: 'en',
      comments,
      low: comments / 2,
      high: comments / 2,
      themes: themes.map((t) => ({ ...t, label: t.term, low: 4, high: 1, comments: [] })),
    });
    const flat = digestThemes({ sides, sample: { read: 40, limit: 2000, complete: true }, languages: [language(40, [])], comments: {} });
    expect(flat).toMatchObject({ comments: 40, tooFew: false, low: [], high: [] });
    const chat = { ...digest.surveys[0]!, themes: flat };
    expect(renderDigest({ ...digest, surveys: [chat] }).text).toContain('  Themes: nothing stands out in 40 comments.');

    const sampled = digestThemes({
      sides,
      sample: { read: 2000, limit: 2000, complete: false },
      languages: [
        language(2000, [
          { term: 'wait', side: 'low', z: 5 },
          { term: 'rude', side: 'low', z: 9 },
          { term: 'price', side: 'low', z: 2 },
          { term: 'box', side: 'low', z: 3 },
          { term: 'kind', side: 'high', z: -4 },
        ]),
      ],
      comments: {},
    });
    expect(sampled.low.map((t) => t.term)).toEqual(['rude', 'wait', 'box']); // the three strongest, strongest first
    expect(sampled.high.map((t) => [t.term, t.count])).toEqual([['kind', 1]]); // a promoter theme counts promoters' comments
    const { text, html } = renderDigest({ ...digest, surveys: [{ ...chat, themes: sampled }] });
    expect(text).toContain('  Themes in the newest 2000 comments\n');
    expect(html).toContain('Themes in the newest 2000 comments</h3>');
    // Without a dashboard address there is nothing to link to: the labels stand alone.
    expect(html).not.toContain('<a href="/dashboard/surveys');
    expect(html).toContain('<li style="margin:2px 0"><bdi lang="en">rude</bdi> ');
  });

  it('colours a change red when worse and green when better (lower is better for CES), and grey with nothing to compare', () => {
    const base = digest.surveys[0]!;
    const colourOf = (change: number | null, metric: 'NPS' | 'CSAT' | 'CES') => {
      const html = renderDigest({ ...digest, surveys: [{ ...base, change, score: { ...base.score!, metric } }] }).html;
      return /<p style="margin:4px 0 0;color:(#[0-9a-f]{6})">/.exec(html)?.[1];
    };
    expect(colourOf(null, 'NPS')).toBe('#57606a');
    expect(colourOf(0, 'NPS')).toBe('#57606a');
    expect(colourOf(-5, 'NPS')).toBe('#b42318');
    expect(colourOf(5, 'CSAT')).toBe('#1a7f37');
    expect(colourOf(-0.5, 'CES')).toBe('#1a7f37');
    expect(colourOf(0.5, 'CES')).toBe('#b42318');
  });
});
