// Screenshot tests in Chromium: every question type (and an ending), light and dark, desktop and phone, en and fa,
// compared with committed references, tolerant of anti-aliasing. TELLUS_UPDATE_SCREENSHOTS=1 rewrites the references.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { Question, Survey } from '@tellus/schema';
import { launchChromium, type StaticServer } from '../helpers/browser';
import { diffPixels } from '../helpers/pixels';
import { ROOT, ensureBuilt } from './build';
import { startSite } from './fixtures';
import { built } from '../helpers/classes';

/** Selectors the page-side checks use, in the built files' class names. */
const SELECTORS = {
  label: built('.tellus-question, .tellus-choice span'),
  targets: built('button:not(.tellus-option), a, textarea, input.tellus-field, label.tellus-choice'),
  scale: built('.tellus-scale'),
  question: built('.tellus-question'),
};

const REFS = ROOT + 'test/widget/screenshots/';
const UPDATE = process.env.TELLUS_UPDATE_SCREENSHOTS === '1';
/** Share of each panel's pixels allowed to differ beyond the per-pixel tolerance (font hinting, sub-pixel edges). */
const ALLOWED = 0.002;

const t = (en: string, fa: string) => ({ en, fa });
const QUESTIONS: Question[] = [
  {
    id: 'stars',
    type: 'rating',
    scale: 5,
    style: 'stars',
    text: t('How satisfied are you?', 'چقدر راضی هستید؟'),
    lowLabel: t('Not at all', 'اصلاً'),
    highLabel: t('Very', 'خیلی'),
  },
  { id: 'numbers', type: 'rating', scale: 10, style: 'numbers', text: t('Rate the help you got', 'به کمکی که گرفتید امتیاز دهید') },
  { id: 'emoji', type: 'rating', scale: 5, style: 'emoji', text: t('How was your delivery?', 'تحویل چطور بود؟') },
  { id: 'nps', type: 'nps', text: t('How likely are you to recommend us?', 'چقدر احتمال دارد ما را پیشنهاد کنید؟') },
  { id: 'ces', type: 'ces', text: t('It was easy to handle my issue.', 'رسیدگی به مشکلم آسان بود.') },
  { id: 'text', type: 'text', text: t('What could we do better?', 'چه چیزی را بهتر کنیم؟'), placeholder: t('Your idea', 'ایده شما') },
  {
    id: 'choice',
    type: 'choice',
    other: true,
    text: t('What is this about?', 'درباره چیست؟'),
    options: [
      { id: 'x', text: t('Complaint', 'شکایت') },
      { id: 'y', text: t('Suggestion', 'پیشنهاد') },
    ],
  },
  {
    id: 'multi',
    type: 'choice',
    multiple: true,
    text: t('Which parts?', 'کدام بخش‌ها؟'),
    options: [
      { id: 'x', text: t('Speed', 'سرعت') },
      { id: 'y', text: t('Price', 'قیمت') },
    ],
  },
  {
    id: 'matrix',
    type: 'matrix',
    scale: 5,
    text: t('Rate our agent', 'به کارشناس ما امتیاز دهید'),
    lowLabel: t('Poor', 'ضعیف'),
    highLabel: t('Great', 'عالی'),
    rows: [
      { id: 'r', text: t('Reliability', 'اطمینان') },
      { id: 'e', text: t('Empathy', 'همدلی') },
    ],
  },
  { id: 'thumbs', type: 'thumbs', text: t('Was this article helpful?', 'این مقاله مفید بود؟') },
  { id: 'contact', type: 'contact', fields: ['email', 'phone'], text: t('How can we reach you?', 'چطور با شما تماس بگیریم؟') },
  { id: 'consent', type: 'consent', required: true, text: t('You may contact me about my answer.', 'می‌توانید درباره پاسخم با من تماس بگیرید.') },
  {
    id: 'cta',
    type: 'cta',
    text: t('Try our new app', 'برنامه جدید ما را امتحان کنید'),
    button: { text: t('Get the app', 'دریافت برنامه'), url: 'https://example.com/app' },
  },
];
/** Each question alone in an inline survey. */
const SURVEYS: Survey[] = QUESTIONS.map((q) => ({ id: 'shot-' + q.id, version: 1, questions: [q] }));
const PICK: Record<string, number> = { stars: 3, numbers: 6, emoji: 4, nps: 9, ces: 5, thumbs: 0 };

const page = (lang: 'en' | 'fa') => `<!doctype html><html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">
<style>body{margin:0;padding:8px;background:Canvas;display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:8px}</style></head>
<body>${SURVEYS.map((_, i) => `<div id="s${i}"></div>`).join('')}
<script src="/tellus-ui.js"></script>${lang === 'en' ? '' : `<script src="/tellus-ui-${lang}.js"></script>`}
<script>
const mount = window[Symbol.for('tellus.ui')];
const surveys = ${JSON.stringify(SURVEYS)};
const source = { on: () => () => {}, answer: async () => {}, submit: async () => {}, dismiss() {}, show() {}, getSurveys: () => [] };
surveys.forEach((s, i) => mount(source, { locale: '${lang}', thankYouMs: 0 }).open({ ...s, display: { mode: 'inline', selector: '#s' + i } }));
</script></body></html>`;

