// German built-in strings.
import type { Strings } from './strings';

export const de: Strings = {
  survey: 'Feedback-Umfrage',
  close: 'Umfrage schließen',
  back: 'Zurück',
  next: 'Weiter',
  submit: 'Senden',
  thanks: 'Vielen Dank für Ihr Feedback!',
  required: 'Bitte beantworten Sie diese Frage.',
  progress: 'Frage {n} von {max}',
  left: 'Noch {n} Zeichen',
  other: 'Sonstiges',
  otherText: 'Bitte angeben',
  npsLow: 'Äußerst unwahrscheinlich',
  npsHigh: 'Äußerst wahrscheinlich',
  cesLow: 'Stimme überhaupt nicht zu',
  cesHigh: 'Stimme voll und ganz zu',
  up: 'Ja, hilfreich',
  down: 'Nein, nicht hilfreich',
  tab: 'Feedback',
  email: 'E-Mail',
  phone: 'Telefon',
  invalid: 'Bitte prüfen Sie diese Angabe.',
};
