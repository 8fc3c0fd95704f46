/** Labels and formats every console shares: lead stages, times in UTC, capped counts. */
export const stageLabel: Record<string, string> = {
  new: 'New',
  qualified: 'Qualified',
  not_qualified: 'Not qualified',
  converted: 'Converted',
};

/** "23 Nov, 10:05" in UTC: views take instants as strings and never read the clock. */
export function shortTime(iso: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const month = months[Number(iso.slice(5, 7)) - 1] ?? '';
  return `${Number(iso.slice(8, 10))} ${month}, ${iso.slice(11, 16)}`;
}

export const cappedCount = (count: number, cap: number) =>
  count >= cap ? `${cap.toLocaleString('en')}+` : count.toLocaleString('en');

/** "23 Nov 2026, 10:05" in UTC, for audit trails that outlive a year. */
export function dateTime(iso: string): string {
  return `${shortTime(iso).replace(',', ` ${iso.slice(0, 4)},`)}`;
}
