// @tellus/schema/surveys: the survey checks and the zod-free limits, patterns and errors, without the answer checks, so a bundler
// that splits by file (esbuild) can leave the answer checks to the chunk that needs them.
export { ValidationError, SurveyConfigError, formatIssues, formatPath, type Issue } from './errors.js';
export { parseSurvey, parseSurveys } from './parse.js';
export { checkJson, type JsonSchema } from './json-check.js';
export { LIMITS } from './limits.js';
export { ID, SITE_KEY, META_KEY, LOCALE, ANON_ID, UUID } from './patterns.js';
