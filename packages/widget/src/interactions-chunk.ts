// The lazily loaded interaction watcher (dist/tellus-interactions.js: exit intent, scroll depth, delegated clicks), registered on a
// private global for tellus.js, which loads it beside the UI chunk only when a survey on the page has such a trigger.
import { watchInteractions } from '@tellus/sdk/deferred';

(globalThis as unknown as Record<symbol, unknown>)[Symbol.for('tellus.interactions')] = watchInteractions;
