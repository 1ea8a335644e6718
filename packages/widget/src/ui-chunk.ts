// The lazily loaded UI chunk (dist/tellus-ui.js): registers, on private globals for tellus.js, mountTellus, the SDK's responses half
// (with its answer checks) and the exit-intent/scroll/click watcher: the one place where the lazy half of the script tag registers.
import { checkAnswers, visibleQuestions } from '@tellus/schema';
import { createResponses, watchInteractions } from '@tellus/sdk';
import { mountTellus } from './mount';

const g = globalThis as unknown as Record<symbol, unknown>;
g[Symbol.for('tellus.ui')] = mountTellus;
g[Symbol.for('tellus.responses')] = createResponses({ answers: checkAnswers, visible: visibleQuestions });
g[Symbol.for('tellus.interactions')] = watchInteractions;
