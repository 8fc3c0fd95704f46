/** Human labels and pill classes for conversation statuses and lead stages (shared by console views). */
export const statusLabel: Record<string, string> = {
  unassigned: 'Unassigned',
  active: 'Assigned',
  offline: 'Offline',
  closed: 'Closed',
};

export const statusPillClass = (status: string) => `pill pill-${status in statusLabel ? status : 'closed'}`;

export { cappedCount, dateTime, shortTime, stageLabel } from '../components/format.ts';
