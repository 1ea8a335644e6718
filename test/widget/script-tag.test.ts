// The script tag on a plain page, in headless Chromium: keyboard-only completion reaching the collector, queue replay, Escape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, type StaticServer } from '../helpers/browser';
import { ensureBuilt } from './build';
import { orderSurvey, snippetPage, startCollector, startSite, type Collector } from './fixtures';
import { built } from '../helpers/classes';

let browser: Browser;
let collector: Collector;
let site: StaticServer;

beforeAll(async () => {
  ensureBuilt();
  [browser, collector] = await Promise.all([launchChromium(), startCollector([orderSurvey])]);
  site = await startSite({
    '/': snippetPage({
      collector: collector.url,
      commands: "tellus('identify',{id:'u-42',plan:'pro'}); tellus('setMeta',{orderId:'A-1001'}); tellus('track','order_placed');",
    }),
    '/manual': snippetPage({
      collector: collector.url,
      commands: "tellus('on','show',function(e){window.shown=e.survey.id}); tellus('bogus', 1); tellus('show','post-order');",
    }),
    '/data-attrs': `<!doctype html><html lang="en"><body><button id="before">x</button>
<script async src="/tellus.js" data-site-key="demo" data-endpoint="${collector.url}"></script></body></html>`,
    '/tab': snippetPage({
      collector: collector.url,
      init: {
        storage: 'memory',
        surveys: [
          {
            id: 'ideas',
            version: 1,
            display: { mode: 'tab', tabLabel: { en: 'Ideas?' } },
            questions: [{ id: 'idea', type: 'text', text: 'What should we build next?' }],
          },
        ],
      },
    }),
    '/dark-capable': snippetPage({
      collector: collector.url,
      head: '<meta name="color-scheme" content="light dark">',
      commands: "tellus('show','post-order');",
    }),
    '/forced-light': snippetPage({ collector: collector.url, init: { theme: { mode: 'light' } }, commands: "tellus('show','post-order');" }),
    '/loader': `<!doctype html><html lang="en"><body>
<script src="/loader.js" data-site-key="demo" data-endpoint="${collector.url}"></script>
<script>tellus('show','post-order')</script></body></html>`,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([site?.close(), collector?.close()]);
});

async function openPage(path: string) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
  await page.goto(site.url + path);
  return { page, errors, close: () => context.close() };
}

/** A selector inside the widget's shadow root, written with the source's class names. */
const inWidget = (page: Page, css: string) => page.locator(built(`tellus-widget >> ${css}`));
/** The element focused inside the widget's shadow root, described as "role:text". */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.querySelector('tellus-widget')?.shadowRoot?.activeElement;
    return a ? `${a.getAttribute('role') ?? a.tagName.toLowerCase()}:${a.getAttribute('aria-label') ?? a.textContent}` : null;
  });

