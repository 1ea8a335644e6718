// The checks the SDK can be given (from @tellus/schema), passed in so a bundle pays only for the checks it uses.
import type { Issue, Survey } from '@tellus/schema';

/** Turns fetched survey JSON into surveys; createTellus passes parseSurveys, the core trusts the collector. */
export type SurveysParser = (input: unknown) => Survey[];
/** Checks answers against their survey (schema's checkAnswers); [] when they fit. */
export type AnswersChecker = (survey: Survey, answers: Record<string, unknown>, completed: boolean) => Issue[];
/** The questions a respondent sees (schema's visibleQuestions): a completed response keeps only their answers. */
export type VisibleQuestions = (survey: Survey, answers: Record<string, unknown>) => { id: string }[];

/** createTellus passes all three; createTellusCore users pass what they want checked. */
export interface Validators {
  surveys?: SurveysParser;
  answers?: AnswersChecker;
  visible?: VisibleQuestions;
}
