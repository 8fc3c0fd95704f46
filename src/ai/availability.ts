import type { AvailabilityRules, TimeWindow, Weekday } from './ai.ts';

/**
 * AI-1 availability. Windows are local wall-clock times in the rules' time zone, read with Intl
 * (no tz library): the instant is converted to the zone's weekday and HH:MM, then compared.
 * So a 09:00-17:00 window opens at 09:00 local on both DST change days (07:00Z in summer time,
 * 08:00Z in winter time in Europe/Berlin). Edges: `from` inclusive, `to` exclusive, minute
 * resolution (16:59:59 is inside 09:00-17:00, 17:00:00 is not). On the spring-forward day a window
 * starting in the skipped hour opens when the clock jumps past its start; on the fall-back day a
 * window in the repeated hour is open both times round.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const weekdayByShortName: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};
const previousDay: Record<Weekday, Weekday> = {
  mon: 'sun',
  tue: 'mon',
  wed: 'tue',
  thu: 'wed',
  fri: 'thu',
  sat: 'fri',
  sun: 'sat',
};

/** The weekday and minute of the day that a wall clock in `timeZone` shows at `now`. */
export function localClock(timeZone: string, now: Date): { weekday: Weekday; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = weekdayByShortName[part('weekday')];
  if (!weekday) throw new RangeError(`unexpected weekday from Intl: ${part('weekday')}`);
  return { weekday, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** 'HH:MM' → minutes since midnight; '24:00' → 1440. */
export function minuteOf(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return Number.NaN;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours === 24 && minutes === 0) return 1440;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return hours * 60 + minutes;
}

const crossesMidnight = (window: TimeWindow) => minuteOf(window.to) < minuteOf(window.from);

/**
 * Whether the rules let the AI take a chat at `now`. An unknown time zone (only possible in a
 * hand-edited stored value: the form refuses it) counts as closed, so chats go to humans.
 */
export function isAiAvailable(rules: AvailabilityRules, now: Date): boolean {
  if (rules.mode === 'always') return true;
  let clock: { weekday: Weekday; minute: number };
  try {
    clock = localClock(rules.timeZone, now);
  } catch {
    return false;
  }
  const today = rules.weekly[clock.weekday] ?? [];
  const openToday = today.some((window) => {
    const from = minuteOf(window.from);
    const to = minuteOf(window.to);
    return crossesMidnight(window) ? clock.minute >= from : clock.minute >= from && clock.minute < to;
  });
  if (openToday) return true;
  // The tail of yesterday's windows that run past midnight.
  const yesterday = rules.weekly[previousDay[clock.weekday]] ?? [];
  return yesterday.some((window) => crossesMidnight(window) && clock.minute < minuteOf(window.to));
}

export type WindowListResult = { ok: true; windows: TimeWindow[] } | { ok: false; message: string };

/**
 * The admin types a day's hours as text: '09:00-12:30, 14:00-18:00', '22:00-02:00' (past midnight),
 * '00:00-24:00' (all day) or nothing (closed). Times must be two-digit HH:MM.
 */
export function parseWindowList(text: string): WindowListResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, windows: [] };
  const windows: TimeWindow[] = [];
  for (const piece of trimmed.split(',')) {
    const match = /^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$/.exec(piece);
    if (!match?.[1] || !match[2]) {
      return { ok: false, message: `“${piece.trim()}”: write times as HH:MM-HH:MM, e.g. 09:00-17:00.` };
    }
    const [from, to] = [match[1].padStart(5, '0'), match[2].padStart(5, '0')];
    if (Number.isNaN(minuteOf(from)) || minuteOf(from) === 1440 || Number.isNaN(minuteOf(to))) {
      return { ok: false, message: `“${piece.trim()}”: times run from 00:00 to 24:00.` };
    }
    if (minuteOf(from) === minuteOf(to)) {
      return {
        ok: false,
        message: `“${piece.trim()}”: start and end are the same; for all day use 00:00-24:00.`,
      };
    }
    windows.push({ from, to });
  }
  return { ok: true, windows };
}

export const formatWindowList = (windows: readonly TimeWindow[]): string =>
  windows.map((window) => `${window.from}-${window.to}`).join(', ');
