// The survey editor (inline validation, live widget preview, save as a new version) and hosted link surveys in Chromium.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey } from '@tellus/schema';
import { createApp } from '../../packages/collector/src/server.js';
import { silentLogger } from '../../packages/collector/src/log.js';
import { survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { launchChromium } from '../helpers/browser.js';
import { listen } from './app.js';
import { ensureDashboardBundle } from './build-dashboard.js';
import { sampleRows } from './sample-data.js';
import { ADMIN, seededStorage } from './seed.js';

const widgetDist = fileURLToPath(new URL('../../packages/widget/dist/', import.meta.url));
// `npm test` builds first; a missing widget build is a failure to see, never a silent skip.
if (!existsSync(`${widgetDist}tellus.js`) || !existsSync(`${widgetDist}tellus-ui.js`))
  throw new Error('packages/widget/dist is not built: run `node scripts/build.mjs` (npm test does)');
const axeSource = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

const quick: Survey = {
  id: 'quick-nps',
  version: 1,
  name: 'Quick question',
  questions: [{ id: 'nps', type: 'nps', text: { en: 'Would you recommend us?', lv: 'Vai jūs mūs ieteiktu?' } }],
};

let storage: Storage;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  await ensureDashboardBundle();
  storage = await seededStorage(survey, sampleRows(20));
  await storage.putSurvey('shop', quick);
  server = await listen(createApp({ storage, adminToken: ADMIN, logger: silentLogger }));
  // The site allows only its shop; hosted pages on the collector itself must work regardless.
  await storage.upsertSite({ key: 'shop', origins: ['https://shop.example.com'] });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await storage?.close();
});

