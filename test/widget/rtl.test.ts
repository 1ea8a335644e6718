// A Persian page in Chromium: right-to-left inside the shadow root, mirrored layout and scale, Persian strings and digits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Survey } from '@tellus/schema';
import { launchChromium, type StaticServer } from '../helpers/browser';
import { ensureBuilt } from './build';
import { focused, snippetPage, startSite } from './fixtures';
import { built } from '../helpers/classes';

/** Selectors the page-side checks use, in the built files' class names. */
const SELECTORS = {
  panel: built('.tellus-panel'),
  close: built('.tellus-close'),
  question: built('.tellus-question'),
  progress: built('.tellus-progress-text'),
  next: built('.tellus-nav .tellus-button'),
};

const survey: Survey = {
  id: 'fa-nps',
  version: 1,
  trigger: { event: 'never' },
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?', fa: 'چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟' } },
    { id: 'why', type: 'text', text: { en: 'Why?', fa: 'چرا؟' } },
  ],
};

let browser: Browser;
let site: StaticServer;

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  site = await startSite({
    '/': snippetPage({
      collector: 'http://127.0.0.1:9',
      lang: 'fa',
      dir: 'rtl',
      init: { surveys: [survey], storage: 'memory' },
      commands: "tellus('show','fa-nps');",
    }),
    '/en': snippetPage({ collector: 'http://127.0.0.1:9', init: { surveys: [survey], storage: 'memory' }, commands: "tellus('show','fa-nps');" }),
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function layout(path: string) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(site.url + path);
  await page.locator(built('tellus-widget >> .tellus-panel')).waitFor();
  const info = await page.evaluate((sel) => {
    const root = document.querySelector('tellus-widget')!.shadowRoot!;
    const box = (s: string) => root.querySelector(s)!.getBoundingClientRect();
    const radios = [...root.querySelectorAll('[role=radio]')];
    const t = root.querySelector(sel.panel)!;
    return {
      dir: t.getAttribute('dir'),
      lang: t.getAttribute('lang'),
      computedDir: getComputedStyle(t).direction,
      labels: radios.map((r) => r.textContent),
      firstX: radios[0]!.getBoundingClientRect().x,
      lastX: radios.at(-1)!.getBoundingClientRect().x,
      closeX: box(sel.close).x,
      questionX: box(sel.question).x,
      panelLeft: box(sel.panel).left,
      question: root.querySelector(sel.question)!.textContent,
      progress: root.querySelector(sel.progress)!.textContent,
      next: root.querySelector(sel.next)!.textContent,
    };
  }, SELECTORS);
  return { info, page, close: () => context.close() };
}

describe('Persian (right-to-left) page', () => {
  it('renders the survey right to left with Persian text, strings and digits', async () => {
    const { info, close } = await layout('/');
    await close();
    expect(info.dir).toBe('rtl');
    expect(info.lang).toBe('fa');
    expect(info.computedDir).toBe('rtl');
    expect(info.question).toBe('چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟');
    expect(info.progress).toBe('پرسش ۱ از ۲');
    expect(info.next).toBe('بعدی');
    expect(info.labels).toEqual(['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹', '۱۰']);
  });

  it('mirrors the layout: scale from right (0) to left (10), close button and panel on the left', async () => {
    const [fa, en] = await Promise.all([layout('/'), layout('/en')]);
    await Promise.all([fa.close(), en.close()]);
    expect(fa.info.firstX).toBeGreaterThan(fa.info.lastX);
    expect(en.info.firstX).toBeLessThan(en.info.lastX);
    expect(fa.info.closeX).toBeLessThan(fa.info.questionX);
    expect(en.info.closeX).toBeGreaterThan(en.info.questionX);
    expect(fa.info.panelLeft).toBeLessThan(100); // bottom "end" corner is the left one in RTL
    expect(en.info.panelLeft).toBeGreaterThan(500);
  });

  it('moves forward along the scale with the left arrow', async () => {
    const { page, close } = await layout('/');
    try {
      await page.keyboard.press('Alt+Shift+KeyF');
      await expect.poll(() => focused(page)).toBe('radio:۰');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => focused(page)).toBe('radio:۱');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => focused(page)).toBe('radio:۰');
    } finally {
      await close();
    }
  });
});
