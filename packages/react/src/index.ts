// @tellus/react: thin React bindings over @tellus/sdk and @tellus/widget.
export { TellusProvider, useTellus, type TellusProviderProps } from './provider.js';
export { TellusSurvey, type TellusSurveyProps } from './survey.js';
