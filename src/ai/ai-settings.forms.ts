import { z } from 'zod';
import {
  AI_MODELS,
  type AiProviderName,
  type AiSettings,
  CUSTOM_MODEL,
  defaultAiSettings,
  WEEKDAYS,
  type Weekday,
} from './ai.ts';
import { formatWindowList, isValidTimeZone, parseWindowList } from './availability.ts';
import { PROMPT_PLACEHOLDERS, unknownPlaceholders } from './system-prompt.ts';

/**
 * The /admin/ai form (ADMIN-5) as posted: flat string fields, one text field of hours per weekday.
 * Every issue's path is the form field at fault and its message says what to write, so
 * `validForm(aiSettingsFormSchema, …)` re-renders the form with the message beside the field.
 * Success yields the domain AiSettings.
 */

const whole = (min: number, max: number, unit: string) => {
  const range = `From ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')} ${unit}.`;
  return z.coerce
    .number({ error: 'Enter a whole number.' })
    .int('Enter a whole number.')
    .min(min, range)
    .max(max, range);
};

const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === '1', z.boolean());

/** Weekday names as the form and its messages write them. */
export const DAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** The form field holding each weekday's hours. */
export const HOURS_FIELDS = {
  mon: 'hoursMon',
  tue: 'hoursTue',
  wed: 'hoursWed',
  thu: 'hoursThu',
  fri: 'hoursFri',
  sat: 'hoursSat',
  sun: 'hoursSun',
} as const satisfies Record<Weekday, string>;

const hours = (day: Weekday) =>
  z
    .string()
    .default('')
    .transform((text, ctx) => {
      const parsed = parseWindowList(text);
      if (parsed.ok) return parsed.windows;
      ctx.addIssue({ code: 'custom', message: `${DAY_NAMES[day]}: ${parsed.message}` });
      return z.NEVER;
    });

const baseUrl = z
  .string()
  .trim()
  .default('')
  .refine((value) => value === '' || isPlainHttpUrl(value), {
    message:
      'Use an http(s) address such as https://gateway.example.com/v1 (no user, query or #), or leave empty.',
  });

const formShape = {
  enabled: checkbox,
  provider: z.enum(['anthropic', 'openai'], { error: 'Choose Anthropic or OpenAI.' }),
  model: z.string({ error: 'Choose a model.' }).trim().min(1, 'Choose a model.'),
  customModel: z
    .string()
    .trim()
    .max(200, 'Custom model id: at most 200 characters.')
    .regex(/^([A-Za-z0-9][A-Za-z0-9._:/@+-]*)?$/, 'Custom model id: letters, digits and . _ : / @ + - only.')
    .default(''),
  openaiApi: z
    .enum(['responses', 'chat_completions'], { error: 'Choose the Responses or Chat Completions API.' })
    .default('responses'),
  maxTokens: whole(64, 32_000, 'tokens'),
  systemPromptTemplate: z
    .string({ error: 'Write a system prompt.' })
    .trim()
    .min(1, 'Write a system prompt.')
    .max(20_000, 'System prompt: at most 20,000 characters.'),
  availabilityMode: z.enum(['always', 'hours'], { error: 'Choose 24/7 or opening hours.' }),
  timeZone: z
    .string()
    .trim()
    .default('UTC')
    .refine(isValidTimeZone, 'Use an IANA time zone such as Europe/Berlin or America/New_York.'),
  hoursMon: hours('mon'),
  hoursTue: hours('tue'),
  hoursWed: hours('wed'),
  hoursThu: hours('thu'),
  hoursFri: hours('fri'),
  hoursSat: hours('sat'),
  hoursSun: hours('sun'),
  onlyWhenNoHuman: checkbox,
  escalationPolicy: z.string().trim().max(4000, 'Escalation policy: at most 4,000 characters.').default(''),
  replyCapPerConversation: whole(1, 500, 'replies'),
  rateLimitCount: whole(1, 10_000, 'replies'),
  rateLimitWindowMinutes: whole(1, 7 * 24 * 60, 'minutes'),
  readDelayMs: whole(0, 10_000, 'ms'),
  typingMsPerChar: whole(0, 500, 'ms'),
  typingMinMs: whole(0, 30_000, 'ms'),
  typingMaxMs: whole(0, 60_000, 'ms'),
  timeoutSeconds: whole(2, 55, 'seconds'),
  baseUrl,
};

type ParsedForm = z.output<z.ZodObject<typeof formShape>>;

export const aiSettingsFormSchema = z
  .object(formShape)
  .superRefine((form, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const offered = AI_MODELS[form.provider as AiProviderName]?.map((option) => option.id) ?? [];
    if (form.model !== CUSTOM_MODEL && !offered.includes(form.model)) {
      issue('model', 'Choose a model this provider offers, or “Custom model id”.');
    }
    if (form.model === CUSTOM_MODEL && !form.customModel) issue('customModel', 'Enter the custom model id.');
    const unknown = unknownPlaceholders(form.systemPromptTemplate ?? '');
    if (unknown.length > 0) {
      const known = PROMPT_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ');
      issue(
        'systemPromptTemplate',
        `Unknown placeholder ${unknown.map((n) => `{{${n}}}`).join(', ')}: use ${known}.`,
      );
    }
    const anyHours = WEEKDAYS.some((day) => (form[HOURS_FIELDS[day]] ?? []).length > 0);
    if (form.availabilityMode === 'hours' && !anyHours) {
      issue('availabilityMode', 'Enter hours for at least one day, or choose 24/7.');
    }
    if (form.typingMaxMs < form.typingMinMs)
      issue('typingMaxMs', 'The longest typing time must be at least the shortest.');
  })
  .transform(toSettings);

