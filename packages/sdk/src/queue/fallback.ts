// Falls back from IndexedDB to memory when storage fails (missing, blocked, quota, or failing again on a fresh connection) and says so once.
import type { Backend } from './backend.js';

const reasonOf = (e: unknown) => {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' ? 'quota' : `error: ${name ?? String(e)}`;
};

/**
 * A backend that uses `primary` until one of its operations fails, then repeats that operation and
 * every later one on `memory()`. `primary` undefined means IndexedDB is missing altogether.
 */
export function withFallback(primary: Backend | undefined, memory: () => Backend, onFallback: (reason: string) => void): Backend {
  let current = primary ?? memory();
  // Listeners are attached right after creation (and a failing open can throw synchronously), so report later.
  const report = (reason: string) => void Promise.resolve().then(() => onFallback(reason));
  if (!primary) report('unavailable');
  const run = async <T>(op: (b: Backend) => Promise<T>): Promise<T> => {
    const used = current;
    try {
      return await op(used);
    } catch (first) {
      if (used.kind !== 'indexeddb') throw first;
      let e = first;
      // A dropped connection (Safari loses its IndexedDB server now and then) gets one retry on a fresh connection
      // before the page gives IndexedDB up. Every queue operation is idempotent (enqueue checks seq, settle and
      // release delete or rewrite what they were given), so running one again is safe even if it did commit.
      if (current === used && reasonOf(e) !== 'quota') {
        used.close();
        try {
          return await op(used);
        } catch (again) {
          e = again;
        }
      }
      if (current === used) {
        current = memory();
        used.close();
        report(reasonOf(e));
      }
      return op(current);
    }
  };
  const via =
    <K extends 'tx' | 'get' | 'set' | 'update' | 'deadLetters'>(k: K) =>
    (...a: unknown[]) =>
      run((b) => (b[k] as (...a: unknown[]) => Promise<unknown>)(...a));
  return {
    get kind() {
      return current.kind;
    },
    tx: via('tx'),
    get: via('get'),
    set: via('set'),
    update: via('update'),
    deadLetters: via('deadLetters'),
    close: () => current.close(),
  } as Backend;
}
