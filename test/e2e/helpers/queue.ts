// Reads the SDK's IndexedDB queue from inside a page: what is still waiting, and until when a dead flush's lease holds it.
import type { BrowserContext, Page } from 'playwright-core';

interface Entry {
  r?: { id?: string };
  lease?: number;
}

/** Queued responses (ids) and the latest live lease among them (0 when none). */
export const queueState = (page: Page): Promise<{ ids: string[]; leasedUntil: number }> =>
  page.evaluate(
    () =>
      new Promise<{ ids: string[]; leasedUntil: number }>((ok, fail) => {
        const open = indexedDB.open('tellus');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('kv')) return ok({ ids: [], leasedUntil: 0 });
          const all = db.transaction('kv').objectStore('kv').getAll();
          all.onerror = () => fail(all.error);
          all.onsuccess = () => {
            const items = (all.result as Entry[]).filter((x) => typeof x?.r?.id === 'string');
            const now = Date.now();
            db.close();
            ok({
              ids: items.map((x) => x.r!.id!),
              leasedUntil: Math.max(0, ...items.map((x) => ((x.lease ?? 0) > now ? x.lease! : 0))),
            });
          };
        };
      }),
  );

/** Runs `tellus('flush')` in the page; it resolves when its pass ends, or at once when another pass holds the flush lock. */
export const flush = (page: Page): Promise<void> =>
  page.evaluate(() => (window as unknown as { tellus: (...a: unknown[]) => Promise<void> }).tellus('flush'));

/**
 * The visitor comes back: opens `url` in a new tab. A flush cut short by a closed tab leaves its items leased
 * (so no other tab sends them meanwhile); when that is the case, the visitor comes back once more after the lease.
 */
export async function nextVisit(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  const { leasedUntil } = await queueState(page);
  if (leasedUntil > 0) {
    await page.waitForFunction((t) => Date.now() > t, leasedUntil, { timeout: 35_000, polling: 250 });
    await page.reload();
  }
  return page;
}
