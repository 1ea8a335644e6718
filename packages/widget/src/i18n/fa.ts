// Persian built-in strings (right-to-left).
import type { Strings } from './strings';

export const fa: Strings = {
  survey: 'نظرسنجی',
  close: 'بستن نظرسنجی',
  back: 'قبلی',
  next: 'بعدی',
  submit: 'ارسال',
  thanks: 'از بازخورد شما سپاسگزاریم!',
  required: 'لطفاً به این پرسش پاسخ دهید.',
  progress: 'پرسش {n} از {max}',
  left: '{n} نویسه باقی مانده',
  other: 'سایر',
  otherText: 'لطفاً مشخص کنید',
  npsLow: 'اصلاً احتمال ندارد',
  npsHigh: 'بسیار محتمل است',
  cesLow: 'کاملاً مخالفم',
  cesHigh: 'کاملاً موافقم',
  up: 'بله، مفید بود',
  down: 'نه، مفید نبود',
  tab: 'بازخورد',
  email: 'ایمیل',
  phone: 'تلفن',
  invalid: 'لطفاً این مورد را بررسی کنید.',
};
