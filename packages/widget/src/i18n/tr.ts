// Turkish built-in strings.
import type { Strings } from './strings';

export const tr: Strings = {
  survey: 'Geri bildirim anketi',
  close: 'Anketi kapat',
  back: 'Geri',
  next: 'İleri',
  submit: 'Gönder',
  thanks: 'Geri bildiriminiz için teşekkürler!',
  required: 'Lütfen bu soruyu yanıtlayın.',
  progress: 'Soru {n} / {max}',
  left: '{n} karakter kaldı',
  other: 'Diğer',
  otherText: 'Lütfen belirtin',
  npsLow: 'Hiç olası değil',
  npsHigh: 'Son derece olası',
  cesLow: 'Kesinlikle katılmıyorum',
  cesHigh: 'Kesinlikle katılıyorum',
  up: 'Evet, faydalı',
  down: 'Hayır, faydalı değil',
  tab: 'Geri bildirim',
  email: 'E-posta',
  phone: 'Telefon',
  invalid: 'Lütfen bu girişi kontrol edin.',
};
