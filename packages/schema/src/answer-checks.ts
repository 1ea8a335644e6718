// @tellus/schema/answer-checks: what the SDK's responses half needs (the answer checks, the path through a survey, the error they
// throw, the limits), without the survey checks, so that half shares nothing with the first load but errors and limits.
export { ValidationError, type Issue } from './errors.js';
export { checkAnswer, checkAnswers, isAnswered } from './answers.js';
export { visibleQuestions } from './flow.js';
export { LIMITS } from './limits.js';
