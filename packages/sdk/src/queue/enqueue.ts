// Writes a response into the queue (a newer seq of the same id supersedes the older, caps evict). Apart from queue.ts
// because only an answer writes: it loads with the responses half (the script tag's UI chunk), not on every page view.
import type { SurveyResponse } from '@tellus/schema';
import type { QueueTx } from './backend.js';
import { expired, reportEvictions, type QueueOptions } from './queue.js';

/** The queue's write, as the responses half receives it. */
export type Enqueue = (o: QueueOptions, r: SurveyResponse) => Promise<void>;

/** Deletes the aged items at the head of the queue (ids are uuid v7, so id order is age order); returns their ids. */
const evictAged = async (o: QueueOptions, t: QueueTx, at: number) => {
  const aged: string[] = [];
  await t.scan((i) => {
    if (!expired(o, i, at)) return false;
    t.del(i.r.id);
    aged.push(i.r.id);
    return true;
  });
  return aged;
};

/** Persists a response in the queue `o` describes; a newer seq of the same id replaces the older one. Resolves once stored. */
export const enqueue: Enqueue = async (o, r) => {
  const [aged, over] = await o.backend.tx(async (t) => {
    const at = o.now();
    const prior = await t.get(r.id);
    if (prior && prior.r.seq >= r.seq) return [[], []];
    t.put({ r, at: prior?.at ?? at, lease: 0 });
    const aged = await evictAged(o, t, at);
    // Count cap; the new item always stays (the count includes it).
    let overBy = (await t.count()) - o.maxItems;
    const over: string[] = [];
    // A full queue (offline for long) is rare, so it can afford a full pass: whatever aged out goes first,
    // wherever it sits (an id re-queued late has a young id but an old entry, or the reverse).
    if (overBy > 0)
      await t.scan((i) => {
        if (i.r.id !== r.id && expired(o, i, at)) {
          t.del(i.r.id);
          aged.push(i.r.id);
          overBy--;
        }
        return true;
      });
    // Then the oldest ids (ids are uuid v7: creation order).
    if (overBy > 0)
      await t.scan((i) => {
        if (i.r.id !== r.id) {
          t.del(i.r.id);
          over.push(i.r.id);
          overBy--;
        }
        return overBy > 0;
      });
    return [aged, over];
  });
  reportEvictions(o, aged, over);
};
