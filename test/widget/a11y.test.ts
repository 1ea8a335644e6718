// axe-core inside the widget's shadow root: no violations for any question type, nor an ending with its button, in light and dark themes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { Question, Survey } from '@tellus/schema';
import { launchChromium, type StaticServer } from '../helpers/browser';
import { ROOT, ensureBuilt } from './build';
import { snippetPage, startSite } from './fixtures';
import { built } from '../helpers/classes';

const q = (id: string, question: Question, extra: Partial<Survey> = {}): Survey => ({
  id,
  version: 1,
  trigger: { event: 'never' },
  questions: [question],
  ...extra,
});
const SURVEYS: Survey[] = [
  q('stars', { id: 'a', type: 'rating', scale: 5, style: 'stars', text: 'How satisfied are you?', lowLabel: 'Not at all', highLabel: 'Very' }),
  q('numbers', { id: 'a', type: 'rating', scale: 10, style: 'numbers', text: 'Rate the help you got' }),
  q('emoji', { id: 'a', type: 'rating', scale: 5, style: 'emoji', text: 'How was your delivery?' }),
  q('nps', { id: 'a', type: 'nps', text: 'How likely are you to recommend us?' }),
  q('ces', { id: 'a', type: 'ces', text: 'The company made it easy to handle my issue.' }),
  q('text', { id: 'a', type: 'text', text: 'What could we do better?', placeholder: 'Your idea', required: true }),
  q('single', {
    id: 'a',
    type: 'choice',
    other: true,
    text: 'What is this about?',
    options: [
      { id: 'x', text: 'Complaint' },
      { id: 'y', text: 'Suggestion' },
    ],
  }),
  q('multi', {
    id: 'a',
    type: 'choice',
    multiple: true,
    other: true,
    text: 'Which parts?',
    options: [
      { id: 'x', text: 'Speed' },
      { id: 'y', text: 'Price' },
    ],
  }),
  q('matrix', {
    id: 'a',
    type: 'matrix',
    scale: 5,
    text: 'Rate our agent',
    lowLabel: 'Poor',
    highLabel: 'Great',
    rows: [
      { id: 'r', text: 'Reliability' },
      { id: 'e', text: 'Empathy' },
    ],
  }),
  q('thumbs', { id: 'a', type: 'thumbs', text: 'Was this article helpful?' }),
  q('contact', { id: 'a', type: 'contact', fields: ['email', 'phone'], text: 'How can we reach you?' }),
  q('consent', { id: 'a', type: 'consent', required: true, text: 'You may contact me about my answer.' }),
  q('cta', { id: 'a', type: 'cta', text: 'Try our new app', description: 'It is free.', button: { text: 'Get the app', url: 'https://example.com/app' } }),
  q('shuffled', {
    id: 'a',
    type: 'choice',
    shuffle: true,
    other: true,
    text: 'Which?',
    options: [
      { id: 'x', text: 'One' },
      { id: 'y', text: 'Two' },
    ],
  }),
  {
    id: 'flow',
    version: 1,
    trigger: { event: 'never' },
    questions: [
      { id: 'a', type: 'nps', text: 'How likely are you to recommend us?' },
      { id: 'b', type: 'thumbs', text: 'Was it easy?', required: true },
    ],
    endings: [
      { when: { question: 'a', gte: 9 }, text: 'Thank you! Would you review us?', button: { text: 'Write a review', url: 'https://example.com/review' } },
    ],
  },
];

let browser: Browser;
let site: StaticServer;
const AXE = readFileSync(ROOT + 'node_modules/axe-core/axe.min.js', 'utf8');

