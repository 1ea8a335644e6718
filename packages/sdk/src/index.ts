// @tellus/sdk: the headless, offline-first Tellus SDK (triggers, queue, transport, typed events).
export { createTellus, optionIssues } from './tellus.js';
export { createTellusCore, type Tellus, type SurveysParser, type AnswersChecker, type Validators } from './core.js';
export type { TellusOptions, Attributes, MetaValue } from './options.js';
export type { TellusEvents, Listener, ShowReason } from './events.js';
export type { DeadLetter } from './queue/backend.js';
export { createStrictStore } from './queue/strict-store.js';
export { uuidv7 } from './uuid.js';
