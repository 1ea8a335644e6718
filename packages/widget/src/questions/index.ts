// One component per question type, looked up by `type`.
import type { FunctionComponent } from 'preact';
import type { Question, QuestionType } from '@tellus/schema';
import type { QuestionProps } from './context';
import { RatingQuestion } from './rating';
import { NpsQuestion } from './nps';
import { CesQuestion } from './ces';
import { TextQuestion } from './text';
import { ChoiceQuestion } from './choice';
import { MatrixQuestion } from './matrix';
import { ThumbsQuestion } from './thumbs';
import { ContactQuestion } from './contact';
import { ConsentQuestion } from './consent';
import { CtaQuestion } from './cta';

export type { Ctx, QuestionProps } from './context';
export {
  RatingQuestion,
  NpsQuestion,
  CesQuestion,
  TextQuestion,
  ChoiceQuestion,
  MatrixQuestion,
  ThumbsQuestion,
  ContactQuestion,
  ConsentQuestion,
  CtaQuestion,
};
export { invalidFields } from './contact';
export { LinkButton } from './link';

export const QUESTIONS: { [T in QuestionType]: FunctionComponent<QuestionProps<Extract<Question, { type: T }>>> } = {
  rating: RatingQuestion,
  nps: NpsQuestion,
  ces: CesQuestion,
  text: TextQuestion,
  choice: ChoiceQuestion,
  matrix: MatrixQuestion,
  thumbs: ThumbsQuestion,
  contact: ContactQuestion,
  consent: ConsentQuestion,
  cta: CtaQuestion,
};

/** Types where one click is the whole answer, so a click may submit or move on. */
export const PICK_TYPES: readonly QuestionType[] = ['rating', 'nps', 'ces', 'thumbs', 'cta'];
