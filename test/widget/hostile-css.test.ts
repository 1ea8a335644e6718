// Isolation: hostile page CSS (all:unset !important, Bootstrap, a Tailwind-like preflight) leaves the widget's look unchanged, and the widget leaves the page alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium, type StaticServer } from '../helpers/browser';
import { diffPixels } from '../helpers/pixels';
import { ROOT, ensureBuilt } from './build';
import { orderSurvey, snippetPage } from './fixtures';
import { startSite } from './fixtures';
import { built } from '../helpers/classes';

// A Tailwind-preflight-like reset plus rules aimed at anything the widget might use.
const HOSTILE = `
*, ::before, ::after { box-sizing: content-box !important; border: 3px dashed lime; margin: 5px; padding: 3px }
* { all: unset !important }
html { font-size: 31px; line-height: 3; color: red; font-family: "Comic Sans MS", cursive; direction: rtl }
button, input, textarea { font: inherit; color: inherit; background: hotpink !important; border-radius: 0 !important }
div { display: inline !important; }
svg { display: none !important }
[role=dialog], [role=radio] { outline: 5px solid orange !important; }
:root { --bs-body-bg: black; --a: red; --bg: black; }
`;

let browser: Browser;
let site: StaticServer;
const surveys = [
  {
    ...orderSurvey,
    id: 'rate',
    questions: [{ id: 'csat', type: 'rating' as const, scale: 5, style: 'stars' as const, text: 'How satisfied are you with your order?' }],
  },
  orderSurvey,
];
const page = (head: string, id: string) =>
  snippetPage({ collector: 'http://127.0.0.1:9', head, init: { surveys, storage: 'memory' }, commands: `tellus('show','${id}');` });

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  site = await startSite({
    '/bootstrap.css': { body: readFileSync(ROOT + 'node_modules/bootstrap/dist/css/bootstrap.min.css'), type: 'text/css' },
    '/hostile.css': { body: HOSTILE, type: 'text/css' },
    '/plain-rate': page('', 'rate'),
    '/hostile-rate': page('<link rel="stylesheet" href="/bootstrap.css"><link rel="stylesheet" href="/hostile.css">', 'rate'),
    '/plain-nps': page('', 'post-order'),
    '/themed-rate': page('<link rel="stylesheet" href="/theme.css">', 'rate'),
    '/theme.css': { body: ':root { --tellus-bg: #ffe4ef }', type: 'text/css' },
    '/hostile-nps': page('<link rel="stylesheet" href="/bootstrap.css"><link rel="stylesheet" href="/hostile.css">', 'post-order'),
    '/bootstrap-only': snippetPage({
      collector: 'http://127.0.0.1:9',
      head: '<link rel="stylesheet" href="/bootstrap.css">',
      init: { surveys, storage: 'memory' },
    }),
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A PNG of the widget panel's border box, and where it is. */
async function shot(path: string) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, reducedMotion: 'reduce' });
  const p = await context.newPage();
  await p.goto(site.url + path);
  const panel = p.locator(built('tellus-widget >> .tellus-panel'));
  await panel.waitFor();
  await p.evaluate(() => document.fonts.ready);
  const box = (await panel.boundingBox())!;
  const png = await p.screenshot({ clip: box, animations: 'disabled', caret: 'hide' });
  await context.close();
  return { png, box };
}

describe('hostile page CSS', () => {
  for (const kind of ['rate', 'nps']) {
    it(`leaves the ${kind} survey looking exactly the same`, async () => {
      const [plain, hostile] = await Promise.all([shot(`/plain-${kind}`), shot(`/hostile-${kind}`)]);
      expect(hostile.box).toEqual(plain.box);
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      try {
        expect((await diffPixels(p, plain.png, hostile.png)).differing).toBe(0);
      } finally {
        await ctx.close();
      }
    });
  }

  it('sees a deliberate theme change through the documented --tellus-* properties (the comparison can fail)', async () => {
    const [a, b] = await Promise.all([shot('/plain-rate'), shot('/themed-rate')]);
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    try {
      expect(b.box).toEqual(a.box);
      expect((await diffPixels(p, a.png, b.png)).differing).toBeGreaterThan(1000);
    } finally {
      await ctx.close();
    }
  });

  it('does not change the host page: no layout shift, no styles leaking out', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const p = await ctx.newPage();
    try {
      await p.goto(site.url + '/bootstrap-only');
      const look = () =>
        p.evaluate(() => {
          const h = document.querySelector('h1')!;
          const s = getComputedStyle(h);
          const r = h.getBoundingClientRect();
          return { font: s.font, color: s.color, top: r.top, left: r.left, body: getComputedStyle(document.body).margin, height: document.body.scrollHeight };
        });
      await p.waitForFunction(() => typeof (window as unknown as { tellus?: unknown }).tellus === 'function');
      const before = await look();
      await p.evaluate(() => (window as unknown as { tellus(...a: unknown[]): void }).tellus('show', 'post-order'));
      await p.locator(built('tellus-widget >> .tellus-panel')).waitFor();
      expect(await look()).toEqual(before);
      expect(await p.evaluate(() => document.styleSheets.length)).toBe(1); // only Bootstrap; the widget's sheet is in its shadow root
    } finally {
      await ctx.close();
    }
  });
});
