// The dashboard in headless Chromium: renders seeded results, no console errors under its CSP, passes axe-core.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { launchChromium } from '../helpers/browser.js';
import { listen, resultsApp } from './app.js';
import { ensureDashboardBundle } from './build-dashboard.js';
import { sampleRows } from './sample-data.js';
import { ADMIN, seededStorage } from './seed.js';

const axeSource = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

let storage: Storage;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  await ensureDashboardBundle();
  storage = await seededStorage(survey, sampleRows());
  await storage.putSurvey('shop', { id: 'empty-one', version: 1, name: 'Nobody answered yet', questions: [{ id: 'q', type: 'thumbs', text: 'Useful?' }] });
  server = await listen(resultsApp(storage, ADMIN));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await storage?.close();
});

/** A signed-in page that records console errors, page errors and failed requests. */
async function signedIn(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  const res = await page.goto(`${server.url}/dashboard?token=${ADMIN}`);
  expect(res?.url()).toBe(`${server.url}/dashboard`); // the token left the address bar
  return { page, context, problems };
}

async function axe(page: Page) {
  // Evaluated through the devtools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run({
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describe('dashboard in Chromium', () => {
  it('asks for the token first and sets an HttpOnly SameSite=Strict cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/dashboard`);
    expect(res?.status()).toBe(401);
    await page.fill('#token', ADMIN);
    await Promise.all([page.waitForURL(`${server.url}/dashboard`), page.click('button[type=submit]')]);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'tellus_admin', httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).not.toContain(ADMIN);
    await page.waitForSelector('.cards .card');
    await context.close();
  });

  it('renders score cards, trend, comparison, distributions and comments without console errors', async () => {
    const { page, context, problems } = await signedIn();
    await page.waitForSelector('.cards .card');
    const cards = await page.locator('.card h3').allTextContents();
    expect(cards).toEqual(['NPS', 'CSAT (top-2-box of 5)', 'CES (mean of 1–7)', 'Responses']);
    expect(await page.locator('.card .value').first().textContent()).toMatch(/^[+−]?\d+$/);
    expect(await page.locator('.card').last().textContent()).toContain('160');
    expect(await page.locator('.chart svg path.line').count()).toBeGreaterThan(0);
    expect(await page.locator('.chart svg title').textContent()).toMatch(/^NPS by period from/);
    await page.click('summary:has-text("Trend data")');
    expect(await page.locator('.chart table tbody tr').count()).toBe(8); // weeks starting 2 Mar … 20 Apr
    // Vilnius is seeded below the rest and must be flagged in the comparison.
    const vilnius = page.locator('tr', { has: page.locator('th', { hasText: /^vilnius$/ }) });
    expect(await vilnius.locator('td.below').count()).toBeGreaterThan(0);
    expect(await page.locator('section.panel h3').allTextContents()).toEqual(
      expect.arrayContaining(['Trend', 'Comparison by location', 'Recommend us?', 'Topic', 'Rate', 'Latest comments']),
    );
    expect(await page.locator('ol.comments li').count()).toBeGreaterThan(5);
    // Switching the comparison attribute refetches.
    await page.selectOption('label:has-text("Compare by") select', 'agent');
    await page.waitForSelector('h3:has-text("Comparison by agent")');
    expect(await page.locator('tr th[scope=row]').allTextContents()).toEqual(expect.arrayContaining(['anna', 'bruno', 'chen', 'dace']));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('passes axe-core on the results page', async () => {
    const { page, context } = await signedIn();
    await page.waitForSelector('ol.comments li');
    await page.click('summary:has-text("Trend data")');
    expect(await axe(page)).toEqual([]);
    await context.close();
  });

  it('stays within a phone screen and passes axe-core there', async () => {
    const { page, context, problems } = await signedIn({ width: 375, height: 740 });
    await page.waitForSelector('.cards .card');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a survey without responses and offers export links', async () => {
    const { page, context, problems } = await signedIn();
    await page.click('nav a:has-text("Nobody answered yet")');
    await page.waitForSelector('.cards .card');
    expect(await page.locator('.card .value').first().textContent()).toBe('0');
    const csv = await page.locator('a:has-text("Export CSV")').getAttribute('href');
    expect(csv).toBe('/v1/surveys/empty-one/responses.csv?bom=1');
    const res = await context.request.get(`${server.url}${csv}`);
    expect(res.status()).toBe(200); // the session cookie works for downloads
    expect(problems).toEqual([]);
    await context.close();
  });

  it('signs out', async () => {
    const { page, context } = await signedIn();
    await page.waitForSelector('.cards .card');
    await Promise.all([page.waitForURL(`${server.url}/dashboard`), page.click('button:has-text("Sign out")')]);
    expect(await page.locator('#token').count()).toBe(1);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});
