import { describe, expect, test } from 'bun:test';
import { type AiSettings, defaultAiSettings } from '../../../src/ai/ai.ts';
import {
  aiSettingsFormSchema,
  aiSettingsFormValues,
  parseStoredAiSettings,
} from '../../../src/ai/ai-settings.forms.ts';

/** What the browser posts for the default settings, with overrides. */
const form = (overrides: Record<string, string | undefined> = {}) => {
  const values: Record<string, string | undefined> = {
    ...aiSettingsFormValues(defaultAiSettings),
    ...overrides,
  };
  // A checkbox left unticked is simply absent from the post.
  for (const box of ['enabled', 'onlyWhenNoHuman']) if (values[box] === '') delete values[box];
  return values;
};

/** Field → first message, as the form helper (src/http/form-errors.ts fieldErrors) renders them. */
const errorsOf = (values: Record<string, string | undefined>) => {
  const result = aiSettingsFormSchema.safeParse(values);
  if (result.success) throw new Error('expected the form to be refused');
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
};

describe('AI settings form (ADMIN-5)', () => {
  test('the defaults round-trip through the form unchanged', () => {
    expect(aiSettingsFormSchema.parse(form())).toEqual(defaultAiSettings);
  });

  test('a filled-in form becomes the domain settings (seconds and minutes to ms, hours to windows)', () => {
    const settings = aiSettingsFormSchema.parse(
      form({
        enabled: 'on',
        provider: 'openai',
        model: 'custom',
        customModel: 'my-org/gpt-6-luna-ft',
        openaiApi: 'chat_completions',
        availabilityMode: 'hours',
        timeZone: 'Europe/Berlin',
        hoursMon: '09:00-17:00',
        hoursFri: '9:00-12:00, 22:00-02:00',
        rateLimitCount: '10',
        rateLimitWindowMinutes: '30',
        timeoutSeconds: '15',
        baseUrl: 'https://gateway.example.com/v1/',
      }),
    );
    expect(settings).toMatchObject({
      enabled: true,
      provider: 'openai',
      model: 'custom',
      customModel: 'my-org/gpt-6-luna-ft',
      openaiApi: 'chat_completions',
      visitorRateLimit: { limit: 10, windowMs: 30 * 60_000 },
      timeoutMs: 15_000,
      baseUrl: 'https://gateway.example.com/v1',
    });
    expect(settings.availability).toEqual({
      mode: 'hours',
      timeZone: 'Europe/Berlin',
      weekly: {
        mon: [{ from: '09:00', to: '17:00' }],
        tue: [],
        wed: [],
        thu: [],
        fri: [
          { from: '09:00', to: '12:00' },
          { from: '22:00', to: '02:00' },
        ],
        sat: [],
        sun: [],
      },
    });
  });

  test('unticked checkboxes are false', () => {
    const settings = aiSettingsFormSchema.parse(form({ enabled: undefined, onlyWhenNoHuman: undefined }));
    expect(settings.enabled).toBe(false);
    expect(settings.onlyWhenNoHuman).toBe(false);
  });

  test.each([
    ['maxTokens', { maxTokens: 'lots' }, 'Enter a whole number.'],
    ['maxTokens', { maxTokens: '10' }, 'From 64 to 32,000 tokens.'],
    ['provider', { provider: 'gemini' }, 'Choose Anthropic or OpenAI.'],
    ['model', { provider: 'openai', model: 'claude-haiku-5-5' }, 'Choose a model this provider offers'],
    ['customModel', { model: 'custom', customModel: '' }, 'Enter the custom model id.'],
    ['customModel', { model: 'custom', customModel: 'bad id' }, 'Custom model id: letters, digits'],
    ['systemPromptTemplate', { systemPromptTemplate: '   ' }, 'Write a system prompt.'],
    [
      'systemPromptTemplate',
      { systemPromptTemplate: 'Hi {{projct_name}}' },
      'Unknown placeholder {{projct_name}}',
    ],
    ['timeZone', { timeZone: 'Berlin' }, 'Use an IANA time zone'],
    [
      'hoursTue',
      { availabilityMode: 'hours', hoursTue: '9 to 5' },
      'Tuesday: “9 to 5”: write times as HH:MM-HH:MM',
    ],
    ['availabilityMode', { availabilityMode: 'hours' }, 'Enter hours for at least one day, or choose 24/7.'],
    ['typingMaxMs', { typingMinMs: '3000', typingMaxMs: '1000' }, 'at least the shortest'],
    ['timeoutSeconds', { timeoutSeconds: '600' }, 'From 2 to 55 seconds.'],
    ['replyCapPerConversation', { replyCapPerConversation: '0' }, 'From 1 to 500 replies.'],
    ['baseUrl', { baseUrl: 'ftp://example.com' }, 'Use an http(s) address'],
    ['baseUrl', { baseUrl: 'https://user:pw@example.com/v1' }, 'Use an http(s) address'],
  ])('%s is named with a message that says what to write', (field, overrides, message) => {
    const errors = errorsOf(form(overrides));
    expect(errors[field]).toContain(message);
  });

  test('every problem is reported at once, each beside its own field', () => {
    const errors = errorsOf(form({ maxTokens: '1', timeZone: 'nowhere', model: 'custom', customModel: '' }));
    expect(Object.keys(errors).sort()).toEqual(['customModel', 'maxTokens', 'timeZone']);
  });
});

describe('stored AI settings', () => {
  test('nothing stored yet: the defaults (AI off)', () => {
    expect(parseStoredAiSettings(undefined)).toEqual(defaultAiSettings);
    expect(parseStoredAiSettings(null).enabled).toBe(false);
  });

  test('a stored document missing newer fields keeps its values and fills in the rest', () => {
    const stored: Partial<AiSettings> = {
      enabled: true,
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      maxTokens: 2048,
    };
    expect(parseStoredAiSettings(stored)).toEqual({ ...defaultAiSettings, ...stored });
  });

  test('one broken field falls back alone; the others survive', () => {
    const stored = { ...defaultAiSettings, enabled: true, maxTokens: -5, replyCapPerConversation: 7 };
    const parsed = parseStoredAiSettings(stored);
    expect(parsed.maxTokens).toBe(defaultAiSettings.maxTokens);
    expect(parsed.enabled).toBe(true);
    expect(parsed.replyCapPerConversation).toBe(7);
  });

  test('a saved form reads back as it was saved', () => {
    const saved = aiSettingsFormSchema.parse(
      form({ availabilityMode: 'hours', timeZone: 'Asia/Tokyo', hoursSat: '10:00-14:00', enabled: 'on' }),
    );
    expect(parseStoredAiSettings(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
  });
});