let browser: Browser;
let site: StaticServer;

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  site = await startSite({ '/en': page('en'), '/fa': page('fa') });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Opens the gallery and returns every control's box (a native radio or checkbox counts by its whole label). */
async function controls(lang: 'en' | 'fa', touch: boolean) {
  const context = await browser.newContext({ viewport: touch ? { width: 320, height: 640 } : { width: 1100, height: 700 }, hasTouch: touch, isMobile: touch });
  const p = await context.newPage();
  await p.goto(`${site.url}/${lang}`);
  await p.locator(built('tellus-widget >> nth=12 >> .tellus-panel')).waitFor();
  const found = await p.evaluate(
    (sel) =>
      [...document.querySelectorAll('tellus-widget')].flatMap((host) => {
        const root = host.shadowRoot!;
        const box = (el: Element) => {
          const r = el.getBoundingClientRect();
          return { what: `${root.querySelector(sel.label)?.textContent}: ${el.className || el.tagName}`, w: r.width, h: r.height, top: r.top };
        };
        const targets = [...root.querySelectorAll(sel.targets)].map(box);
        // Scale options may be narrower than 24 px on a small screen if spaced 24 px apart (WCAG 2.2, 2.5.8's spacing rule).
        const scales = [...root.querySelectorAll(sel.scale)].map((sc) => {
          const r = [...sc.children].map((c) => c.getBoundingClientRect());
          const pitch = Math.min(...r.slice(1).map((b, i) => Math.abs(b.left + b.width / 2 - (r[i]!.left + r[i]!.width / 2))));
          return {
            what: root.querySelector(sel.question)?.textContent,
            rows: new Set(r.map((b) => Math.round(b.top))).size,
            pitch,
            h: Math.min(...r.map((b) => b.height)),
          };
        });
        return [{ targets, scales }];
      }),
    SELECTORS,
  );
  await context.close();
  return { targets: found.flatMap((f) => f.targets), scales: found.flatMap((f) => f.scales) };
}

describe('target sizes and layout', () => {
  it.each(['en', 'fa'] as const)(
    'gives every control at least 24×24 px on desktop (%s)',
    async (lang) => {
      const { targets, scales } = await controls(lang, false);
      expect(targets.length).toBeGreaterThan(25);
      expect(targets.filter((t) => t.w < 24 || t.h < 24)).toEqual([]);
      expect(scales.filter((s) => s.pitch < 24 || s.h < 24)).toEqual([]);
    },
    60_000,
  );

  it.each(['en', 'fa'] as const)(
    'gives every control at least 44 px of height on a 320 px touch screen, every scale on one row (%s)',
    async (lang) => {
      const { targets, scales } = await controls(lang, true);
      expect(targets.filter((t) => t.w < 24 || t.h < 44)).toEqual([]);
      expect(scales.length).toBeGreaterThanOrEqual(8);
      expect(scales.filter((s) => s.rows !== 1 || s.pitch < 24 || s.h < 44)).toEqual([]);
    },
    60_000,
  );
});

const CASES = (['light', 'dark'] as const).flatMap((scheme) =>
  (['desktop', 'phone'] as const).flatMap((device) => (['en', 'fa'] as const).map((lang) => ({ scheme, device, lang }))),
);

describe('screenshots of every question type', () => {
  it.each(CASES)(
    'match the reference: $scheme, $device, $lang',
    async ({ scheme, device, lang }) => {
      const phone = device === 'phone';
      const context = await browser.newContext({
        viewport: phone ? { width: 320, height: 640 } : { width: 1100, height: 700 },
        colorScheme: scheme,
        reducedMotion: 'reduce',
        hasTouch: phone,
        isMobile: phone,
        deviceScaleFactor: 1,
      });
      const p = await context.newPage();
      try {
        await p.goto(`${site.url}/${lang}`);
        await p.locator(built('tellus-widget >> nth=12 >> .tellus-panel')).waitFor();
        // A picked answer on every scale (by arrow key: a click would submit these one-question surveys), then no focus.
        for (const [id, n] of Object.entries(PICK))
          await p
            .locator(`#s${QUESTIONS.findIndex((q) => q.id === id)} tellus-widget >> [role=radio] >> nth=${Math.max(0, n - 1)}`)
            .evaluate((el, key) => el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true })), n ? 'ArrowRight' : 'Home');
        await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await p.evaluate(() => document.fonts.ready);
        const png = await p.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
        const file = `${REFS}${scheme}-${device}-${lang}.png`;
        if (UPDATE || !existsSync(file)) {
          writeFileSync(file, png);
          expect(UPDATE, `no reference yet: wrote ${file}; review it and commit`).toBe(true);
          return;
        }
        // Judged panel by panel, so a change to one small icon is not lost in a tall page of unchanged ones.
        const panels = await p.locator(built('tellus-widget >> .tellus-panel')).evaluateAll((els) =>
          els.map((el) => {
            const r = el.getBoundingClientRect();
            return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
          }),
        );
        const diff = await diffPixels(p, readFileSync(file), png, 48, panels);
        expect(diff.size[1], 'same size as the reference').toBe(diff.size[0]);
        const off = diff.regions.map((r, i) => ({ question: QUESTIONS[i]!.id, share: r.differing / r.area })).filter((r) => r.share > ALLOWED);
        expect(off, `panels differing from ${file}`).toEqual([]);
      } finally {
        await context.close();
      }
    },
    60_000,
  );
});
