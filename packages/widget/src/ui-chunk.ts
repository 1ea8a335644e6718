// The lazily loaded UI chunk (dist/tellus-ui.js): registers mountTellus on a private global for tellus.js to pick up.
import { mountTellus } from './mount';

(globalThis as unknown as Record<symbol, unknown>)[Symbol.for('tellus.ui')] = mountTellus;