function toSettings(form: ParsedForm): AiSettings {
  const weekly = {
    mon: form.hoursMon,
    tue: form.hoursTue,
    wed: form.hoursWed,
    thu: form.hoursThu,
    fri: form.hoursFri,
    sat: form.hoursSat,
    sun: form.hoursSun,
  };
  return {
    enabled: form.enabled,
    provider: form.provider,
    model: form.model,
    customModel: form.model === CUSTOM_MODEL ? form.customModel : '',
    openaiApi: form.openaiApi,
    maxTokens: form.maxTokens,
    systemPromptTemplate: form.systemPromptTemplate,
    availability: { mode: form.availabilityMode, timeZone: form.timeZone, weekly },
    onlyWhenNoHuman: form.onlyWhenNoHuman,
    escalationPolicy: form.escalationPolicy,
    replyCapPerConversation: form.replyCapPerConversation,
    visitorRateLimit: { limit: form.rateLimitCount, windowMs: form.rateLimitWindowMinutes * 60_000 },
    pacing: {
      readDelayMs: form.readDelayMs,
      typingMsPerChar: form.typingMsPerChar,
      typingMinMs: form.typingMinMs,
      typingMaxMs: form.typingMaxMs,
    },
    timeoutMs: form.timeoutSeconds * 1000,
    baseUrl: form.baseUrl.replace(/\/+$/, ''),
  };
}

/** The form's field values for these settings (to fill the page, or refill it after a refusal). */
export function aiSettingsFormValues(settings: AiSettings): Record<string, string> {
  const hoursValues = Object.fromEntries(
    WEEKDAYS.map((day) => [HOURS_FIELDS[day], formatWindowList(settings.availability.weekly[day] ?? [])]),
  );
  return {
    enabled: settings.enabled ? 'on' : '',
    provider: settings.provider,
    model: settings.model,
    customModel: settings.customModel,
    openaiApi: settings.openaiApi,
    maxTokens: String(settings.maxTokens),
    systemPromptTemplate: settings.systemPromptTemplate,
    availabilityMode: settings.availability.mode,
    timeZone: settings.availability.timeZone,
    ...hoursValues,
    onlyWhenNoHuman: settings.onlyWhenNoHuman ? 'on' : '',
    escalationPolicy: settings.escalationPolicy,
    replyCapPerConversation: String(settings.replyCapPerConversation),
    rateLimitCount: String(settings.visitorRateLimit.limit),
    rateLimitWindowMinutes: String(Math.round(settings.visitorRateLimit.windowMs / 60_000)),
    readDelayMs: String(settings.pacing.readDelayMs),
    typingMsPerChar: String(settings.pacing.typingMsPerChar),
    typingMinMs: String(settings.pacing.typingMinMs),
    typingMaxMs: String(settings.pacing.typingMaxMs),
    timeoutSeconds: String(Math.round(settings.timeoutMs / 1000)),
    baseUrl: settings.baseUrl,
  };
}

/**
 * Stored settings (a JSON document) back to AiSettings. Lenient like the routing settings: the
 * values went through the form when saved, so anything missing (a field added later) or broken
 * falls back to its default instead of failing the page or the routing decision.
 */
export function parseStoredAiSettings(value: unknown): AiSettings {
  if (value === null || typeof value !== 'object') return defaultAiSettings;
  const form = aiSettingsFormSchema.safeParse({
    ...aiSettingsFormValues(defaultAiSettings),
    ...storedAsFormValues(value as Partial<AiSettings>),
  });
  if (form.success) return form.data;
  // Drop only the fields at fault and try once more, so one bad field costs only itself.
  const bad = new Set(form.error.issues.map((issue) => String(issue.path[0] ?? '')));
  const repaired = Object.fromEntries(
    Object.entries({ ...aiSettingsFormValues(defaultAiSettings), ...storedAsFormValues(value) }).map(
      ([key, v]) => [key, bad.has(key) ? (aiSettingsFormValues(defaultAiSettings)[key] ?? '') : v],
    ),
  );
  const second = aiSettingsFormSchema.safeParse(repaired);
  return second.success ? second.data : defaultAiSettings;
}

function storedAsFormValues(stored: Partial<AiSettings>): Record<string, string> {
  const merged: AiSettings = {
    ...defaultAiSettings,
    ...stored,
    availability: { ...defaultAiSettings.availability, ...stored.availability },
    visitorRateLimit: { ...defaultAiSettings.visitorRateLimit, ...stored.visitorRateLimit },
    pacing: { ...defaultAiSettings.pacing, ...stored.pacing },
  };
  try {
    return aiSettingsFormValues(merged);
  } catch {
    return aiSettingsFormValues(defaultAiSettings);
  }
}

function isPlainHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      !url.username &&
      !url.password &&
      !url.search &&
      !url.hash
    );
  } catch {
    return false;
  }
}
