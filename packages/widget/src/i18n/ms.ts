// Malay built-in strings.
import type { Strings } from './strings';

export const ms: Strings = {
  survey: 'Tinjauan maklum balas',
  close: 'Tutup tinjauan',
  back: 'Kembali',
  next: 'Seterusnya',
  submit: 'Hantar',
  thanks: 'Terima kasih atas maklum balas anda!',
  required: 'Sila jawab soalan ini.',
  progress: 'Soalan {n} daripada {max}',
  left: '{n} aksara lagi',
  other: 'Lain-lain',
  otherText: 'Sila nyatakan',
  npsLow: 'Sama sekali tidak mungkin',
  npsHigh: 'Sangat mungkin',
  cesLow: 'Sangat tidak setuju',
  cesHigh: 'Sangat setuju',
  up: 'Ya, membantu',
  down: 'Tidak membantu',
  tab: 'Maklum balas',
  email: 'E-mel',
  phone: 'Telefon',
  invalid: 'Sila semak entri ini.',
};
