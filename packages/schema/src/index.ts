// @tellus/schema: survey and response schemas, validation with paths, and scoring — shared by browser and collector.
export { ValidationError, SurveyConfigError, formatPath, type Issue } from './errors.js';
export { parseSurvey, parseSurveys, parseResponse, parseBatch } from './parse.js';
export { checkAnswer, checkAnswers, isAnswered, visibleQuestions, localize } from './answers.js';
export { scoreNps, scoreCsat, scoreCes, distribution, csatThreshold, type NpsScore, type ShareScore, type MeanScore } from './scoring.js';
export { surveyJsonSchema, responseJsonSchema } from './json-schema.js';
export { LIMITS } from './limits.js';
export { ID, SITE_KEY, META_KEY, LOCALE, ANON_ID, UUID } from './patterns.js';
export { checkJson, type JsonSchema } from './json-check.js';
export { type Answer, type ChoiceAnswer, type SurveyResponse, type Batch, type AckResult } from './response.js';
export type { Survey, Question, QuestionType, LocalizedText, Trigger, Throttle, Display, ShowIf, AudienceCondition, EventPropCondition } from './survey.js';
