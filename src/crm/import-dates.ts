/**
 * Calendar dates typed by people in spreadsheets. ISO (2026-12-25, 2026/12/25) is never
 * ambiguous; 25/12/2026 vs 12/25/2026 is, so the import says which order it expects and a date
 * that does not fit that order is refused rather than guessed (a guess moves a follow-up by months).
 */
export type DateOrder = 'dmy' | 'mdy';

const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/;
const LOCAL_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s.*)?$/;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function toIsoDate(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2999 || month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` when the text is a real calendar date in ISO or the given order, else undefined. */
export function parseCalendarDate(text: string, order: DateOrder): string | undefined {
  const value = text.trim();
  const iso = ISO_DATE.exec(value);
  if (iso) return toIsoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const local = LOCAL_DATE.exec(value);
  if (!local) return undefined;
  const [first, second, year] = [Number(local[1]), Number(local[2]), Number(local[3])];
  return order === 'dmy' ? toIsoDate(year, second, first) : toIsoDate(year, first, second);
}

export const dateOrderExample: Record<DateOrder, string> = {
  dmy: 'DD/MM/YYYY',
  mdy: 'MM/DD/YYYY',
};
