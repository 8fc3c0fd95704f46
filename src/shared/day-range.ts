/** Date filters as typed (YYYY-MM-DD, UTC): the instants they mean, and a range that cannot hold. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayText = (day: string) =>
  `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;

/**
 * A day range (YYYY-MM-DD, as typed) that ends before it starts matches nothing: say so instead of
 * showing zeros that look like a quiet week.
 */
export function dayRangeProblem(from: string | undefined, to: string | undefined): string | undefined {
  if (!from || !to || from <= to) return undefined;
  return `The start date (${dayText(from)}) is after the end date (${dayText(to)}). Swap them or change one.`;
}

/** A day range as typed in the filter (YYYY-MM-DD, UTC) → inclusive instants on created_at. */
export function dayRange(from: string | undefined, to: string | undefined) {
  return {
    from: from ? `${from}T00:00:00.000Z` : undefined,
    to: to ? `${to}T23:59:59.999Z` : undefined,
  };
}
