// The dashboard in headless Chromium: renders seeded results, no console errors under its CSP, passes axe-core.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { launchChromium } from '../helpers/browser.js';
import { listen, resultsApp } from './app.js';
import { ensureDashboardBundle } from './build-dashboard.js';
import { sampleRows } from './sample-data.js';
import { qualityRows, qualitySurvey } from './insight-data.js';
import { ADMIN, ingestRows, seededStorage } from './seed.js';

const axeSource = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

let storage: Storage;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  await ensureDashboardBundle();
  storage = await seededStorage(survey, sampleRows());
  await storage.putSurvey('shop', { id: 'empty-one', version: 1, name: 'Nobody answered yet', questions: [{ id: 'q', type: 'thumbs', text: 'Useful?' }] });
  // Service quality in Riga and Tehran (Persian comments), for drivers, themes and the group comparison.
  await storage.putSurvey('shop', { ...qualitySurvey, id: 'quality' });
  await ingestRows(
    storage,
    qualityRows().map((r) => ({ ...r, surveyId: 'quality', id: r.id.replace(/^0190f000/, '0190f001') })),
  );
  server = await listen(resultsApp(storage, ADMIN));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await storage?.close();
});

/** A signed-in page that records console errors, page errors and failed requests. */
async function signedIn(
  viewport = { width: 1280, height: 900 },
  path = '/dashboard/surveys/post-chat',
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  const res = await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}token=${ADMIN}`);
  expect(res?.url()).toBe(`${server.url}${path}`); // the token left the address bar, the filters stayed
  return { page, context, problems };
}

async function axe(page: Page) {
  // Evaluated through the devtools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await (
      window as unknown as { axe: { run(o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run({
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
    await page.waitForSelector('table.overview');
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
    expect(await page.locator('.chart svg .whisker').count()).toBeGreaterThan(0);
    expect(await page.locator('.chart svg title').first().textContent()).toMatch(/^NPS per week, 8 weeks from Week of 2 Mar 2026/);
    await page.click('summary:has-text("Trend data")');
    expect(await page.locator('section[aria-labelledby=trend-h] table tbody tr').count()).toBe(8); // weeks starting 2 Mar … 20 Apr
    // Vilnius is seeded below the rest: worse, after Holm, and said in words.
    const vilnius = page.locator('tr', { has: page.locator('th', { hasText: /^vilnius$/ }) });
    expect(await vilnius.locator('td.verdict.worse').count()).toBeGreaterThan(0);
    expect(await vilnius.locator('td.verdict.worse').first().textContent()).toContain('Worse than the rest');
    // NPS answers are coloured by the group they fall in, and named.
    expect(await page.locator('td.bar rect.fill.detractor').count()).toBe(7);
    expect(await page.locator('td.bar rect.fill.promoter').count()).toBe(2);
    expect(await page.locator('section.panel h3').allTextContents()).toEqual(
      expect.arrayContaining(['Trend', 'Comparison by location', 'Recommend us?', 'Topic', 'Rate', 'Latest comments']),
    );
    expect(await page.locator('ol.comments li').count()).toBeGreaterThan(5);
    // Switching the comparison attribute refetches.
    await page.selectOption('label:has-text("Compare by") select', 'agent');
    await page.waitForSelector('h3:has-text("Comparison by agent")');
    expect(await page.locator('tr th[scope=row]').allTextContents()).toEqual(expect.arrayContaining(['anna', 'bruno', 'chen', 'dace']));
    // Declared dimensions come first, and the choice is in the address bar.
    expect(await page.locator('label:has-text("Compare by") optgroup').first().getAttribute('label')).toBe('Dimensions');
    expect(new URL(page.url()).searchParams.get('groupBy')).toBe('agent');
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
    for (const [path, ready] of [
      ['/dashboard/surveys/post-chat', '.cards .card'],
      ['/dashboard/surveys/quality', 'h3:has-text("Themes in comments")'],
      ['/dashboard', 'table.overview'],
    ] as const) {
      const { page, context, problems } = await signedIn({ width: 375, height: 740 }, path);
      await page.waitForSelector(ready);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('shows a survey without responses and offers export links', async () => {
    const { page, context, problems } = await signedIn(undefined, '/dashboard/surveys/empty-one');
    await page.waitForSelector('.cards .card');
    expect(await page.locator('.card .value').first().textContent()).toBe('0');
    const csv = await page.locator('a:has-text("Export CSV")').getAttribute('href');
    expect(csv).toBe('/v1/surveys/empty-one/responses.csv?bom=1'); // "all time": no dates
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

  it('opens on the all-surveys overview with score, n, spark and change, and filters from the URL', async () => {
    const { page, context, problems } = await signedIn(undefined, '/dashboard');
    await page.waitForSelector('table.overview tbody tr');
    const rows = await page.locator('table.overview tbody tr th a').allTextContents();
    expect(rows).toEqual(expect.arrayContaining(['After chat', 'Service quality', 'Nobody answered yet']));
    expect(await page.locator('table.overview svg.spark').count()).toBeGreaterThan(0);
    // The period is in the address bar and survives into a survey's page.
    await page.selectOption('label:has-text("Period") select', '90');
    await page.waitForSelector('h3:has-text("last 90 days")');
    await page.selectOption('label:has-text("Period") select', 'all');
    await page.waitForSelector('h3:has-text("all time")');
    expect(new URL(page.url()).searchParams.get('range')).toBe('all');
    await page.click('table.overview a:has-text("After chat")');
    await page.waitForSelector('.cards .card');
    expect(await page.locator('label:has-text("Period") select').inputValue()).toBe('all');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows key drivers, ratings by group and themes with their comments, including Persian', async () => {
    const { page, context, problems } = await signedIn(undefined, '/dashboard/surveys/quality');
    await page.waitForSelector('h3:has-text("Key drivers")');
    const fixFirst = page.locator('tr.fix-first th');
    expect(await fixFirst.first().textContent()).toBe('Trust');
    await page.selectOption('label:has-text("Drivers for") select', 'tehran');
    await page.waitForSelector('p:has-text("in location tehran")');
    expect(await page.locator('tr.fix-first th').first().textContent()).toBe('Trust');
    expect(await page.locator('table.matrix-groups thead th').allTextContents()).toEqual(['Row', 'All', 'riga', 'tehran']);
    // A Persian theme opens the comments it came from.
    const theme = page.locator('button.theme', { hasText: /تاخ|تأخ/ }); // shown as most often written
    await theme.click();
    expect(await theme.getAttribute('aria-expanded')).toBe('true');
    const quoted = await page.locator('ul.themes li ol.comments blockquote').allTextContents();
    expect(quoted.length).toBeGreaterThan(5);
    for (const text of quoted) expect(text).toMatch(/تاخ|تأخ/);
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows new answers without a reload (polling with ETag)', async () => {
    const { page, context, problems } = await signedIn(undefined, '/dashboard/surveys/empty-one');
    await page.waitForSelector('.cards .card');
    expect(await page.locator('.card .value').first().textContent()).toBe('0');
    const seen: number[] = [];
    page.on('response', (r) => r.url().includes('/v1/surveys/empty-one/results') && seen.push(r.status()));
    await storage.ingest('shop', [
      {
        id: '0190f002-0000-7000-8000-000000000001',
        surveyId: 'empty-one',
        surveyVersion: 1,
        seq: 1,
        completed: true,
        answers: { q: 'up' },
        meta: {},
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      },
    ] as never);
    // The dashboard polls every 15 s; allow a few rounds under load.
    await page.waitForFunction(() => document.querySelector('.card .value')?.textContent === '1', null, { timeout: 60_000 });
    expect(seen.every((status) => status === 200 || status === 304)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('takes screenshots of the overview and a group comparison, light and dark, with English and Persian data', async () => {
    const dir = join(tmpdir(), 'tellus-dashboard-screens');
    mkdirSync(dir, { recursive: true });
    for (const scheme of ['light', 'dark'] as const) {
      const shots: [string, string, string][] = [
        ['/dashboard?range=365', 'table.overview tbody tr', `overview-${scheme}.png`],
        ['/dashboard/surveys/post-chat?range=all&interval=week&groupBy=location', 'table.groups tbody tr', `groups-en-${scheme}.png`],
        ['/dashboard/surveys/quality', 'h3:has-text("Key drivers")', `groups-fa-${scheme}.png`],
      ];
      for (const [path, ready, file] of shots) {
        const { page, context, problems } = await signedIn({ width: 1280, height: 900 }, path, scheme);
        await page.waitForSelector(ready);
        if (file.startsWith('groups-fa')) await page.locator('button.theme', { hasText: /تاخ|تأخ/ }).click();
        // Nothing wider than the page: tables fit their cards or scroll inside them.
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
        const out = join(dir, file);
        await page.screenshot({ path: out, fullPage: true });
        expect(statSync(out).size).toBeGreaterThan(10_000);
        // The panels on their own, at full size, for reading.
        for (const panel of ['groups-h', 'drivers-h', 'matrix-groups-h', 'themes-h', 'trend-h'])
          if (await page.locator(`section[aria-labelledby=${panel}]`).count())
            await page.locator(`section[aria-labelledby=${panel}]`).screenshot({ path: out.replace('.png', `-${panel.replace('-h', '')}.png`) });
        if (scheme === 'dark') expect(await axe(page)).toEqual([]);
        expect(problems).toEqual([]);
        await context.close();
      }
    }
  }, 120_000);
});
