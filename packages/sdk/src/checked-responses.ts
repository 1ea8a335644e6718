// The responses half with the schema's answer checks, as createTellus uses it: imported at the first answer, so the checks stay off the first load.
import { checkAnswers, visibleQuestions } from '@tellus/schema/answer-checks';
import { createResponses } from './responses.js';

export const checkedResponses = createResponses({ answers: checkAnswers, visible: visibleQuestions });
