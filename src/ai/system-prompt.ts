/**
 * AI-1 system prompt: the admin's template with placeholders filled in. The visitor's contact form
 * data is not a placeholder: it travels in the transcript (transcript.ts), so the system prompt
 * holds only what the business wrote and stays identical across chats (prompt caching).
 */

export interface PromptContext {
  projectName: string;
  projectInstructions: string;
  now: Date;
  /** IANA zone for {{current_datetime}}; an unknown zone falls back to UTC. */
  timeZone: string;
  escalationPolicy: string;
}

export const PROMPT_PLACEHOLDERS = [
  'project_name',
  'project_instructions',
  'current_datetime',
  'current_date',
  'time_zone',
  'escalation_policy',
] as const;

export type PromptPlaceholder = (typeof PROMPT_PLACEHOLDERS)[number];

/** `{{ name }}` with optional spaces inside the braces. */
const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/**
 * One pass over the template: a value that itself contains `{{…}}` (say, project instructions)
 * is inserted as written, never expanded. Unknown placeholders stay visible, so a typo shows up
 * in the preview instead of silently vanishing.
 */
export function renderSystemPrompt(template: string, context: PromptContext): string {
  const values = placeholderValues(context);
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as PromptPlaceholder] : whole,
  );
}

/** Placeholders in a template that renderSystemPrompt would leave as they are. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PROMPT_PLACEHOLDERS);
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
  return [...new Set(names.filter((name) => !known.has(name)))];
}

function placeholderValues(context: PromptContext): Record<PromptPlaceholder, string> {
  const { date, dateTime, zone } = formatPromptDateTime(context.now, context.timeZone);
  return {
    project_name: context.projectName.trim(),
    project_instructions: context.projectInstructions.trim() || '(No further instructions.)',
    current_datetime: dateTime,
    current_date: date,
    time_zone: zone,
    escalation_policy: context.escalationPolicy.trim() || '(No escalation policy given.)',
  };
}

/**
 * An unambiguous, language-neutral form the model reads reliably:
 * 'Monday 2026-11-23 11:00 (Europe/Berlin, GMT+1)'.
 */
export function formatPromptDateTime(
  now: Date,
  timeZone: string,
): { date: string; dateTime: string; zone: string } {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = dateFormatter(timeZone);
  } catch {
    formatter = dateFormatter('UTC');
  }
  const parts = formatter.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const zone = formatter.resolvedOptions().timeZone;
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  return {
    date: `${part('weekday')} ${date}`,
    dateTime: `${part('weekday')} ${date} ${part('hour')}:${part('minute')} (${zone}, ${part('timeZoneName')})`,
    zone,
  };
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
    dateFormatters.set(timeZone, formatter);
  }
  return formatter;
}
