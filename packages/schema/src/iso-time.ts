// Date.parse for the one spelling clients send (toISOString's), read from the digits: Date.parse itself is the costliest step of checking a response.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY_MS = 86_400_000;

/** The digit at `i`, NaN for any other character (NaN then fails every range check below). */
function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
}
const twoDigits = (text: string, i: number) => digit(text, i) * 10 + digit(text, i + 1);

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), for years 0 and later. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * `Date.parse(text)`, without its cost when `text` is spelled exactly as toISOString() spells an instant of years
 * 0–9999 ("2026-03-01T10:00:00.000Z", a real calendar day); any other text goes to Date.parse, so the result is
 * always the same.
 *
 * @example isoTime(response.createdAt) // 1772359200000
 */
export function isoTime(text: string): number {
  if (
    text.length === 24 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(19) === 46 &&
    text.charCodeAt(23) === 90
  ) {
    const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
    const month = twoDigits(text, 5);
    const day = twoDigits(text, 8);
    const hour = twoDigits(text, 11);
    const minute = twoDigits(text, 14);
    const second = twoDigits(text, 17);
    const ms = twoDigits(text, 20) * 10 + digit(text, 22);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    // Written so that NaN (a non-digit) fails: Date.parse then judges the text as before.
    if (
      year >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      ms >= 0
    )
      return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  }
  return Date.parse(text);
}
