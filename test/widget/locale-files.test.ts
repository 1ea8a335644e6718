// The script tag's locale files in Chromium: a page's strings (tellus-ui-<tag>.js) load beside the UI chunk, in parallel,
// under a nonce-only CSP, so the first panel painted is already in the page's language; English pages fetch none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Survey } from '@tellus/schema';
import { launchChromium, type StaticServer } from '../helpers/browser';
import { DIST, ensureBuilt } from './build';
import { snippetPage, startSite } from './fixtures';
import { built } from '../helpers/classes';

/** Selectors the page-side checks use, in the built files' class names. */
const SELECTORS = { panel: built('.tellus-panel'), next: built('.tellus-nav .tellus-button'), progress: built('.tellus-progress-text') };

const NONCE = 'n0nce-for-tests';
const survey: Survey = {
  id: 'two',
  version: 1,
  trigger: { event: 'never' },
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?', fa: 'چقدر احتمال دارد ما را پیشنهاد کنید؟' } },
    { id: 'why', type: 'text', text: { en: 'Why?', fa: 'چرا؟' } },
  ],
};

/** The snippet page with every script carrying the nonce (the policy allows nothing else), and `init` passing it on. */
const page = (lang: string, init: Record<string, unknown> = {}) =>
  snippetPage({
    collector: 'http://127.0.0.1:9',
    lang,
    init: { surveys: [survey], storage: 'memory', nonce: NONCE, ...init },
    commands: "tellus('show','two');",
  })
    .replace('<script>', `<script nonce="${NONCE}">`)
    .replace('<script async', `<script nonce="${NONCE}" async`);

let browser: Browser;
let site: StaticServer;

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  site = await startSite(
    { '/fa': page('fa'), '/en': page('en'), '/de-option': page('en', { locale: 'de-AT' }), '/fa-ir': page('fa-IR') },
    { 'content-security-policy': `script-src 'nonce-${NONCE}'; style-src 'self'` },
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/**
 * Opens a page, recording which files it fetched, console errors, CSP violations, and what the panel said when it
 * first appeared in the shadow root (a MutationObserver runs before the browser paints that change).
 */
async function open(path: string, setup?: (page: Page) => Promise<unknown>) {
  const context = await browser.newContext();
  const p = await context.newPage();
  const fetched: string[] = [];
  const errors: string[] = [];
  p.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await p.addInitScript((sel) => {
    const w = window as unknown as { firstPanel?: { next: string; progress: string }; violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      new MutationObserver(() => {
        const panel = root.querySelector(sel.panel);
        if (panel && !w.firstPanel)
          w.firstPanel = { next: panel.querySelector(sel.next)?.textContent ?? '', progress: panel.querySelector(sel.progress)?.textContent ?? '' };
      }).observe(root, { childList: true, subtree: true });
      return root;
    };
  }, SELECTORS);
  await setup?.(p);
  await p.goto(site.url + path);
  await p.locator(built('tellus-widget >> .tellus-panel')).waitFor();
  const seen = await p.evaluate(() => {
    const w = window as unknown as { firstPanel?: { next: string; progress: string }; violations: string[] };
    return { firstPanel: w.firstPanel, violations: w.violations };
  });
  return { fetched, errors, firstPanel: seen.firstPanel, violations: seen.violations, close: () => context.close() };
}

describe('locale files of the script tag', () => {
  it('builds one file for every built-in locale but English', () => {
    for (const tag of ['lv', 'fa', 'ms', 'tr', 'de', 'es', 'fr']) expect(existsSync(`${DIST}tellus-ui-${tag}.js`), tag).toBe(true);
    expect(existsSync(`${DIST}tellus-ui-en.js`)).toBe(false);
  });

  it('fetches a Persian page’s strings while the UI chunk is still on its way, and paints Persian first', async () => {
    let stringsAsked = false;
    let askedWhileUiHeld = false;
    const { fetched, errors, firstPanel, violations, close } = await open('/fa', async (p) => {
      // Hold the UI chunk until the locale file is asked for: fetched only after the UI arrived, it never would be.
      await p.route('**/tellus-ui-fa.js', (route) => {
        stringsAsked = true;
        return route.continue();
      });
      await p.route('**/tellus-ui.js', async (route) => {
        for (let i = 0; i < 100 && !stringsAsked; i++) await new Promise((r) => setTimeout(r, 20));
        askedWhileUiHeld = stringsAsked;
        await route.continue();
      });
    });
    await close();
    expect(askedWhileUiHeld).toBe(true);
    expect(fetched.indexOf('/tellus-ui-fa.js')).toBeGreaterThan(fetched.indexOf('/tellus.js'));
    expect(firstPanel).toEqual({ next: 'بعدی', progress: 'پرسش ۱ از ۲' });
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('fetches no locale file for an English page', async () => {
    const { fetched, firstPanel, violations, close } = await open('/en');
    await close();
    expect(fetched.filter((f) => f.startsWith('/tellus-ui'))).toEqual(['/tellus-ui.js']);
    expect(firstPanel).toEqual({ next: 'Next', progress: 'Question 1 of 2' });
    expect(violations).toEqual([]);
  });

  it('follows the locale option and regional tags to their language’s file', async () => {
    const de = await open('/de-option');
    await de.close();
    expect(de.fetched).toContain('/tellus-ui-de.js');
    expect(de.firstPanel?.next).toBe('Weiter');
    const fa = await open('/fa-ir');
    await fa.close();
    expect(fa.fetched).toContain('/tellus-ui-fa.js');
    expect(fa.firstPanel?.next).toBe('بعدی');
  });

  it('still shows the survey, in English, when the locale file cannot load, and says why on the console', async () => {
    const { firstPanel, errors, close } = await open('/fa', (p) => p.route('**/tellus-ui-fa.js', (route) => route.fulfill({ status: 404, body: 'gone' })));
    await close();
    expect(firstPanel?.next).toBe('Next');
    expect(errors.some((e) => e.startsWith('[tellus] locale load failed'))).toBe(true);
  });
});
