// Exactly once in a real browser against the real collector: closing the tab, two tabs at once, and a collector killed mid-flush.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import {
  answerAccountNps,
  openDemoPage,
  answerPostChat,
  answerPostPurchase,
  endChat,
  placeOrder,
  rateChat,
  ratePurchase,
  waitForQuestion,
} from './helpers/answer.js';
import { flush, nextVisit, queueState } from './helpers/queue.js';
import { startStack, type Row, type Stack } from './helpers/stack.js';

interface Ack {
  accepted: string[];
  duplicates: string[];
  rejected: { id: string; error: string }[];
}

describe('exactly once in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let known = new Set<string>();
  /** Rows stored since the test began. */
  const fresh = (rows: Row[]) => rows.filter((r) => !known.has(r.id));
  const waitForFresh = (n: number, timeoutMs?: number) => stack.waitForRows((rows) => fresh(rows).length >= n, timeoutMs).then(fresh);
  /** Every acknowledgement the collector sent to any page of the context. */
  const acks: Ack[] = [];
  const watchAcks = (ctx: BrowserContext) =>
    ctx.on('response', (res) => {
      if (res.url().endsWith('/v1/responses') && res.status() === 200)
        void res.json().then(
          (a: Ack) => acks.push(a),
          () => {},
        );
    });
  const page = (path: string): Promise<Page> => openDemoPage(context!, `${stack.demoUrl}${path}`);
  /** The demo logs the SDK's `submit` event, which fires once the answer is in IndexedDB. */
  const persisted = (p: Page, surveyId: string) => p.locator('#demo-log li', { hasText: `Saved "${surveyId}"` }).waitFor({ state: 'attached' });

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ db: 'postgres' }), launchChromium()]);
  });
  afterEach(async () => {
    stack.setProxyHook(undefined);
    stack.demo.setOffline(false);
    await context?.close(); // first, so nothing from this test arrives after the snapshot below
    context = undefined;
    known = new Set((await stack.rows()).map((r) => r.id));
    acks.length = 0;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  describe('closing the tab', () => {
    it('delivers an answer given just before the tab closes, once', async () => {
      context = await browser.newContext();
      watchAcks(context);
      const help = await page('/help/');
      await answerPostChat(help, 2, 'Took a while to get an answer');
      await help.close({ runBeforeUnload: true }); // the moment the thank-you shows

      // Delivered by the page-hide beacon, or else by the next visit; either way exactly once and complete.
      const next = await nextVisit(context, `${stack.demoUrl}/`);
      // The partial save (the rating alone) may have landed first; the completed answer replaces it.
      const rows = await stack.waitForRows((r) => fresh(r).some((x) => x.completed)).then(fresh);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ surveyId: 'post-chat', completed: true, answers: { csat: 2, better: 'Took a while to get an answer' } });
      await flush(next);
      await expect.poll(async () => (await queueState(next)).ids, { timeout: 15_000 }).toEqual([]);
      expect(fresh(await stack.rows())).toHaveLength(1);
    });

    it('delivers it at the next visit when the beacon cannot get through', async () => {
      context = await browser.newContext();
      watchAcks(context);
      const shop = await page('/shop/');
      stack.demo.setOffline(true);
      await answerPostPurchase(shop, 5);
      await shop.close({ runBeforeUnload: true });
      expect(fresh(await stack.rows())).toEqual([]);

      stack.demo.setOffline(false);
      const next = await nextVisit(context, `${stack.demoUrl}/account/`);
      const rows = await waitForFresh(1);
      await flush(next);
      await expect.poll(async () => (await queueState(next)).ids, { timeout: 15_000 }).toEqual([]); // a flush that finds another pass holding the lock returns at once
      expect(fresh(await stack.rows())).toEqual(rows);
      expect(rows[0]).toMatchObject({ surveyId: 'post-purchase', completed: true, answers: { csat: 5 } });
    });
  });

  describe('two tabs', () => {
    it('stores every answer from two tabs answering at the same time once, with nothing missing', async () => {
      context = await browser.newContext();
      watchAcks(context);
      const [a, b] = [await page('/shop/'), await page('/help/')];
      // Each tab answers two surveys; both tabs at once, on one shared IndexedDB queue.
      await Promise.all([
        (async () => {
          await answerPostPurchase(a, 3, 'Shipping cost surprised me');
          await persisted(a, 'post-purchase');
          await a.goto(`${stack.demoUrl}/account/`);
          await answerAccountNps(a, 4, 'Too many e-mails', 'complaint');
        })(),
        (async () => {
          await answerPostChat(b, 4, 'Faster first reply');
          await persisted(b, 'post-chat');
          await b.goto(`${stack.demoUrl}/account/`);
          await answerAccountNps(b, 10, 'Love the salons', 'compliment');
        })(),
      ]);
      const rows = await waitForFresh(4);
      await Promise.all([flush(a), flush(b)]);
      await expect.poll(async () => (await queueState(a)).ids, { timeout: 15_000 }).toEqual([]); // a flush that finds another pass holding the lock returns at once
      const settled = fresh(await stack.rows());
      expect(settled).toHaveLength(4);
      expect(settled.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
      console.log(JSON.stringify(settled.map((r) => [r.surveyId, r.seq, r.completed, r.answers])), JSON.stringify(acks));
      const answers = settled.map((r) => r.answers).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      expect(answers).toEqual(
        [
          { csat: 3, what_went_wrong: 'Shipping cost surprised me' },
          { nps: 4, why: 'Too many e-mails', kind: { selected: ['complaint'] } },
          { csat: 4, better: 'Faster first reply' },
          { nps: 10, why: 'Love the salons', kind: { selected: ['compliment'] } },
        ].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
      );
      expect(settled.every((r) => r.completed)).toBe(true);
    });

    it('keeps the final answer when the visitor leaves the page the moment the thank-you shows, while another tab is busy', async () => {
      // The product promise: an answer is in IndexedDB before the thank-you shows, so leaving at once loses nothing.
      context = await browser.newContext();
      const [a, b] = [await page('/shop/'), await page('/help/')];
      await Promise.all([
        (async () => {
          await answerPostPurchase(a, 2, 'Locker list was empty');
          await a.goto(`${stack.demoUrl}/`);
        })(),
        (async () => {
          await answerPostChat(b, 4, 'Quicker replies');
          await b.goto(`${stack.demoUrl}/`);
        })(),
      ]);
      await waitForFresh(2);
      await Promise.all([flush(a), flush(b)]);
      await expect.poll(async () => (await queueState(a)).ids, { timeout: 15_000 }).toEqual([]); // a flush that finds another pass holding the lock returns at once
      const rows = fresh(await stack.rows()).map((r) => ({ surveyId: r.surveyId, completed: r.completed, answers: r.answers }));
      expect(rows.sort((x, y) => x.surveyId.localeCompare(y.surveyId))).toEqual([
        { surveyId: 'post-chat', completed: true, answers: { csat: 4, better: 'Quicker replies' } },
        { surveyId: 'post-purchase', completed: true, answers: { csat: 2, what_went_wrong: 'Locker list was empty' } },
      ]);
    });

    it('lets two tabs drain one queue held while the collector was unreachable without sending an answer twice', async () => {
      context = await browser.newContext();
      watchAcks(context);
      const [a, b] = [await page('/shop/'), await page('/help/')];
      stack.demo.setOffline(true);
      await Promise.all([answerPostPurchase(a, 1, 'Card was charged twice'), answerPostChat(b, 5, 'Nothing')]);
      expect(fresh(await stack.rows())).toEqual([]);

      stack.demo.setOffline(false);
      // Both tabs try to flush the same two queued answers at the same moment.
      await Promise.all([flush(a), flush(b)]);
      const rows = await waitForFresh(2);
      await Promise.all([flush(a), flush(b)]);
      expect(fresh(await stack.rows())).toEqual(rows);
      await expect.poll(async () => (await queueState(b)).ids, { timeout: 15_000 }).toEqual([]); // a flush that finds another pass holding the lock returns at once
      // One flusher at a time: each id was accepted once and never had to be deduplicated.
      const accepted = acks.flatMap((x) => x.accepted);
      expect(accepted.sort()).toEqual(rows.map((r) => r.id).sort());
      expect(acks.flatMap((x) => x.rejected)).toEqual([]);
    });
  });

  describe('collector killed mid-flush', () => {
    /** Three answers queued in three tabs while the collector is out of reach. */
    async function queueThree(): Promise<Page[]> {
      context = await browser.newContext();
      watchAcks(context);
      const [shop, help, account] = [await page('/shop/'), await page('/help/'), await page('/account/')];
      await placeOrder(shop);
      await endChat(help);
      await waitForQuestion(account);
      stack.demo.setOffline(true);
      await ratePurchase(shop, 4);
      await rateChat(help, 3, 'Agent did not know the return policy');
      await answerAccountNps(account, 7, 'Fine, a bit pricey', 'suggestion');
      return [shop, help, account]; // still cut off: the caller sets its hook, then reconnects
    }

    const expectThreeOnce = async (pages: Page[]) => {
      const rows = await waitForFresh(3, 40_000);
      await flush(pages[0]!);
      await expect.poll(async () => (await queueState(pages[0]!)).ids, { timeout: 15_000 }).toEqual([]); // a flush that finds another pass holding the lock returns at once
      const settled = fresh(await stack.rows());
      expect(settled).toHaveLength(3);
      expect(settled.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
      expect(settled.map((r) => r.surveyId).sort()).toEqual(['account-nps', 'post-chat', 'post-purchase']);
      expect(settled.every((r) => r.completed)).toBe(true);
      return settled;
    };

    it('loses nothing and doubles nothing when killed after storing a batch but before answering', async () => {
      const pages = await queueThree();
      let killed = false;
      stack.setProxyHook(async (phase, req) => {
        if (killed || phase !== 'answered' || !req.url?.startsWith('/v1/responses')) return;
        killed = true;
        await stack.killCollector('SIGKILL'); // the batch is stored; its acknowledgement dies with the process
        return 'drop';
      });
      stack.demo.setOffline(false);
      await flush(pages[0]!);
      await expect.poll(() => killed, { timeout: 15_000 }).toBe(true);
      const stored = fresh(await stack.rows()).map((r) => r.id);
      expect(stored.length).toBeGreaterThan(0);
      expect(acks).toEqual([]);

      await stack.startCollector();
      await flush(pages[0]!);
      const settled = await expectThreeOnce(pages);
      // The retry re-sent what the dead process had stored: the collector recognised it instead of storing it again.
      expect(acks.flatMap((a) => a.duplicates).sort()).toEqual(stored.sort());
      expect(settled.map((r) => r.id)).toEqual(expect.arrayContaining(stored));
    });

    it('loses nothing and doubles nothing when killed while a batch is arriving', async () => {
      const pages = await queueThree();
      let killed = false;
      stack.setProxyHook(async (phase, req) => {
        if (killed || phase !== 'forwarded' || !req.url?.startsWith('/v1/responses')) return;
        killed = true;
        await stack.killCollector('SIGKILL');
      });
      stack.demo.setOffline(false);
      await flush(pages[0]!);
      await expect.poll(() => killed, { timeout: 15_000 }).toBe(true);
      await stack.startCollector();
      await flush(pages[0]!);
      await expectThreeOnce(pages);
    });

    it('keeps acknowledged answers across a kill and restart', async () => {
      context = await browser.newContext();
      const shop = await page('/shop/');
      await answerPostPurchase(shop, 5);
      const before = await waitForFresh(1);
      await flush(shop);
      await stack.killCollector('SIGKILL');
      await stack.startCollector();
      expect(fresh(await stack.rows())).toEqual(before);
    });
  });
}, 180_000);
