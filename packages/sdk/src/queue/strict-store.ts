// An idb-keyval compatible store whose write transactions ask for strict durability (flushed to disk before "complete").
import { promisifyRequest, type UseStore } from 'idb-keyval';

/**
 * Like idb-keyval's createStore, but `readwrite` transactions use `{ durability: 'strict' }`, so a
 * response is on disk before `submit()` resolves and the thank-you shows. idb-keyval cannot pass
 * transaction options, hence this twin.
 */
export function createStrictStore(dbName: string, storeName: string, factory: IDBFactory = indexedDB): UseStore & { close(): void } {
  let dbp: Promise<IDBDatabase> | undefined;
  const getDB = () => {
    if (dbp) return dbp;
    const request = factory.open(dbName);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    const p = promisifyRequest(request);
    dbp = p;
    p.then(
      (db) => {
        // Safari drops connections now and then; another tab upgrading the database must not be blocked by us.
        db.onclose = () => (dbp = undefined);
        db.onversionchange = () => {
          db.close();
          dbp = undefined;
        };
      },
      () => (dbp = undefined),
    );
    return p;
  };
  const use = (<T>(mode: IDBTransactionMode, callback: (store: IDBObjectStore) => T | PromiseLike<T>) =>
    getDB().then((db) =>
      callback(db.transaction(storeName, mode, mode === 'readwrite' ? { durability: 'strict' } : undefined).objectStore(storeName)),
    )) as UseStore & { close(): void };
  use.close = () => {
    dbp?.then(
      (db) => db.close(),
      () => undefined,
    );
    dbp = undefined;
  };
  return use;
}
