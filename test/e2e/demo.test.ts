// The demo through the public script tag, answered with the mouse and with the keyboard only, on the default PGlite
// collector: rows carry the right answers, branch and language, and the results the dashboard shows count them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { answerAccountNps, answerPostPurchase, answerSalon, focused, tabTo, waitForThanks, widget } from './helpers/answer.js';
import { startStack, type Row, type Stack } from './helpers/stack.js';

describe('demo site in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  const visit = async (path: string, setup?: { lang?: string; branch?: string }): Promise<Page> => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${path}: ${m.text()}`);
    });
    await page.goto(`${stack.demoUrl}${path}`);
    if (setup?.branch) await page.selectOption('#demo-branch', setup.branch);
    if (setup?.lang) {
      await Promise.all([page.waitForEvent('load'), page.selectOption('#demo-lang', setup.lang)]); // the switcher reloads
    }
    return page;
  };
  const one = async (surveyId: string): Promise<Row> => {
    const rows = await stack.waitForRows((r) => r.some((x) => x.surveyId === surveyId && x.completed));
    const mine = rows.filter((r) => r.surveyId === surveyId);
    expect(mine).toHaveLength(1);
    return mine[0]!;
  };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await stack?.close();
  });

  it('stores a post-purchase answer given with the mouse, with the branch, language and order as metadata', async () => {
    const shop = await visit('/shop/', { branch: 'Riga Teika' });
    await answerPostPurchase(shop, 2, 'Delivery took five days');
    const row = await one('post-purchase');
    expect(row).toMatchObject({ completed: true, siteKey: 'demo', answers: { csat: 2, what_went_wrong: 'Delivery took five days' } });
    expect(row.meta).toMatchObject({ location: 'Riga Teika', locale: 'en', channel: 'web', url: `${stack.demoUrl}/shop/` });
    expect(String(row.meta.orderId)).toMatch(/^LM-\d+$/);
    // The demo's queue indicator, fed by the SDK's submit/sent events, is back to zero.
    await expect.poll(() => shop.locator('#demo-queue').textContent(), { timeout: 10_000 }).toBe('0 answers waiting');
  });

  it('answers the post-chat survey in Latvian with the keyboard only', async () => {
    const help = await visit('/help/', { lang: 'lv' });
    expect(await help.getAttribute('html', 'lang')).toBe('lv');
    await help.locator('#chat-input').focus(); // where a keyboard user lands after typing to the agent
    await help.keyboard.type('Kur ir mana paka?');
    await help.keyboard.press('Enter');
    await tabTo(help, /^button\|.*end-chat/);
    await help.keyboard.press('Enter'); // End chat → chat_closed → the survey opens, leaving the focus where it is
    await widget(help).getByRole('radiogroup').waitFor();
    await help.keyboard.press('Alt+Shift+KeyF'); // the documented shortcut into the survey
    await expect.poll(() => focused(help), { timeout: 5_000 }).toMatch(/\|radio\|/);
    for (let i = 0; i < 3; i++) await help.keyboard.press('ArrowRight'); // 1 → 4
    await help.keyboard.press('Enter');
    await expect.poll(() => focused(help), { timeout: 5_000 }).toMatch(/^textarea/);
    await help.keyboard.type('Ātrāku atbildi');
    await tabTo(help, /^button\|[^|]*\|[^|]*\|btn\|/); // Send, not Back ("btn s")
    await help.keyboard.press('Enter');
    await waitForThanks(help);

    const row = await one('post-chat');
    expect(row).toMatchObject({ completed: true, answers: { csat: 4, better: 'Ātrāku atbildi' } });
    expect(row.meta).toMatchObject({ locale: 'lv', agent: 'Sanna' });
  });

  it('answers the account NPS in Persian, right to left', async () => {
    const account = await visit('/account/', { lang: 'fa', branch: 'Tehran Vanak' });
    expect(await account.getAttribute('html', 'dir')).toBe('rtl');
    await expect.poll(() => widget(account).getByRole('dialog').getAttribute('dir'), { timeout: 15_000 }).toBe('rtl');
    await answerAccountNps(account, 10, 'خدمات عالی', 'compliment');
    const row = await one('account-nps');
    expect(row).toMatchObject({ completed: true, answers: { nps: 10, why: 'خدمات عالی', kind: { selected: ['compliment'] } } });
    expect(row.meta).toMatchObject({ locale: 'fa', location: 'Tehran Vanak' });
  });

  it('rates a salon visit on the inline matrix and files a complaint', async () => {
    const salon = await visit('/salon/', { branch: 'Kuala Lumpur KLCC', lang: 'ms' });
    // Inline mode: the survey sits inside the page's own box, not in a corner.
    await widget(salon).getByRole('radiogroup').first().waitFor({ timeout: 15_000 });
    expect(await salon.locator('#visit-feedback tellus-widget').count()).toBe(1);
    await answerSalon(salon, [5, 4, 5, 3, 4], 'complaint', 'Menunggu 20 minit');
    const row = await one('salon-visit');
    expect(row.answers).toEqual({
      service: { reliability: 5, flexibility: 4, trust: 5, empathy: 3, aesthetics: 4 },
      kind: { selected: ['complaint'] },
      message: 'Menunggu 20 minit',
    });
    expect(row.meta).toMatchObject({ locale: 'ms', location: 'Kuala Lumpur KLCC' });
  }, 60_000);

  it('holds an answer while "Go offline" is on, shows it waiting, and sends it when back online', async () => {
    const shop = await visit('/shop/');
    await shop.getByRole('button', { name: 'Go offline' }).click();
    await expect.poll(() => shop.locator('#demo-network').textContent()).toBe('Offline: collector unreachable');
    await answerPostPurchase(shop, 5);
    await expect.poll(() => shop.locator('#demo-queue').textContent(), { timeout: 10_000 }).toBe('1 answer waiting');
    expect((await stack.rows()).filter((r) => r.surveyId === 'post-purchase')).toHaveLength(1); // only the earlier test's

    await shop.getByRole('button', { name: 'Back online' }).click();
    await stack.waitForRows((r) => r.filter((x) => x.surveyId === 'post-purchase').length === 2);
    await expect.poll(() => shop.locator('#demo-queue').textContent(), { timeout: 10_000 }).toBe('0 answers waiting');
    expect(await shop.locator('#demo-log').textContent()).toContain('Collector acknowledged 1 answer(s)');
  });

  it('shows the new answers in the results the dashboard reads, comparable by branch', async () => {
    const r = await fetch(`${stack.collectorUrl}/v1/surveys/account-nps/results?groupBy=location`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    expect(r.status).toBe(200);
    const results = (await r.json()) as { n: number; scores: { nps: { score: number; n: number } | null }; groups: { value: string; n: number }[] };
    expect(results.n).toBe(1);
    expect(results.scores.nps).toMatchObject({ score: 100, n: 1 });
    expect(results.groups).toEqual([expect.objectContaining({ value: 'Tehran Vanak', n: 1 })]);

    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${stack.collectorUrl}/dashboard?token=${stack.adminToken}`);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toContain('Account page NPS');
    expect(pageErrors).toEqual([]);
  });

  it("runs without page errors under the demo's strict Content-Security-Policy", () => {
    expect(errors).toEqual([]);
  });
});
