// Offline in a real browser: answers given with the network cut survive a reload and a browser restart, then arrive exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../helpers/browser.js';
import { answerAccountNps, endChat, placeOrder, rateChat, ratePurchase, waitForQuestion } from './helpers/answer.js';
import { flush, queueState } from './helpers/queue.js';
import { startStack, type Stack } from './helpers/stack.js';

describe('offline answers in Chromium', () => {
  let stack: Stack;
  const profile = mkdtempSync(join(tmpdir(), 'tellus-profile-'));
  let context: BrowserContext | undefined;
  const open = () => chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  const posted: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ db: 'postgres' });
  });
  afterAll(async () => {
    await context?.close().catch(() => {});
    await stack?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('holds three answers through a reload and a browser restart, then stores exactly three rows', async () => {
    context = await open();
    context.on('request', (r) => {
      if (r.url().endsWith('/v1/responses')) posted.push(r.url());
    });
    const pages: Page[] = [];
    for (const path of ['/shop/', '/help/', '/account/']) {
      const page = await context.newPage();
      await page.goto(`${stack.demoUrl}${path}`);
      pages.push(page);
    }
    const [shop, help, account] = pages as [Page, Page, Page];
    // Bring each survey up while online (the survey UI is fetched when a survey is due), then cut the network.
    await placeOrder(shop);
    await endChat(help);
    await waitForQuestion(account);
    await context.setOffline(true);
    // Chromium's offline emulation does not hold back the keepalive beacons a page sends while it unloads
    // (they left when the context closed), so the path to the collector is cut at the demo server as well.
    stack.demo.setOffline(true);

    await ratePurchase(shop, 2, 'The parcel locker list was empty at first');
    await rateChat(help, 5, 'Nothing, Sanna was great');
    await answerAccountNps(account, 9, 'Fast delivery, lovely serum', 'compliment');
    expect(await stack.rows()).toEqual([]);

    // Reload while offline: the pages are gone (Chromium shows its offline page); only IndexedDB holds the answers.
    for (const page of pages) await page.reload().catch(() => {});
    await context.close();
    context = undefined;
    expect(await stack.rows()).toEqual([]);

    // A new browser on the same profile, online again: the first page view drains the queue.
    stack.demo.setOffline(false);
    context = await open();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${stack.demoUrl}/`);
    // Closing the browser can cut a flush short after it leased the items; the new page's flush holds the flush lock,
    // so it takes them over at once. (The bound leaves room for a lease taken without the lock, which runs 30 s.)
    const rows = await stack.waitForRows((r) => r.length >= 3 && r.every((x) => x.completed), 45_000);
    // Let the queue settle (an explicit flush resolves when its pass ends): it must be empty, the rows unchanged.
    await flush(page);
    await expect.poll(async () => (await queueState(page)).ids, { timeout: 15_000 }).toEqual([]); // a flush that finds another pass holding the lock returns at once
    const settled = await stack.rows();
    expect(settled).toHaveLength(3);
    expect(new Set(settled.map((r) => r.id)).size).toBe(3);
    expect(rows.map((r) => r.id).sort()).toEqual(settled.map((r) => r.id).sort());

    const by = Object.fromEntries(settled.map((r) => [r.surveyId, r]));
    expect(by['post-purchase']).toMatchObject({ completed: true, answers: { csat: 2, what_went_wrong: 'The parcel locker list was empty at first' } });
    expect(by['post-chat']).toMatchObject({ completed: true, answers: { csat: 5, better: 'Nothing, Sanna was great' } });
    expect(by['account-nps']).toMatchObject({ completed: true, answers: { nps: 9, why: 'Fast delivery, lovely serum', kind: { selected: ['compliment'] } } });
    expect(by['post-chat']?.meta).toMatchObject({ agent: 'Sanna', locale: 'en' });
    expect(posted.length).toBeGreaterThan(0);
  }, 120_000);
});
