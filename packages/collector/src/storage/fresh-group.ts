// Groups the fast path's batches that arrive while the database is busy into one statement (group commit): a batch
// waits only for a statement already running, and the next statement takes all that waited (one site's, ids apart).
// One statement of 400 responses costs the database far less than eight of 50: one plan, one commit, one WAL flush,
// and one roll-up pack per survey where each batch wrote its own (the counts of one key summed in Node).
import type { SurveyResponse } from '@tellus/schema';

/** A batch for the fast path: its responses (ids distinct, times canonical) and their rows as a JSON array text. */
export interface FreshBatch {
  winners: readonly SurveyResponse[];
  rows: string;
}

/** Writes one batch by the fast path: true when written, false (nothing written) when it must go the transactional way. */
export type FreshWrite = (siteKey: string, batch: FreshBatch) => Promise<boolean>;

export interface FreshGroupOptions {
  /** Statements running at once: more batches wait and go together. PGlite runs one at a time anyway. */
  statements: number;
  /** Responses one statement takes at most (a batch larger than this goes alone). */
  maxRows: number;
}

interface Waiting {
  siteKey: string;
  batch: FreshBatch;
  resolve: (written: boolean) => void;
  reject: (err: unknown) => void;
}

/** Joins batches into one, their rows spliced as text. */
function joinBatches(batches: readonly FreshBatch[]): FreshBatch {
  if (batches.length === 1) return batches[0]!;
  return { winners: batches.flatMap((b) => b.winners), rows: `[${batches.map((b) => b.rows.slice(1, -1)).join(',')}]` };
}

/** The fast path's writes, grouped; `idle` resolves once no batch waits or is being written (before closing). */
export interface FreshGroups {
  write: FreshWrite;
  idle(): Promise<void>;
}

/** The server is gone or going (SQLSTATE classes 08 and 57): trying each batch alone would only fail k more times. */
const isConnectionError = (err: unknown) => /^(08|57)/.test(String((err as { code?: unknown }).code ?? ''));

/**
 * Wraps `write` so that batches arriving while `statements` of it run wait and go in the next one together. A
 * statement writes all of its batches or none: when it does not (a batch held a response already stored, say) or
 * fails, each batch is tried again alone, all at once, so one batch's trouble is never another's.
 */
export function createFreshGroups(write: FreshWrite, options: FreshGroupOptions): FreshGroups {
  if (!(options.statements >= 1)) throw new RangeError('createFreshGroups: statements must be at least 1');
  const queue: Waiting[] = [];
  let running = 0;
  const idlers: (() => void)[] = [];

  /** The first waiting batch and those after it of the same site, ids apart from all taken, up to maxRows. */
  function takeGroup(): Waiting[] {
    const first = queue.shift()!;
    const group = [first];
    if (!queue.length) return group;
    let rows = first.batch.winners.length;
    const ids = new Set(first.batch.winners.map((r) => r.id.toLowerCase()));
    for (let i = 0; i < queue.length && rows < options.maxRows; ) {
      const next = queue[i]!;
      const n = next.batch.winners.length;
      if (next.siteKey !== first.siteKey || rows + n > options.maxRows || next.batch.winners.some((r) => ids.has(r.id.toLowerCase()))) {
        i++;
        continue;
      }
      for (const r of next.batch.winners) ids.add(r.id.toLowerCase());
      rows += n;
      group.push(next);
      queue.splice(i, 1);
    }
    return group;
  }

  async function alone(w: Waiting): Promise<void> {
    try {
      w.resolve(await write(w.siteKey, w.batch));
    } catch (err) {
      w.reject(err);
    }
  }

  async function run(group: Waiting[]): Promise<void> {
    if (group.length === 1) return alone(group[0]!);
    try {
      if (await write(group[0]!.siteKey, joinBatches(group.map((w) => w.batch)))) {
        for (const w of group) w.resolve(true);
        return;
      }
    } catch (err) {
      if (isConnectionError(err)) {
        for (const w of group) w.reject(err);
        return;
      }
    }
    await Promise.all(group.map(alone));
  }

  function pump(): void {
    while (running < options.statements && queue.length) {
      running++;
      void run(takeGroup()).finally(() => {
        running--;
        pump();
        if (!running && !queue.length) for (const ok of idlers.splice(0)) ok();
      });
    }
  }

  return {
    write: (siteKey, batch) =>
      new Promise<boolean>((resolve, reject) => {
        queue.push({ siteKey, batch, resolve, reject });
        pump();
      }),
    idle: () => (!running && !queue.length ? Promise.resolve() : new Promise<void>((ok) => idlers.push(ok))),
  };
}
