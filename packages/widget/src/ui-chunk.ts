// The lazily loaded UI chunk (dist/tellus-ui.js): registers, on private globals for tellus.js, mountTellus and the SDK's responses half
// (with its answer checks and the queue's write). The exit-intent/scroll/click watcher is interactions-chunk.ts, which most pages never need.
// Preact first in the bundle: with its code ahead of ours, tellus-ui.js compresses 83 bytes smaller (gzip).
import 'preact';
import 'preact/hooks';
import { checkAnswers, visibleQuestions } from '@tellus/schema';
import { createResponses } from '@tellus/sdk/deferred';
import { mountTellus } from './mount';

const g = globalThis as unknown as Record<symbol, unknown>;
g[Symbol.for('tellus.ui')] = mountTellus;
g[Symbol.for('tellus.responses')] = createResponses({ answers: checkAnswers, visible: visibleQuestions });
