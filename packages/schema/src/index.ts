// @tellus/schema: survey and response schemas, validation with paths, and scoring — shared by browser and collector.
export { ValidationError, SurveyConfigError, formatIssues, formatPath, fromZodIssues, errorMessage, type Issue } from './errors.js';
export { parseSurvey, parseSurveys, parseResponse, parseBatch } from './parse.js';
export { checkAnswer, checkAnswers, isAnswered, isPersonal, isEmail, isPhone, localize } from './answers.js';
export { visibleQuestions, chooseEnding, matches } from './flow.js';
export {
  scoreNps,
  scoreCsat,
  scoreCes,
  scoreNpsTally,
  scoreCsatTally,
  scoreCesTally,
  distribution,
  csatThreshold,
  SMALL_SAMPLE,
  type NpsScore,
  type ShareScore,
  type MeanScore,
  type Tally,
} from './scoring.js';
export { surveyJsonSchema, responseJsonSchema } from './json-schema.js';
export { LIMITS } from './limits.js';
export { ID, SITE_KEY, META_KEY, LOCALE, ANON_ID, UUID } from './patterns.js';
export { checkJson, type JsonSchema } from './json-check.js';
export { isoTime } from './iso-time.js';
export { checkBatchShape, checkResponseShape } from './response-check.js';
export type { Answer, ChoiceAnswer, ContactAnswer, SurveyResponse, Batch, AckResult } from './response.js';
export type {
  Survey,
  Question,
  QuestionType,
  LocalizedText,
  Trigger,
  Throttle,
  Display,
  ShowIf,
  Comparison,
  LogicRule,
  Ending,
  LinkButton,
  AudienceCondition,
  EventPropCondition,
} from './survey.js';
