// @tellus/sdk: the headless, offline-first Tellus SDK (triggers, queue, transport, typed events).
export { createTellus, optionIssues } from './tellus.js';
export { createTellusCore, startTellus, type Tellus, type TellusParts } from './core.js';
export { createResponses, type Responses, type ResponsesFactory, type ResponseContext, type ResponseChecks } from './responses.js';
export type { SurveysParser, AnswersChecker, VisibleQuestions, Validators } from './validators.js';
export { startIssues } from './options.js';
export type { TellusOptions, Attributes, MetaValue } from './options.js';
export type { TellusEvents, Listener, ShowReason } from './events.js';
export type { DeadLetter } from './queue/backend.js';
export { createStrictStore } from './queue/strict-store.js';
export { uuidv7 } from './uuid.js';
export { watchInteractions, type WatchInteractions, type InteractionWatcher } from './triggers/interactions.js';