async function open(path: string): Promise<{ page: Page; problems: string[]; done(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}${path}`);
  return { page, problems, done: () => context.close() };
}

describe('survey editor', () => {
  it('shows validation errors with their path as you type and saves a new version', async () => {
    const { page, problems, done } = await open(`/dashboard/surveys/post-chat/edit?token=${ADMIN}`);
    const editor = page.locator('#survey-json');
    await editor.waitFor();
    expect(await page.locator('#survey-issues').textContent()).toContain('Valid.');
    const original = await editor.inputValue();

    await editor.fill(original.replace('"scale": 5', '"scale": 50'));
    await expect.poll(() => page.locator('.issues li').allTextContents()).toEqual([expect.stringMatching(/^questions\[1\]\.scale .* line \d+$/)]);
    // The line link selects the offending line in the editor.
    await page.click('.issues li button');
    expect(
      await page.evaluate(() => {
        const t = document.querySelector('textarea')!;
        return t.value.slice(t.selectionStart, t.selectionEnd).trim();
      }),
    ).toMatch(/^"scale": 50,?$/);
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('button:has-text("Save new version")').isDisabled()).toBe(true);

    await editor.fill(original.slice(0, -3));
    await expect.poll(() => page.locator('.issues li code').first().textContent()).toBe('(JSON)');

    await editor.fill(original.replace('"After chat"', '"After chat (v3)"'));
    await page.click('button:has-text("Save new version")');
    await page.waitForSelector('text=Saved as version 3.');
    const saved = await storage.getSurvey('post-chat');
    expect(saved).toMatchObject({ version: 3, definition: { name: 'After chat (v3)', version: 3 } });
    expect(problems).toEqual([]);
    await done();
  });

  it('refuses a save that does not come from the page itself', async () => {
    const res = await fetch(`${server.url}/dashboard/api/surveys/post-chat`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'text/plain', Origin: 'https://evil.example' },
      body: JSON.stringify({ survey }),
    });
    expect(res.status).toBe(403);
  });

  it('previews the real widget, per locale', async () => {
    const { page, problems, done } = await open(`/dashboard/surveys/quick-nps/edit?token=${ADMIN}`);
    await page.locator('#survey-json').waitFor();
    const frame = page.frameLocator('iframe[title="Live preview of the survey"]');
    await expect.poll(() => frame.locator('text=Would you recommend us?').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.selectOption('label:has-text("Locale") select', 'lv');
    await expect.poll(() => frame.locator('text=Vai jūs mūs ieteiktu?').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The widget's own strings too (from tellus-ui-lv.js: the UI chunk carries English only).
    await expect.poll(() => frame.locator('text=Noteikti neieteiktu').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Typing keeps the focus even though the re-rendered widget focuses its first control.
    await page.click('#survey-json');
    await page.keyboard.press('Control+End');
    const renders = () => page.locator('.preview').getAttribute('data-renders').then(Number);
    const before = await renders();
    await page.keyboard.type('  ');
    await expect.poll(renders).toBeGreaterThan(before); // the preview re-rendered (and grabbed focus inside its frame)
    await page.keyboard.type('  ', { delay: 50 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('survey-json');
    expect(await page.locator('#survey-json').inputValue()).toMatch(/\} {4}$/);
    await page.selectOption('label:has-text("Width") select', 'phone');
    expect(
      await page
        .locator('.preview.phone iframe')
        .boundingBox()
        .then((b) => b?.width),
    ).toBeLessThanOrEqual(375);
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(o: object): Promise<{ violations: { id: string }[] }> } }).axe.run({
        resultTypes: ['violations'],
        iframes: false,
      });
      return r.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    await done();
  });
});

describe('hosted link survey', () => {
  it('answers 404 for an unknown survey', async () => {
    expect((await fetch(`${server.url}/s/nope`)).status).toBe(404);
  });

  it('takes hosted answers only from its own origin and only for the survey in the path', async () => {
    const [item] = sampleRows(1).map(({ siteKey: _s, receivedAt: _r, ...r }) => ({ ...r, surveyId: 'quick-nps', surveyVersion: 1, answers: { nps: 7 } }));
    const post = (path: string, origin: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: origin }, body: JSON.stringify(body) });
    const foreign = await post('/s/quick-nps/v1/responses', 'https://evil.example', { siteKey: 'shop', responses: [item] });
    expect(foreign.status).toBe(403);
    const otherSurvey = await post('/s/post-chat/v1/responses', server.url, { siteKey: 'shop', responses: [item] });
    expect(otherSurvey.status).toBe(403);
    const direct = await post('/v1/responses', server.url, { siteKey: 'shop', responses: [item] });
    expect(direct.status).toBe(403); // the collector's origin is not in the site's list
    const malformed = await post('/s/quick-nps/v1/responses', server.url, '{');
    expect(malformed.status).toBe(400);
    expect(await storage.countResponses({ surveyId: 'quick-nps' })).toBe(0);
  });

  it('refuses an oversized hosted batch sent without Content-Length with a JSON 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (sent++ < 8) ctl.enqueue(chunk);
        else ctl.close();
      },
    });
    const res = await fetch(`${server.url}/s/quick-nps/v1/responses`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: server.url },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: expect.any(String) });
  });

  it('shows the survey at once and stores the answer with the link channel', async () => {
    const { page, problems, done } = await open('/s/quick-nps?channel=email&location=riga');
    const nine = page.getByRole('radio', { name: '9' });
    await nine.waitFor({ timeout: 10_000 });
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(o: object): Promise<{ violations: { id: string }[] }> } }).axe.run({ resultTypes: ['violations'] });
      return r.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await nine.click(); // a one-question survey sends on the answer
    await page.getByText('Thank you for your feedback!').waitFor({ timeout: 10_000 });
    await expect
      .poll(
        async () => {
          const rows = [];
          for await (const r of storage.iterateResponses({ surveyId: 'quick-nps' })) rows.push(r);
          return rows.map((r) => [r.answers.nps, r.completed, r.meta.channel, r.meta.location]);
        },
        { timeout: 10_000 },
      )
      .toEqual([[9, true, 'email', 'riga']]);
    expect(problems).toEqual([]);
    await done();
  });
});
