// Alerts in headless Chromium: the digest e-mail rendered and screenshot-checked, and the dashboard's alert panels (axe-core).
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Survey } from '@tellus/schema';
import { row, survey } from '../../packages/collector/src/results/test-fixtures.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { launchChromium } from '../helpers/browser.js';
import { createApp, silentLogger } from '@tellus/collector';
import { listen } from './app.js';
import { ensureDashboardBundle } from './build-dashboard.js';
import { sampleRows } from './sample-data.js';
import { ADMIN, ingestRows, seededStorage } from './seed.js';

const axeSource = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');
/** Screenshots land here for a person to look at; the assertions below check what a machine can. */
const SHOTS = process.env.TELLUS_SCREENSHOTS ?? fileURLToPath(new URL('../../.screenshots/', import.meta.url));

/** A second survey of the site with comments in the digest's week (13–19 April 2026): Persian and English, both sides, one hostile. */
const delivery: Survey = {
  id: 'delivery',
  version: 1,
  name: 'Delivery feedback',
  questions: [
    { id: 'nps', type: 'nps', text: 'Would you recommend us?' },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
};
const HOSTILE = '<img src=x onerror="document.title=1"> late late';
function deliveryRows() {
  const written = (nps: number, locale: string, texts: string[]) =>
    [0, 1, 2, 3].flatMap((copy) =>
      texts.map((why, i) => ({
        ...row(`2026-04-${13 + ((copy + i) % 7)}T1${i}:00:00.000Z`, { nps, why }, { locale, location: ['riga', 'tallinn'][copy % 2]! }),
        surveyId: delivery.id,
        surveyVersion: 1,
      })),
    );
  return [
    ...written(1, 'fa', ['تأخیر زیاد در ارسال', 'تاخير در ارسال بسته', 'بسته دیر رسید، تاخیر']),
    ...written(10, 'fa', ['پشتیبانی عالی بود', 'عالي و سريع']),
    ...written(10, 'en', ['Friendly and quick courier', 'So friendly!', 'Friendly staff']),
    ...written(3, 'en', ['Parcel came late', 'Late again, damaged box', HOSTILE]),
  ];
}

let storage: Storage;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  await ensureDashboardBundle();
  storage = await seededStorage(survey, []);
  await storage.upsertSite({ key: 'shop', name: 'Lumo skin care', origins: ['http://127.0.0.1'] });
  // Rules first, so ingestion writes the alerts and their follow-ups as it would in production.
  await storage.alerts.setRules(survey.id, [
    { id: 'detractors', name: 'Detractor', when: [{ question: 'nps', lte: 4 }], destinations: [{ type: 'email', to: ['care@lumo.example'] }] },
  ]);
  await ingestRows(storage, sampleRows());
  await storage.putSurvey('shop', delivery);
  await ingestRows(storage, deliveryRows());
  // The dashboard's address is the server's own, known once it listens: the digest links to it.
  let app: ReturnType<typeof createApp> | undefined;
  server = await listen({ fetch: (req) => app!.fetch(req) });
  app = createApp({ storage, adminToken: ADMIN, logger: silentLogger, dashboardUrl: server.url });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await storage?.close();
});

