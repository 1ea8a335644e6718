// English built-in strings (also the fallback for every missing locale).
import type { Strings } from './strings';

export const en: Strings = {
  survey: 'Feedback survey',
  close: 'Close survey',
  back: 'Back',
  next: 'Next',
  submit: 'Send',
  thanks: 'Thank you for your feedback!',
  required: 'Please answer this question.',
  progress: 'Question {n} of {max}',
  left: '{n} characters left',
  other: 'Other',
  otherText: 'Please specify',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  cesLow: 'Strongly disagree',
  cesHigh: 'Strongly agree',
  up: 'Yes, helpful',
  down: 'No, not helpful',
  tab: 'Feedback',
  email: 'Email',
  phone: 'Phone',
  invalid: 'Please check this entry.',
};
