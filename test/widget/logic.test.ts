// Logic, piping, endings and the contact, consent and cta questions in Chromium through the script tag, keyboard only,
// delivered to a loopback collector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Survey } from '@tellus/schema';
import { launchChromium, type StaticServer } from '../helpers/browser';
import { ensureBuilt } from './build';
import { focused, snippetPage, startCollector, startSite, type Collector } from './fixtures';
import { built } from '../helpers/classes';

let browser: Browser;
let collector: Collector;
let site: StaticServer;

const survey = (base: string): Survey => ({
  id: 'branching',
  version: 1,
  name: 'Internal: Q4 NPS with logic',
  title: 'Two minutes for Lumo?',
  trigger: { event: 'go' },
  questions: [
    {
      id: 'nps',
      type: 'nps',
      text: 'How likely are you to recommend Lumo?',
      logic: [
        { when: { gte: 9 }, goto: 'reach' },
        { when: { lte: 6 }, goto: 'why' },
      ],
    },
    { id: 'better', type: 'text', text: 'What would make it a 10?' },
    { id: 'why', type: 'text', text: 'Why a {{answer.nps}}, {{attr.firstName|friend}}?', logic: [{ when: { eq: 'nothing' }, goto: 'end' }] },
    { id: 'reach', type: 'contact', fields: ['email', 'phone'], text: 'How can we reach you?' },
    { id: 'ok', type: 'consent', required: true, text: 'You may contact me about my answer.' },
    { id: 'app', type: 'cta', text: 'Try our new app', button: { text: 'Get the app', url: `${base}/app` } },
  ],
  endings: [
    {
      when: { question: 'nps', gte: 9 },
      text: 'Thanks, {{attr.firstName|friend}}! A {{answer.nps}} means a lot.',
      button: { text: 'Leave a review', url: `${base}/review` },
    },
    { when: { question: 'nps', lte: 6 }, text: 'Sorry to hear that. Support will be in touch.' },
  ],
});

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  collector = await startCollector([]);
  // Pages are built per request: the survey's links point back at this site, whose port is known only once it listens.
  const page = (identify: string) => (_req: unknown, res: import('node:http').ServerResponse) =>
    void res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(snippetPage({ collector: collector.url, init: { surveys: [survey(site.url)] }, commands: `${identify}tellus('track','go');` }));
  site = await startSite({ '/': page("tellus('identify',{id:'u-7',firstName:'Anna'});"), '/anon': page(''), '/app': 'App page', '/review': 'Review page' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([site?.close(), collector?.close()]);
});

/** A selector inside the widget's shadow root, written with the source's class names. */
const inWidget = (page: Page, css: string) => page.locator(built(`tellus-widget >> ${css}`));

async function open(path: string) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url + path);
  await inWidget(page, '[role=radiogroup]').waitFor();
  await page.keyboard.press('Alt+Shift+KeyF');
  await expect.poll(() => focused(page)).toBe('radio:0');
  return { page, context, errors };
}

describe('a survey with logic, piping and endings, by keyboard only', () => {
  it('jumps a promoter to the contact details, validates them, takes consent and the click, and ends with the promoter ending', async () => {
    const { page, context, errors } = await open('/');
    try {
      expect(await inWidget(page, '[role=dialog]').getAttribute('aria-label')).toBe('Two minutes for Lumo?');
      await page.keyboard.press('End');
      await page.keyboard.press('Enter'); // 10 → jumps over "better" and "why"
      await expect.poll(() => inWidget(page, '.tellus-question').textContent()).toBe('How can we reach you?');
      expect(await inWidget(page, '.tellus-progress-text').textContent()).toBe('Question 2 of 4');
      await expect.poll(() => focused(page)).toBe('input:');
      await page.keyboard.type('anna@');
      await page.keyboard.press('Tab'); // leaving the field shows what is wrong
      await expect.poll(() => inWidget(page, '.tellus-contact-field .tellus-error').textContent()).toBe('Please check this entry.');
      await page.keyboard.type('+371 2000 0000');
      await page.keyboard.press('Tab'); // Back
      await page.keyboard.press('Tab'); // Next
      await expect.poll(() => focused(page)).toBe('button:Next');
      await page.keyboard.press('Enter');
      expect(await inWidget(page, '.tellus-question').textContent()).toBe('How can we reach you?'); // a bad e-mail does not move on
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab'); // back in the e-mail field
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('anna@example.lv');
      for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page)).toBe('input:'); // the consent checkbox
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter'); // Next
      await expect.poll(() => focused(page)).toBe('a:Get the app');
      const popup = context.waitForEvent('page', { timeout: 10_000 });
      await page.keyboard.press('Enter'); // opens the app page in a new tab and records the click
      const app = await popup;
      await app.waitForLoadState('load', { timeout: 10_000 });
      expect(await app.evaluate(() => window.opener)).toBeNull(); // rel=noopener
      await app.close();
      await page.bringToFront();
      await page.keyboard.press('Tab'); // Back
      await page.keyboard.press('Tab'); // Send: the last question waits, so the respondent can still review
      await expect.poll(() => focused(page)).toBe('button:Send');
      await page.keyboard.press('Enter');
      await expect.poll(() => inWidget(page, '.tellus-thanks').textContent()).toBe('Thanks, Anna! A 10 means a lot.');
      expect(await inWidget(page, 'a.tellus-link').getAttribute('href')).toBe(`${site.url}/review`);
      const done = await collector.waitForResponse((r) => r.surveyId === 'branching' && r.completed);
      expect(done.answers).toEqual({ nps: 10, reach: { email: 'anna@example.lv', phone: '+371 2000 0000' }, ok: true, app: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('pipes the score and the fallback into a detractor follow-up, and ends early on a jump to the end', async () => {
    const { page, context } = await open('/anon');
    try {
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter'); // 3 → why
      await expect.poll(() => inWidget(page, '.tellus-question').textContent()).toBe('Why a 3, friend?');
      expect(await inWidget(page, '.tellus-progress-text').textContent()).toBe('Question 2 of 5');
      await page.keyboard.type('nothing');
      await expect.poll(() => inWidget(page, '.tellus-nav .tellus-button >> nth=-1').textContent()).toBe('Send'); // the jump to the end makes it the last
      expect(await inWidget(page, '.tellus-progress-text').textContent()).toBe('Question 2 of 2');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => inWidget(page, '.tellus-thanks').textContent()).toBe('Sorry to hear that. Support will be in touch.');
      const done = await collector.waitForResponse((r) => r.surveyId === 'branching' && r.completed && r.answers.nps === 3);
      expect(done.answers).toEqual({ nps: 3, why: 'nothing' });
    } finally {
      await context.close();
    }
  }, 60_000);
});
