/** The only way domain code learns the time; tests pass a manual clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Timestamps are stored as ISO-8601 UTC strings on every dialect (docs/decisions/0002). */
export const toIso = (date: Date): string => date.toISOString();

export const addMs = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

/** The UTC day of an instant, YYYY-MM-DD (what "today" means for follow-ups and day filters). */
export const dayOf = (now: Date): string => now.toISOString().slice(0, 10);