beforeAll(async () => {
  ensureBuilt();
  browser = await launchChromium();
  site = await startSite({
    // The page offers both schemes, so the widget follows the browser's: the dark run really audits dark colours.
    '/': snippetPage({
      collector: 'http://127.0.0.1:9',
      head: '<meta name="color-scheme" content="light dark">',
      init: { surveys: SURVEYS, storage: 'memory', thankYouMs: 0 },
    }),
    // A page theming the widget badly: the audit must notice.
    '/pale': snippetPage({
      collector: 'http://127.0.0.1:9',
      head: '<link rel="stylesheet" href="/pale.css">',
      init: { surveys: SURVEYS, storage: 'memory' },
      commands: "tellus('show','nps');",
    }),
    '/pale.css': { body: ':root { --tellus-fg: #d0d0d0; --tellus-muted: #e0e0e0 }', type: 'text/css' },
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: unknown; failureSummary: string }[] }[];
  passes: { id: string }[];
}

describe.each(['light', 'dark'] as const)('accessibility in the %s theme', (colorScheme) => {
  it('has no axe violations for any question type, selected or not, nor on the thank-you', async () => {
    const context = await browser.newContext({ colorScheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    try {
      await page.goto(site.url + '/');
      await page.waitForFunction(() => typeof (window as unknown as { tellus?: unknown }).tellus === 'function');
      await page.addScriptTag({ content: AXE });
      const audit = async (label: string) => {
        const r = (await page.evaluate(
          (panel) =>
            (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } }).axe.run(
              { fromShadowDom: ['tellus-widget', panel] },
              { resultTypes: ['violations'] },
            ),
          built('.tellus-panel'),
        )) as AxeResult;
        return {
          label,
          violations: r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(v.nodes.map((n) => n.target))}`),
          passes: r.passes.map((p) => p.id),
        };
      };
      const found: string[] = [];
      let checkedContrast = false;
      for (const s of SURVEYS) {
        await page.evaluate((id) => (window as unknown as { tellus(...a: unknown[]): void }).tellus('show', id), s.id);
        const panel = page.locator(built('tellus-widget >> .tellus-panel'));
        await panel.waitFor();
        const fresh = await audit(s.id);
        // Select something (arrow keys never submit) so the checked state's colours are audited too.
        await page.keyboard.press('ArrowRight');
        const picked = await audit(s.id + ' (selected)');
        found.push(...fresh.violations.map((v) => `${fresh.label}: ${v}`), ...picked.violations.map((v) => `${picked.label}: ${v}`));
        checkedContrast ||= fresh.passes.includes('color-contrast');
        await page.locator(built('tellus-widget >> .tellus-close')).click();
        await panel.waitFor({ state: 'detached' });
      }
      // The thank-you screen and a required-answer error.
      await page.evaluate(() => (window as unknown as { tellus(...a: unknown[]): void }).tellus('show', 'flow'));
      await page.locator('tellus-widget >> [role=radio]').nth(9).click();
      await page.locator(built('tellus-widget >> .tellus-nav .tellus-button >> nth=-1')).click();
      await page.locator('tellus-widget >> [role=alert]').waitFor();
      const error = await audit('required error');
      await page.locator('tellus-widget >> [role=radio]').first().click();
      await page.locator(built('tellus-widget >> .tellus-nav .tellus-button >> nth=-1')).click();
      await page.locator(built('tellus-widget >> .tellus-thanks')).waitFor();
      const thanks = await audit('thank-you');
      found.push(...error.violations.map((v) => `${error.label}: ${v}`), ...thanks.violations.map((v) => `${thanks.label}: ${v}`));
      expect(found).toEqual([]);
      expect(checkedContrast).toBe(true); // axe really looked inside the shadow root
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('the accessibility audit', () => {
  it('catches a badly themed widget (the check can fail)', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    try {
      await page.goto(site.url + '/pale');
      await page.locator(built('tellus-widget >> .tellus-panel')).waitFor();
      await page.addScriptTag({ content: AXE });
      const ids = await page.evaluate(async (panel) => {
        const r = (await (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } }).axe.run(
          { fromShadowDom: ['tellus-widget', panel] },
          { resultTypes: ['violations'] },
        )) as { violations: { id: string }[] };
        return r.violations.map((v) => v.id);
      }, built('.tellus-panel'));
      expect(ids).toContain('color-contrast');
    } finally {
      await context.close();
    }
  });
});
