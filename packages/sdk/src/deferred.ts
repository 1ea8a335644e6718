// @tellus/sdk/deferred: the parts a page loads after its first load (the responses half, the interaction watcher), for the script tag's UI chunk.
// Apart from the package index so that a bundler that splits by file (esbuild) keeps them out of the first load.
export { createResponses } from './responses.js';
export { watchInteractions } from './triggers/interactions.js';
export { uuidv7 } from './uuid.js';
