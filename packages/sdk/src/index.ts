// @tellus/sdk: the headless, offline-first Tellus SDK (triggers, queue, transport, typed events).
export { createTellus, optionIssues } from './tellus.js';
export { createTellusCore, startTellus, type Tellus, type TellusParts } from './core.js';
export type { Responses, ResponsesFactory, ResponseContext, ResponseChecks } from './responses.js';
export type { SurveysParser, AnswersChecker, VisibleQuestions, Validators } from './validators.js';
export { startIssues } from './options.js';
export type { TellusOptions, Attributes, MetaValue } from './options.js';
export type { TellusEvents, Listener, ShowReason } from './events.js';
export type { DeadLetter } from './queue/backend.js';
export { createStrictStore } from './queue/strict-store.js';
export type { WatchInteractions, InteractionWatcher } from './triggers/interactions.js';
// createResponses, watchInteractions and uuidv7: from '@tellus/sdk/deferred'.
