/**
 * The AI fallback agent's domain (issue 17, AI-1..6): settings, the model catalogue, the failure
 * taxonomy and the cost/pacing rules. Pure: no I/O, no clock. The other pure rules live beside it
 * (availability.ts, system-prompt.ts, transcript.ts, circuit-breaker.ts, ai-settings.forms.ts).
 */

export type AiProviderName = 'anthropic' | 'openai';

/**
 * OpenAI's current models (GPT-6.x) call tools only through the Responses API; Chat Completions is
 * kept for OpenAI-compatible gateways that do not speak Responses (docs/decisions/0017-ai-providers.md).
 */
export type OpenAiApi = 'responses' | 'chat_completions';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Local wall-clock times 'HH:MM' in the rules' time zone. `from` is inclusive, `to` exclusive;
 * `to` may be '24:00' (end of day); `to` earlier than `from` runs past midnight into the next day.
 */
export interface TimeWindow {
  from: string;
  to: string;
}

export interface AvailabilityRules {
  /** 'always' = 24/7; 'hours' = only inside the weekly windows. */
  mode: 'always' | 'hours';
  /** IANA name, e.g. 'Europe/Berlin'. Also the zone of {{current_datetime}} unless the caller passes another. */
  timeZone: string;
  weekly: Readonly<Record<Weekday, readonly TimeWindow[]>>;
}

/** AI-3: the human-like sequence. Typing lasts clamp(chars × msPerChar, min, max), model latency included. */
export interface PacingSettings {
  readDelayMs: number;
  typingMsPerChar: number;
  typingMinMs: number;
  typingMaxMs: number;
}

export interface VisitorRateLimit {
  /** At most this many AI replies to one visitor (across their chats) … */
  limit: number;
  /** … within this sliding window. */
  windowMs: number;
}

/** The admin's AI settings (/admin/ai). The API key is not part of them: it is stored apart, never rendered. */
export interface AiSettings {
  enabled: boolean;
  provider: AiProviderName;
  /** An id from AI_MODELS[provider], or CUSTOM_MODEL to use `customModel`. */
  model: string;
  customModel: string;
  openaiApi: OpenAiApi;
  /** Output cap per reply; on thinking models the thinking counts against it too. */
  maxTokens: number;
  systemPromptTemplate: string;
  availability: AvailabilityRules;
  /** AI-2: take a chat only when no human is eligible at that moment. */
  onlyWhenNoHuman: boolean;
  escalationPolicy: string;
  replyCapPerConversation: number;
  visitorRateLimit: VisitorRateLimit;
  pacing: PacingSettings;
  /** One deadline for the whole provider call, retry included. */
  timeoutMs: number;
  /** '' = the provider's own endpoint; else a compatible gateway (OpenAI: include the /v1). */
  baseUrl: string;
}

export const CUSTOM_MODEL = 'custom';

export interface ModelOption {
  id: string;
  label: string;
  note: string;
}

/**
 * The models offered in the picker (December 2026), the default of each provider first. Any other
 * id can be entered as a custom model. Prices are per million input/output tokens.
 */
export const AI_MODELS: Readonly<Record<AiProviderName, readonly ModelOption[]>> = {
  anthropic: [
    {
      id: 'claude-haiku-5-5',
      label: 'Claude Haiku 5.5 (recommended)',
      note: 'Fastest and cheapest ($0.10 / $0.50): right for live-chat qualification.',
    },
    {
      id: 'claude-sonnet-5-5',
      label: 'Claude Sonnet 5.5',
      note: 'Better judgement and writing, slower; about 20× the price of Haiku ($2 / $10).',
    },
    {
      id: 'claude-opus-5-5',
      label: 'Claude Opus 5.5',
      note: 'Most capable, always thinks first: slowest and priciest ($4 / $20).',
    },
  ],
  openai: [
    { id: 'gpt-6-luna', label: 'GPT-6 Luna', note: 'Cheapest and fast ($0.10 / $0.50).' },
    { id: 'gpt-6.1-terra', label: 'GPT-6.1 Terra', note: 'Fast, clear natural writing ($1 / $5).' },
    { id: 'gpt-6.2-sol', label: 'GPT-6.2 Sol', note: 'Stronger reasoning, slower ($2 / $10).' },
  ],
};

export const RECOMMENDED_PROVIDER: AiProviderName = 'anthropic';

export const defaultModelFor = (provider: AiProviderName): string =>
  AI_MODELS[provider][0]?.id ?? CUSTOM_MODEL;

/** The id sent to the provider. */
export const modelIdOf = (settings: Pick<AiSettings, 'model' | 'customModel'>): string =>
  settings.model === CUSTOM_MODEL ? settings.customModel.trim() : settings.model;