describe('script tag on a plain page', () => {
  it('shows the survey on a tracked event and completes it by keyboard alone, delivering the response', async () => {
    const { page, errors, close } = await openPage('/');
    try {
      await inWidget(page, '.tellus-panel').waitFor();
      expect(await focused(page)).toBeNull(); // a triggered survey never takes the focus by itself
      await page.keyboard.press('Alt+Shift+KeyF'); // the documented way in
      await expect.poll(() => focused(page)).toBe('radio:0');
      expect(await page.evaluate(() => scrollY)).toBe(0);
      await page.keyboard.press('End'); // 10
      await page.keyboard.press('Enter'); // commits and moves on
      await expect.poll(() => focused(page)).toBe('textarea:');
      await page.keyboard.type('Faster delivery');
      await page.keyboard.press('Tab'); // Back
      await page.keyboard.press('Tab'); // Next
      await expect.poll(() => focused(page)).toBe('button:Next');
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page)).toBe('radio:Yes, helpful');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect.poll(() => focused(page)).toBe('button:Send');
      await page.keyboard.press('Enter');
      await expect.poll(() => inWidget(page, '[role=status]').textContent()).toBe('Thank you for your feedback!');
      const done = await collector.waitForResponse((r) => r.surveyId === 'post-order' && r.completed);
      expect(done.answers).toEqual({ nps: 10, comment: 'Faster delivery', helpful: 'down' });
      expect(done.meta.url).toBe(site.url + '/');
      expect(done.meta).toMatchObject({ orderId: 'A-1001', plan: 'pro' }); // identify and setMeta replayed before the survey
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('replays queued commands in order, reports unknown ones on the console, and closes on Escape giving focus back', async () => {
    const { page, errors, close } = await openPage('/manual');
    try {
      await inWidget(page, '.tellus-panel').waitFor();
      expect(errors.some((e) => e.includes('[tellus] unknown command "bogus"'))).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { shown?: string }).shown)).toBe('post-order'); // `on` replayed before `show`
      await page.evaluate(() => (document.querySelector('#before') as HTMLElement).focus());
      // the survey had focus first; put it back inside, then Escape
      await inWidget(page, '[role=radio]').first().focus();
      await page.keyboard.press('Escape');
      await inWidget(page, '.tellus-panel').waitFor({ state: 'detached' });
      expect(await page.evaluate(() => typeof (window as unknown as { tellus: unknown }).tellus)).toBe('function');
    } finally {
      await close();
    }
  });

  it('restores focus to where it was before the survey opened', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(site.url + '/data-attrs');
      await page.focus('#before');
      await page.evaluate(() => (window as unknown as { tellus(...a: unknown[]): void }).tellus('show', 'post-order'));
      await inWidget(page, '.tellus-panel').waitFor();
      await expect.poll(() => focused(page)).toBe('radio:0');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TELLUS-WIDGET');
      await page.keyboard.press('Escape');
      await inWidget(page, '.tellus-panel').waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('before');
    } finally {
      await context.close();
    }
  });

  it('configures itself from the loader element and loads the bundle and UI chunk from the same base', async () => {
    const { page, errors, close } = await openPage('/loader');
    try {
      await inWidget(page, '.tellus-panel').waitFor();
      const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src.replace(location.origin, '')).filter(Boolean));
      expect(scripts.sort()).toEqual(['/loader.js', '/tellus-ui.js', '/tellus.js']);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('downloads only tellus.js until a survey is due', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    try {
      await page.goto(site.url + '/data-attrs');
      await page.waitForFunction(() => typeof (window as unknown as { tellus?: unknown }).tellus === 'function');
      await page.evaluate(() => (window as unknown as { tellus(...a: unknown[]): Promise<void> }).tellus('flush'));
      expect(fetched).toContain('/tellus.js');
      expect(fetched).not.toContain('/tellus-ui.js');
      await page.evaluate(() => (window as unknown as { tellus(...a: unknown[]): void }).tellus('show', 'post-order'));
      await inWidget(page, '.tellus-panel').waitFor();
      expect(fetched).toContain('/tellus-ui.js');
    } finally {
      await context.close();
    }
  });

  it('becomes a bottom sheet on a narrow screen', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    try {
      await page.goto(site.url + '/manual');
      const box = (await inWidget(page, '.tellus-panel').boundingBox())!;
      expect(box.x).toBe(0);
      expect(box.width).toBe(375);
      expect(box.y + box.height).toBe(667);
    } finally {
      await context.close();
    }
  });

  it('animates in, except when the visitor prefers reduced motion', async () => {
    const animation = async (reducedMotion: 'reduce' | 'no-preference') => {
      const context = await browser.newContext({ reducedMotion });
      const page = await context.newPage();
      await page.goto(site.url + '/manual');
      const name = await inWidget(page, '.tellus-panel').evaluate((el) => getComputedStyle(el).animationName);
      await context.close();
      return name;
    };
    expect(await animation('no-preference')).toBe('in');
    expect(await animation('reduce')).toBe('none');
  });

  it("follows a dark-capable page's colour scheme, stays light on a light-only page, and obeys a forced theme", async () => {
    const background = async (path: string) => {
      const context = await browser.newContext({ colorScheme: 'dark', reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.goto(site.url + path);
      const bg = await inWidget(page, '.tellus-panel').evaluate((el) => getComputedStyle(el).backgroundColor);
      await context.close();
      return bg;
    };
    expect(await background('/dark-capable')).toBe('rgb(31, 36, 43)');
    expect(await background('/manual')).toBe('rgb(255, 255, 255)'); // no color-scheme: the page is light, so are we
    expect(await background('/forced-light')).toBe('rgb(255, 255, 255)');
  });

  it('puts a feedback tab on the page edge at load, which opens its survey', async () => {
    const { page, errors, close } = await openPage('/tab');
    try {
      const tab = inWidget(page, '.tellus-tab');
      await tab.waitFor();
      expect(await tab.textContent()).toBe('Ideas?');
      const box = (await tab.boundingBox())!;
      expect(box.x + box.width).toBeGreaterThan(1000); // on the right edge of a 1024 px viewport
      expect(await inWidget(page, '.tellus-panel').count()).toBe(0); // a tab survey never pops up by itself
      await tab.click();
      await inWidget(page, '.tellus-panel').waitFor();
      expect(await inWidget(page, '.tellus-question').textContent()).toBe('What should we build next?');
      expect(await tab.getAttribute('aria-expanded')).toBe('true');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
