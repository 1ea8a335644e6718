// RFC 4180 CSV cells and rows, with spreadsheet formula injection neutralised.
export type CellValue = string | number | boolean | null | undefined;

/**
 * Text a spreadsheet may read as a formula (OWASP CSV injection): a formula sign (ASCII or the
 * full-width ＝＋－＠ that some spreadsheets fold to ASCII) after any run of white space, BOMs and
 * NBSPs that a spreadsheet strips first, or a cell starting with a tab, CR or LF.
 */
const FORMULA_START = /^(?:[\s\uFEFF\u00A0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r\n])/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell. Text that starts like a formula gets a leading `'` so spreadsheets show it as text;
 * numbers and booleans are written as they are (a negative number is not a formula).
 */
export function csvCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export const csvRow = (cells: readonly CellValue[]) => cells.map(csvCell).join(',') + '\r\n';

/** Byte order mark that makes Excel read the file as UTF-8. */
export const BOM = '\uFEFF';
