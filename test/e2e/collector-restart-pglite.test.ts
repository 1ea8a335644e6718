// The default deployment (the collector on embedded PGlite) SIGKILLed mid-flush and restarted: nothing lost, nothing doubled.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { answerAccountNps, openDemoPage, answerPostPurchase, endChat, placeOrder, rateChat, ratePurchase, waitForQuestion } from './helpers/answer.js';
import { flush, queueState } from './helpers/queue.js';
import { startStack, type Row, type Stack } from './helpers/stack.js';

describe('collector on PGlite killed mid-flush', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let known = new Set<string>();
  const fresh = (rows: Row[]) => rows.filter((r) => !known.has(r.id));
  const duplicates: string[] = [];
  const page = (path: string): Promise<Page> => openDemoPage(context!, `${stack.demoUrl}${path}`);

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ db: 'pglite' }), launchChromium()]);
  });
  afterEach(async () => {
    stack.setProxyHook(undefined);
    stack.demo.setOffline(false);
    await context?.close(); // first, so nothing from this test arrives after the snapshot below
    context = undefined;
    known = new Set((await stack.rows()).map((r) => r.id));
    duplicates.length = 0;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('stores a batch whose acknowledgement died with the process exactly once after the restart', async () => {
    context = await browser.newContext();
    context.on('response', (res) => {
      if (res.url().endsWith('/v1/responses') && res.status() === 200)
        void res.json().then(
          (a: { duplicates: string[] }) => duplicates.push(...a.duplicates),
          () => {},
        );
    });
    const [shop, help, account] = [await page('/shop/'), await page('/help/'), await page('/account/')];
    await placeOrder(shop);
    await endChat(help);
    await waitForQuestion(account);
    stack.demo.setOffline(true);
    await ratePurchase(shop, 4);
    await rateChat(help, 3, 'Agent did not know the return policy');
    await answerAccountNps(account, 7, 'Fine, a bit pricey', 'suggestion');

    let killed = false;
    stack.setProxyHook(async (phase, req) => {
      if (killed || phase !== 'answered' || !req.url?.startsWith('/v1/responses')) return;
      killed = true;
      await stack.killCollector('SIGKILL'); // PGlite committed the batch; the process dies before the browser hears
      return 'drop';
    });
    stack.demo.setOffline(false); // only now: the first batch through must meet the hook
    await flush(shop); // this tab flushes, or another one holding the flush lock does on its retry timer
    await expect.poll(() => killed, { timeout: 15_000 }).toBe(true);

    await stack.startCollector();
    const stored = fresh(await stack.rows()).map((r) => r.id);
    expect(stored.length).toBeGreaterThan(0); // what PGlite committed before the kill survived it
    await flush(shop);
    const rows = await stack.waitForRows((r) => fresh(r).length >= 3, 30_000).then(fresh);
    await flush(shop);
    await expect.poll(async () => (await queueState(shop)).ids, { timeout: 15_000 }).toEqual([]); // a flush that finds another pass holding the lock returns at once
    expect(fresh(await stack.rows())).toHaveLength(3);
    expect(rows.map((r) => r.surveyId).sort()).toEqual(['account-nps', 'post-chat', 'post-purchase']);
    expect(duplicates.sort()).toEqual(stored.sort());
  });

  it('keeps acknowledged answers across a SIGKILL and restart', async () => {
    context = await browser.newContext();
    const shop = await page('/shop/');
    await answerPostPurchase(shop, 5);
    const before = await stack.waitForRows((r) => fresh(r).length >= 1).then(fresh);
    await flush(shop);
    await stack.killCollector('SIGKILL');
    await stack.startCollector();
    expect(fresh(await stack.rows())).toEqual(before);
  });
}, 120_000);
