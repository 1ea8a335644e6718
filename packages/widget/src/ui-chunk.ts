// The lazily loaded UI chunk (dist/tellus-ui.js): registers mountTellus and the answer check on private globals for tellus.js.
import { checkAnswers, visibleQuestions } from '@tellus/schema';
import { mountTellus } from './mount';

const g = globalThis as unknown as Record<symbol, unknown>;
g[Symbol.for('tellus.ui')] = mountTellus;
g[Symbol.for('tellus.check')] = checkAnswers;
g[Symbol.for('tellus.visible')] = visibleQuestions;
