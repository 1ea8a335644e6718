// Test storage: an in-memory PGlite store with a site, a survey and responses.
import type { Survey } from '@tellus/schema';
import { openPGliteStorage } from '../../packages/collector/src/storage/pglite.js';
import type { Storage, StoredResponse } from '../../packages/collector/src/storage/types.js';

export const ADMIN = 'test-admin-token-123-of-24-chars';

export async function seededStorage(survey: Survey, rows: StoredResponse[], siteKey = 'shop'): Promise<Storage> {
  const storage = await openPGliteStorage();
  await storage.migrate();
  await storage.upsertSite({ key: siteKey, origins: ['http://127.0.0.1'] });
  await storage.putSurvey(siteKey, survey);
  await ingestRows(storage, rows, siteKey);
  return storage;
}

export async function ingestRows(storage: Storage, rows: StoredResponse[], siteKey = 'shop'): Promise<void> {
  // Storage takes what the SDK sends; siteKey and receivedAt are its own.
  const items = rows.map(({ siteKey: _s, receivedAt: _r, ...r }) => r);
  for (let i = 0; i < items.length; i += 50) await storage.ingest(siteKey, items.slice(i, i + 50));
}
