// Latvian built-in strings.
import type { Strings } from './strings';

export const lv: Strings = {
  survey: 'Atsauksmju aptauja',
  close: 'Aizvērt aptauju',
  back: 'Atpakaļ',
  next: 'Tālāk',
  submit: 'Nosūtīt',
  thanks: 'Paldies par jūsu atsauksmi!',
  required: 'Lūdzu, atbildiet uz šo jautājumu.',
  progress: '{n}. jautājums no {max}',
  left: 'Atlikušas {n} rakstzīmes',
  other: 'Cits',
  otherText: 'Lūdzu, precizējiet',
  npsLow: 'Noteikti neieteiktu',
  npsHigh: 'Noteikti ieteiktu',
  cesLow: 'Pilnīgi nepiekrītu',
  cesHigh: 'Pilnīgi piekrītu',
  up: 'Jā, noderīgi',
  down: 'Nē, nav noderīgi',
  tab: 'Atsauksmes',
  email: 'E-pasts',
  phone: 'Tālrunis',
  invalid: 'Lūdzu, pārbaudiet šo ierakstu.',
};
