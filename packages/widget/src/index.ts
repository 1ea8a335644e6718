// @tellus/widget for bundlers: mount the survey UI on a Tellus instance, or use the Preact components directly.
export { mountTellus, type MountOptions, type WidgetHandle, type SurveySource } from './mount';
export { SurveyView, type SurveyViewProps } from './survey';
export {
  QUESTIONS,
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
  type Ctx,
  type QuestionProps,
} from './questions';
export { chooseLocale, pageLocales, stringsFor, isRtl, LOCALES, type Strings } from './i18n';
export { CSS, applyTheme, adoptStyles, type Theme } from './theme';
