// The script tag under a strict Content-Security-Policy (script-src 'self'; style-src 'self'): styled, usable, delivering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, type StaticServer } from '../helpers/browser';
import { ensureBuilt } from './build';
import { focused, orderSurvey, startCollector, startSite, type Collector } from './fixtures';
import { built } from '../helpers/classes';

const CSP = "script-src 'self'; style-src 'self'";
let browser: Browser;
let collector: Collector;
let site: StaticServer;

beforeAll(async () => {
  ensureBuilt();
  [browser, collector] = await Promise.all([launchChromium(), startCollector([orderSurvey])]);
  site = await startSite(
    {
      // No inline script is allowed, so the queue stub lives in a same-origin file.
      '/queue.js': {
        body: "window.tellus=window.tellus||function(){(tellus.q=tellus.q||[]).push(arguments)};tellus('track','order_placed');",
        type: 'text/javascript',
      },
      '/': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict</title>
<style>body { background: rgb(255, 0, 0) }</style></head>
<body><h1>Order placed</h1>
<script src="/queue.js"></script>
<script async src="/tellus.js" data-site-key="demo" data-endpoint="${collector.url}"></script></body></html>`,
    },
    { 'content-security-policy': CSP },
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([site?.close(), collector?.close()]);
});

describe('script tag under a strict CSP', () => {
  it('renders styled, completes by keyboard and delivers, with no policy violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.addInitScript(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    try {
      await page.goto(site.url + '/');
      // The policy is really enforced: the page's own inline style is blocked.
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 0, 0)');
      const panel = page.locator(built('tellus-widget >> .tellus-panel'));
      await panel.waitFor();
      // Constructable stylesheets applied: the panel is a fixed, bordered card.
      const style = await panel.evaluate((el) => {
        const s = getComputedStyle(el);
        return { position: s.position, radius: s.borderTopLeftRadius, width: s.width };
      });
      expect(style).toEqual({ position: 'fixed', radius: '12px', width: '400px' });
      await page.keyboard.press('Alt+Shift+KeyF'); // a triggered survey waits for the visitor to come in
      await expect.poll(() => focused(page)).toBe('radio:0');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Space'); // 2, moves on
      await expect.poll(() => focused(page)).toBe('textarea:');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter'); // skip the comment
      await expect.poll(() => focused(page)).toBe('radio:Yes, helpful');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect.poll(() => focused(page)).toBe('button:Send');
      await page.keyboard.press('Enter');
      const done = await collector.waitForResponse((r) => r.completed);
      expect(done.answers).toEqual({ nps: 2, helpful: 'up' });
      // The progress bar width is set through CSSOM, which the policy allows.
      expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([expect.stringMatching(/^style-src-elem /)]); // only the page's own inline <style>
      expect(errors.filter((e) => !e.includes("style-src 'self'") || e.includes('tellus'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