async function axe(page: Page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run({
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

async function page(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light') {
  const context = await browser.newContext({ viewport, colorScheme });
  const p = await context.newPage();
  const problems: string[] = [];
  // A mail has no favicon; Chromium asks for one anyway when it shows the digest as a page.
  const favicon = (url: string) => url.endsWith('/favicon.ico');
  p.on('console', (m) => m.type() === 'error' && !favicon(m.location().url) && problems.push(`${m.text()} ${m.location().url}`));
  p.on('pageerror', (e) => problems.push(e.message));
  p.on('response', (r) => r.status() >= 400 && !favicon(r.url()) && problems.push(`HTTP ${r.status()} ${r.url()}`));
  await p.goto(`${server.url}/dashboard/surveys/${survey.id}?token=${ADMIN}`);
  return { page: p, context, problems };
}

describe('the digest e-mail in Chromium', () => {
  for (const viewport of [
    { width: 1024, height: 900 },
    { width: 375, height: 800 },
  ])
    it(`renders each survey's score, change and groups with intervals, fitting a ${viewport.width}px window`, async () => {
      const { page: p, context, problems } = await page(viewport);
      // The week of 13–19 April 2026: the last whole week of the sample data, with the week before to compare.
      const res = await p.goto(`${server.url}/v1/admin/sites/shop/digest/preview?frequency=weekly&at=2026-04-21T08:00:00Z`);
      expect(res?.status()).toBe(200);
      await expect(p.title()).resolves.toBe('Weekly Tellus digest · Lumo skin care · 2026-W16');
      const text = await p.locator('body').innerText();
      expect(text).toContain('Lumo skin care');
      expect(text).toContain('2026-W16 (2026-04-13 to 2026-04-19)');
      expect(text).toMatch(/NPS −?\d+ \(95% CI −?\d+ to −?\d+\), n=\d+/);
      expect(text).toMatch(/[+−±]\d+ on the period before/);
      expect(text).toContain('Lowest by location\nvilnius\tNPS −100');
      expect(text).toContain('Highest by location\ntallinn\tNPS 33');
      expect((await p.locator('h2').allTextContents()).sort()).toEqual(['After chat', 'Delivery feedback']);
      // Themes: too few comments in the chat survey that week, the delivery survey's in both languages, linked to the dashboard.
      expect(text).toMatch(/Themes: too few comments \(\d\) to tell themes apart\./);
      const themes = p.locator('section', { hasText: 'Delivery feedback' });
      expect(await themes.locator('h4').allTextContents()).toEqual(['Said by detractors', 'Said by promoters']);
      const low = await themes.locator('ul').first().locator('li').allInnerTexts();
      expect(low).toEqual(expect.arrayContaining([expect.stringMatching(/^تأخیر · 12 comments$/), expect.stringMatching(/^late · 12 comments$/i)]));
      const high = await themes.locator('ul').nth(1).locator('li').allInnerTexts();
      expect(high).toEqual(expect.arrayContaining([expect.stringMatching(/^Friendly · 12 comments$/)]));
      expect(await themes.locator('a bdi[lang="fa"]').first().getAttribute('lang')).toBe('fa');
      const href = await themes.locator('a', { hasText: 'Friendly' }).getAttribute('href');
      expect(href).toMatch(/\/dashboard\/surveys\/delivery\?range=7&theme=friendly&themeLanguage=en#themes-h$/);
      // The hostile comment stays text: no image element, and the title is the digest's.
      expect(await p.locator('img').count()).toBe(0);
      // Nothing runs off the side of a phone or a mail client's reading pane.
      expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      const shot = await p.screenshot({ path: `${SHOTS}digest-${viewport.width}.png`, fullPage: true });
      expect(shot.byteLength).toBeGreaterThan(5_000); // an image with content, not a blank page
      expect(await axe(p)).toEqual([]);
      expect(problems).toEqual([]);
      const plain = await (
        await fetch(`${server.url}/v1/admin/sites/shop/digest/preview?frequency=weekly&at=2026-04-21T08:00:00Z&format=text`, {
          headers: { Authorization: `Bearer ${ADMIN}` },
        })
      ).text();
      expect(plain.split('\n')[0]).toBe('Lumo skin care: 2026-W16 (2026-04-13 to 2026-04-19)');
      expect(plain).toMatch(
        / {4}Said by promoters:\n {6}- Friendly, 12 comments: http:\/\/127\.0\.0\.1:\d+\/dashboard\/surveys\/delivery\?range=7&theme=friendly/,
      );
      // A theme's link opens the dashboard on that theme's comments (here over all time: the sample data is from April).
      if (viewport.width === 1024) {
        const dashboard = new URL(href!);
        dashboard.searchParams.set('range', 'all');
        await p.goto(dashboard.toString());
        const opened = p.locator('button.theme[aria-expanded="true"]');
        await opened.waitFor();
        expect(await opened.innerText()).toMatch(/^Friendly · 12 comments$/);
        expect(await p.locator('ol.comments blockquote').first().innerText()).toMatch(/friendly/i);
      }
      await context.close();
    }, 60_000);
});

describe('the dashboard alert panels in Chromium', () => {
  it('show "closed within 24 h" per branch, take a follow-up status with who, and point at rule errors by path', async () => {
    const { page: p, context, problems } = await page({ width: 1280, height: 900 });
    await p.waitForSelector('#follow-ups-h').catch(async (e: unknown) => {
      await p.screenshot({ path: `${SHOTS}dashboard-alerts-failed.png`, fullPage: true });
      throw new Error(`${String(e)}\n${problems.join('\n')}`);
    });
    await p.waitForSelector('#follow-ups-h ~ .scroll table tbody tr').catch(async (e: unknown) => {
      throw new Error(`${String(e)}\n${problems.join('\n')}\n${await p.locator('#follow-ups-h').locator('..').innerText()}`);
    });
    const alerted = await storage.alerts.listFollowUps(survey.id);
    expect(alerted.length).toBeGreaterThan(0);
    const branches = await p.locator('#follow-ups-h ~ .scroll').first().locator('tbody th').allTextContents();
    expect(branches.length).toBeGreaterThan(0);

    await p.fill('label.inline input', 'Anna');
    const first = alerted[0]!;
    await p.selectOption(`select[aria-label="Follow-up status of response ${first.responseId}"]`, 'contacted');
    await p.waitForFunction(
      (id) => document.querySelector(`select[aria-label="Follow-up status of response ${id}"]`)?.closest('tr')?.textContent?.includes('Anna'),
      first.responseId,
    );
    expect(await storage.alerts.getFollowUp(first.responseId)).toMatchObject({ status: 'contacted', statusBy: 'Anna' });

    await p.waitForSelector('#deliveries-h ~ p .pill');
    expect(await p.locator('#deliveries-h ~ p').innerText()).toMatch(/\d+ pending/);

    // The JSON alternative: errors listed by path.
    await p.waitForSelector('#rule-0-id');
    await p.click('text=Edit as JSON');
    await p.waitForFunction(() => (document.querySelector('#rules-json') as HTMLTextAreaElement | null)?.value.includes('detractors'));
    await p.fill('#rules-json', JSON.stringify([{ id: 'x', when: [{ question: 'nps', lte: 'six' }], destinations: [{ type: 'slack', url: 'ftp://x' }] }]));
    await p.click('text=Save rules');
    await p.waitForSelector('#rules-issues li').catch(async (e: unknown) => {
      await p.screenshot({ path: `${SHOTS}dashboard-rules-failed.png`, fullPage: true });
      throw new Error(`${String(e)}\n${problems.join('\n')}\n${await p.locator('#rules-form').innerText()}`);
    });
    const issues = await p.locator('#rules-issues li').allTextContents();
    expect(issues).toEqual(expect.arrayContaining(['[0].when[0].lte must be a number', '[0].destinations[0].url must be an http(s) URL']));
    expect((await storage.alerts.getRules(survey.id))[0]!.id).toBe('detractors'); // nothing was written

    expect(await axe(p)).toEqual([]);
    await p.locator('h2', { hasText: 'Alerts' }).scrollIntoViewIfNeeded();
    await p.screenshot({ path: `${SHOTS}dashboard-alerts-light.png`, fullPage: true });
    // The one 400 is the invalid rules the test saved on purpose.
    expect(problems.filter((x) => !x.includes('/rules'))).toEqual([]);
    await context.close();
    const dark = await page({ width: 1280, height: 900 }, 'dark');
    await dark.page.waitForSelector('#follow-ups-h ~ .scroll table tbody tr');
    await dark.page.screenshot({ path: `${SHOTS}dashboard-alerts-dark.png`, fullPage: true });
    await dark.context.close();
  }, 120_000);

  it("build a rule field by field with the keyboard, save it, show it after a reload, and put a refused value's error beside its field", async () => {
    const { page: p, context, problems } = await page({ width: 1280, height: 900 });
    /** Tab forward until `selector` has focus: every control is reached by keyboard, in the order of the form. */
    const tabTo = async (selector: string, max = 400) => {
      for (let i = 0; i < max; i++) {
        if (await p.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        await p.keyboard.press('Tab');
      }
      throw new Error(`${selector} not reached with Tab; focus is on ${await p.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
    };
    const focused = () => p.evaluate(() => document.activeElement?.id ?? '');
    /** Picks a select's option with Home and ArrowDown (typing its name is type-ahead, which resets after a second's pause). */
    const choose = async (selector: string, value: string) => {
      await p.keyboard.press('Home');
      for (let i = 0; i < 40 && (await p.inputValue(selector)) !== value; i++) await p.keyboard.press('ArrowDown');
      expect(await p.inputValue(selector)).toBe(value);
    };
    /** Focus moves after the form re-renders: wait for it (a few seconds at most), then say where it is. */
    const focusedOn = async (id: string) => {
      await p.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 5_000 }).catch(() => undefined);
      return focused();
    };
    await p.waitForSelector('#rule-0-id');
    expect(await p.inputValue('#rule-0-id')).toBe('detractors');

    await tabTo('#rules-add');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#rule-1-id');
    expect(await focusedOn('rule-1-id')).toBe('rule-1-id'); // a new rule starts at its id
    await p.keyboard.type('riga-detractors');
    await p.keyboard.press('Tab');
    await p.keyboard.type('Riga detractors');
    // nps ≤ 6: a score question offers "at most", and a number.
    await tabTo('#rule-1-c0-field');
    await choose('#rule-1-c0-field', 'question:nps');
    expect(await p.locator('#rule-1-c0-op option').allTextContents()).toEqual(['at most (≤)', 'at least (≥)', 'is', 'is one of', 'is none of', 'is given']);
    expect(await p.inputValue('#rule-1-c0-op')).toBe('lte');
    await tabTo('#rule-1-c0-value');
    await p.keyboard.type('6');
    // location = riga-centre: an attribute offers "is", "contains" and the lists, never "at most".
    await tabTo('#rule-1-add-condition');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#rule-1-c1-field');
    expect(await focusedOn('rule-1-c1-field')).toBe('rule-1-c1-field');
    await choose('#rule-1-c1-field', 'attribute:location');
    expect(await p.locator('#rule-1-c1-op option').allTextContents()).toEqual(['is', 'is one of', 'is none of', 'contains', 'is given']);
    await tabTo('#rule-1-c1-value');
    await p.keyboard.type('riga-centre');
    // A choice question's lists are a multi-select of its options.
    await tabTo('#rule-1-add-condition');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#rule-1-c2-field');
    expect(await focusedOn('rule-1-c2-field')).toBe('rule-1-c2-field');
    await choose('#rule-1-c2-field', 'question:topic');
    expect(await p.locator('#rule-1-c2-value option').allTextContents()).toEqual(['Billing', 'Delivery', 'Returns']);
    expect(await p.getAttribute('#rule-1-c2-value', 'multiple')).not.toBeNull();
    await tabTo('[aria-label="Remove condition 3 of Riga detractors"]');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#rule-1-c2-field', { state: 'detached' });
    expect(await focusedOn('rule-1-add-condition')).toBe('rule-1-add-condition');
    // → Slack and e-mail.
    await tabTo('#rule-1-d0-type');
    await choose('#rule-1-d0-type', 'slack');
    await tabTo('#rule-1-d0-url');
    await p.keyboard.type('https://hooks.slack.com/services/T000/B000/riga');
    await tabTo('#rule-1-add-destination');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#rule-1-d1-type');
    expect(await focusedOn('rule-1-d1-type')).toBe('rule-1-d1-type');
    expect(await p.inputValue('#rule-1-d1-type')).toBe('email');
    await tabTo('#rule-1-d1-to');
    await p.keyboard.type('riga@lumo.example, care@lumo.example');
    await tabTo('#rule-1-includePersonalData');
    await p.keyboard.press('Space');
    // Reordered to the top and back, focus staying on the moved rule's button.
    await tabTo('#rule-1-up');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => (document.querySelector('#rule-0-id') as HTMLInputElement).value === 'riga-detractors');
    expect(await focusedOn('rule-0-down')).toBe('rule-0-down');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => (document.querySelector('#rule-1-id') as HTMLInputElement).value === 'riga-detractors');
    expect(await focusedOn('rule-1-up')).toBe('rule-1-up');
    await tabTo('#rules-form button[type="submit"]');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#rules-form [role="status"]:has-text("Saved 2 rules.")');

    const expected = {
      id: 'riga-detractors',
      name: 'Riga detractors',
      when: [
        { question: 'nps', lte: 6 },
        { attribute: 'location', eq: 'riga-centre' },
      ],
      destinations: [
        { type: 'slack', url: 'https://hooks.slack.com/services/T000/B000/riga' },
        { type: 'email', to: ['riga@lumo.example', 'care@lumo.example'] },
      ],
      includePersonalData: true,
    };
    const stored = await storage.alerts.getRules(survey.id);
    expect(stored.map((r) => r.id)).toEqual(['detractors', 'riga-detractors']);
    expect(stored[1]).toEqual(expected);

    await p.reload();
    await p.waitForSelector('#rule-1-id');
    expect(await p.inputValue('#rule-1-id')).toBe('riga-detractors');
    expect(await p.inputValue('#rule-1-c0-field')).toBe('question:nps');
    expect(await p.inputValue('#rule-1-c0-op')).toBe('lte');
    expect(await p.inputValue('#rule-1-c0-value')).toBe('6');
    expect(await p.inputValue('#rule-1-c1-field')).toBe('attribute:location');
    expect(await p.inputValue('#rule-1-c1-value')).toBe('riga-centre');
    expect(await p.inputValue('#rule-1-d0-type')).toBe('slack');
    expect(await p.inputValue('#rule-1-d1-to')).toBe('riga@lumo.example, care@lumo.example');
    expect(await p.isChecked('#rule-1-includePersonalData')).toBe(true);
    expect(await axe(p)).toEqual([]);

    // A value the server refuses: its message beside the field, the field invalid and focused, nothing written.
    await tabTo('#rule-1-d1-to');
    await p.keyboard.press('ControlOrMeta+A');
    await p.keyboard.type('riga@lumo.example, not-an-address');
    await tabTo('#rules-form button[type="submit"]');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#rule-1-d1-to-error');
    expect(await p.locator('#rule-1-d1-to-error').innerText()).toBe('must be an e-mail address');
    expect(await p.getAttribute('#rule-1-d1-to', 'aria-invalid')).toBe('true');
    expect(await p.getAttribute('#rule-1-d1-to', 'aria-describedby')).toBe('rule-1-d1-to-error');
    expect(await focusedOn('rule-1-d1-to')).toBe('rule-1-d1-to');
    expect(await p.locator('#rules-issues li').count()).toBe(0); // placed, not listed
    expect((await storage.alerts.getRules(survey.id))[1]).toEqual(expected);
    expect(await axe(p)).toEqual([]);
    await p.locator('#rules-h').scrollIntoViewIfNeeded();
    await p.locator('#rules-form').screenshot({ path: `${SHOTS}dashboard-rules-light.png` });
    expect(problems.filter((x) => !x.includes('/rules'))).toEqual([]);
    await context.close();

    // Dark, and a phone: the same form, readable and inside the window.
    for (const [viewport, scheme] of [
      [{ width: 1280, height: 900 }, 'dark'],
      [{ width: 375, height: 800 }, 'light'],
      [{ width: 375, height: 800 }, 'dark'],
    ] as const) {
      const other = await page(viewport, scheme);
      await other.page.waitForSelector('#rule-1-id');
      expect(await axe(other.page)).toEqual([]);
      expect(await other.page.evaluate(() => document.querySelector('#rules-form')!.scrollWidth <= document.querySelector('#rules-form')!.clientWidth)).toBe(
        true,
      );
      await other.page.locator('#rules-form').screenshot({ path: `${SHOTS}dashboard-rules-${scheme}-${viewport.width}.png` });
      expect(other.problems).toEqual([]);
      await other.context.close();
    }
  }, 180_000);
});
