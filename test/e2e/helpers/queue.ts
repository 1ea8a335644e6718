// Reads the SDK's IndexedDB queue from inside a page: what is still waiting.
import type { BrowserContext, Page } from 'playwright-core';

interface Entry {
  r?: { id?: string };
}

/** Queued responses (ids). */
export const queueState = (page: Page): Promise<{ ids: string[] }> =>
  page.evaluate(
    () =>
      new Promise<{ ids: string[] }>((ok, fail) => {
        const open = indexedDB.open('tellus');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('kv')) return ok({ ids: [] });
          const all = db.transaction('kv').objectStore('kv').getAll();
          all.onerror = () => fail(all.error);
          all.onsuccess = () => {
            const items = (all.result as Entry[]).filter((x) => typeof x?.r?.id === 'string');
            db.close();
            ok({ ids: items.map((x) => x.r!.id!) });
          };
        };
      }),
  );

/** Runs `tellus('flush')` in the page; it resolves when its pass ends, or at once when another pass holds the flush lock. */
export const flush = (page: Page): Promise<void> => page.evaluate(() => (window as unknown as { tellus: (...a: unknown[]) => Promise<void> }).tellus('flush'));

/**
 * The visitor comes back: opens `url` in a new tab. Its flush holds the flush lock, so it takes over at once
 * whatever a flush cut short by a closed tab had leased (the lock went with that tab).
 */
export async function nextVisit(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  return page;
}