export const DEFAULT_SYSTEM_PROMPT_TEMPLATE = `You are the virtual assistant of {{project_name}}, answering visitors in the website chat while no team member is available.

It is now {{current_datetime}}.

What you do:
- Answer briefly and warmly, in the visitor's language, in plain text (no markdown), one to three short sentences.
- Find out what the visitor needs and collect what the team needs to follow up; the contact form data is in the first message.
- Never invent prices, availability or promises. If you do not know, say a team member will follow up.

About {{project_name}}:
{{project_instructions}}

When to hand over to a human:
{{escalation_policy}}
When you hand over, call the escalate_to_human tool instead of writing a reply.`;

export const DEFAULT_ESCALATION_POLICY =
  'The visitor asks for a person, is upset, wants to buy or book now, or asks something you cannot answer from the information above.';

const closedWeek: Record<Weekday, TimeWindow[]> = {
  mon: [],
  tue: [],
  wed: [],
  thu: [],
  fri: [],
  sat: [],
  sun: [],
};

export const defaultAiSettings: AiSettings = Object.freeze({
  enabled: false,
  provider: RECOMMENDED_PROVIDER,
  model: defaultModelFor(RECOMMENDED_PROVIDER),
  customModel: '',
  openaiApi: 'responses',
  maxTokens: 1024,
  systemPromptTemplate: DEFAULT_SYSTEM_PROMPT_TEMPLATE,
  availability: { mode: 'always', timeZone: 'UTC', weekly: closedWeek },
  onlyWhenNoHuman: true,
  escalationPolicy: DEFAULT_ESCALATION_POLICY,
  replyCapPerConversation: 25,
  visitorRateLimit: { limit: 40, windowMs: 60 * 60_000 },
  pacing: { readDelayMs: 1000, typingMsPerChar: 30, typingMinMs: 1500, typingMaxMs: 6000 },
  timeoutMs: 20_000,
  baseUrl: '',
}) as AiSettings;

/**
 * Why a provider call produced no usable answer. Every one of them sends the chat to the human
 * queue silently (AI-5); the reason is logged and listed on the settings page.
 * `rejected`: the provider refused our request as invalid (unknown model id, 400/404/413/422), a
 * configuration problem the admin must fix.
 */
export type AiFailureReason =
  | 'rate_limited'
  | 'auth'
  | 'network'
  | 'timeout'
  | 'server'
  | 'refusal'
  | 'empty'
  | 'malformed'
  | 'rejected'
  | 'aborted';

export const AI_FAILURE_REASONS: readonly AiFailureReason[] = [
  'rate_limited',
  'auth',
  'network',
  'timeout',
  'server',
  'refusal',
  'empty',
  'malformed',
  'rejected',
  'aborted',
];

/** What the settings page says for each reason (the detail string follows it). */
export const failureLabel: Readonly<Record<AiFailureReason, string>> = {
  rate_limited: 'Rate limited by the provider',
  auth: 'API key refused (or billing problem)',
  network: 'Could not reach the provider',
  timeout: 'No answer in time',
  server: 'Provider error',
  refusal: 'The model declined to answer',
  empty: 'Empty answer',
  malformed: 'Unusable answer',
  rejected: 'Request refused as invalid (check the model id)',
  aborted: 'Cancelled (the chat closed or a human took over)',
};

/** One side of the conversation as the providers see it. */
export interface AiTurn {
  role: 'user' | 'assistant';
  text: string;
}

export type ReplyRefusal = 'reply_cap' | 'visitor_rate_limit';

/** Cost controls: checked before every AI reply with counts the caller reads from the database. */
export function checkReplyAllowance(
  counts: { aiRepliesInConversation: number; aiRepliesToVisitorInWindow: number },
  settings: Pick<AiSettings, 'replyCapPerConversation' | 'visitorRateLimit'>,
): { ok: true } | { ok: false; reason: ReplyRefusal } {
  if (counts.aiRepliesInConversation >= settings.replyCapPerConversation)
    return { ok: false, reason: 'reply_cap' };
  if (counts.aiRepliesToVisitorInWindow >= settings.visitorRateLimit.limit) {
    return { ok: false, reason: 'visitor_rate_limit' };
  }
  return { ok: true };
}

/** How long the typing indicator shows in all, for a reply of this length. */
export function typingDurationMs(pacing: PacingSettings, replyLength: number): number {
  const wanted = Math.round(replyLength * pacing.typingMsPerChar);
  return Math.min(pacing.typingMaxMs, Math.max(pacing.typingMinMs, wanted));
}

/** Typing started when the model call started; this is what is left to wait once the reply is in. */
export const remainingTypingMs = (pacing: PacingSettings, replyLength: number, typedForMs: number): number =>
  Math.max(0, typingDurationMs(pacing, replyLength) - typedForMs);

/** The settings page shows a stored key only like this: enough to recognise it, useless to copy. */
export function maskApiKey(key: string): string {
  const trimmed = key.trim();
  if (trimmed.length === 0) return '';
  if (trimmed.length <= 12) return '••••';
  const prefix = /^[a-z]+-(?:[a-z]+-)?/i.exec(trimmed)?.[0] ?? '';
  return `${prefix.slice(0, 8)}••••${trimmed.slice(-4)}`;
}
