// The SDK's interaction triggers in headless Chromium through the script tag: exit intent, scroll depth and delegated clicks, each after the real gesture only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Survey } from '@tellus/schema';
import { launchChromium, type StaticServer } from '../helpers/browser';
import { ensureBuilt } from './build';
import { snippetPage, startCollector, startSite, type Collector } from './fixtures';
import { built } from '../helpers/classes';

let browser: Browser;
let collector: Collector;
let site: StaticServer;

const survey = (id: string, trigger: Survey['trigger']): Survey => ({
  id,
  version: 1,
  trigger,
  questions: [{ id: 'q', type: 'thumbs', text: 'Did you find it?' }],
});
/** A page whose only survey has `trigger`, recording every shown survey id in `window.shown`. */
const page = (trigger: Survey['trigger'], body?: string) =>
  snippetPage({
    collector: collector.url,
    init: { storage: 'memory', surveys: [survey('s', trigger)] },
    commands: "window.shown=[]; tellus('on','show',function(e){window.shown.push(e.survey.id)});",
    ...(body ? { body } : {}),
  });

beforeAll(async () => {
  ensureBuilt();
  [browser, collector] = await Promise.all([launchChromium(), startCollector([])]);
  site = await startSite({
    '/exit': page({ exitIntent: true }),
    '/scroll': page({ scrollPercent: 75 }, '<main style="height:4000px"><h1>A long article</h1></main>'),
    '/click': page({ clickSelector: '[data-help] a' }, '<main><button id="other">Other</button><div id="slot"></div></main>'),
    '/event': snippetPage({
      collector: collector.url,
      init: { storage: 'memory', surveys: [survey('s', { event: 'order_placed' })] },
      commands: "tellus('track','order_placed');",
    }),
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([site?.close(), collector?.close()]);
});

/** Opens `path` and waits until the interaction watcher (brought by the UI chunk) is there to hear gestures. */
async function open(path: string) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const p = await context.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(site.url + path);
  await p.waitForFunction(() => (window as unknown as Record<symbol, unknown>)[Symbol.for('tellus.interactions')] !== undefined);
  // The watcher is attached in the same task the chunk hands it over; one frame later it is listening.
  await frame(p);
  return { page: p, errors, close: () => context.close() };
}

/** The files of the widget a page requested, by name. */
const requested = (p: Page) => {
  const files: string[] = [];
  p.on('request', (r) => void files.push(new URL(r.url()).pathname.slice(1)));
  return files;
};

/** Waits for the page to run a frame and the tasks queued before it: events dispatched so far are handled. */
const frame = (p: Page) => p.evaluate(() => new Promise<void>((ok) => requestAnimationFrame(() => setTimeout(ok))));
const shown = (p: Page) => p.evaluate(() => (window as unknown as { shown: string[] }).shown);

describe('interaction triggers in Chromium', () => {
  it('shows an exit-intent survey when the pointer leaves through the top of the viewport, not when it moves within the page', async () => {
    const { page: p, errors, close } = await open('/exit');
    try {
      await p.mouse.move(500, 400);
      await p.mouse.move(500, 200, { steps: 5 });
      await frame(p);
      expect(await shown(p)).toEqual([]);
      expect(await p.locator('tellus-widget').count()).toBe(0);
      await p.mouse.move(500, -20, { steps: 5 });
      await expect.poll(() => shown(p)).toEqual(['s']);
      await p.locator(built('tellus-widget >> .tellus-panel')).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows a scroll survey once 75 % of the page has been in view, not at 40 %', async () => {
    const { page: p, errors, close } = await open('/scroll');
    try {
      await p.mouse.move(500, 400);
      await p.mouse.wheel(0, 800); // (800 + 768) / 4000 ≈ 39 %
      await p.waitForFunction(() => scrollY >= 800);
      await frame(p);
      expect(await shown(p)).toEqual([]);
      expect(await p.locator('tellus-widget').count()).toBe(0);
      await p.mouse.wheel(0, 2400); // bottom of the page
      await p.waitForFunction(() => scrollY + innerHeight >= 0.75 * document.documentElement.scrollHeight);
      await expect.poll(() => shown(p)).toEqual(['s']);
      await p.locator(built('tellus-widget >> .tellus-panel')).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows a click survey through the delegated listener for an element added after start, not for other clicks', async () => {
    const { page: p, errors, close } = await open('/click');
    try {
      await p.click('#other');
      await frame(p);
      expect(await shown(p)).toEqual([]);
      expect(await p.locator('tellus-widget').count()).toBe(0);
      // Added only now, after the watcher started: the one listener on the document still sees its clicks.
      await p.evaluate(() => {
        document.getElementById('slot')!.innerHTML = '<div data-help><a href="#h"><span id="help">Help</span></a></div>';
      });
      await p.click('#help');
      await expect.poll(() => shown(p)).toEqual(['s']);
      await p.locator(built('tellus-widget >> .tellus-panel')).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('fetches the watcher (tellus-interactions.js) beside the UI chunk only for a page whose survey waits for a gesture', async () => {
    const context = await browser.newContext();
    try {
      const event = await context.newPage();
      const eventFiles = requested(event);
      await event.goto(site.url + '/event');
      await event.locator(built('tellus-widget >> .tellus-panel')).waitFor();
      expect(eventFiles).toContain('tellus-ui.js');
      expect(eventFiles).not.toContain('tellus-interactions.js');
      const exit = await context.newPage();
      const exitFiles = requested(exit);
      await exit.goto(site.url + '/exit');
      await exit.waitForFunction(() => (window as unknown as Record<symbol, unknown>)[Symbol.for('tellus.interactions')] !== undefined);
      expect(exitFiles).toEqual(expect.arrayContaining(['tellus-ui.js', 'tellus-interactions.js']));
    } finally {
      await context.close();
    }
  });
});
