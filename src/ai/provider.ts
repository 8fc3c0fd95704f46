import { z } from 'zod';
import type { Clock } from '../shared/clock.ts';
import type { AiFailureReason, AiProviderName, AiTurn } from './ai.ts';
import { checkTurns } from './transcript.ts';

/**
 * AI-1/AI-5: one small interface over the provider SDKs. `complete` never throws: every SDK
 * error, timeout, abort and unusable answer comes back as a failure, so the caller has exactly
 * three outcomes to route (reply, hand-off, silent failover to humans).
 */
export interface AiProvider {
  readonly name: AiProviderName;
  complete(request: AiRequest): Promise<AiOutcome>;
  /** The settings page's button: one tiny real request with the saved key, model and base URL. */
  testConnection(options: { model: string; signal?: AbortSignal }): Promise<ConnectionCheck>;
}

export interface AiRequest {
  system: string;
  /** From trimTranscript: user first, alternating, the visitor's turn last. */
  turns: readonly AiTurn[];
  model: string;
  maxTokens: number;
  /** Abort when the conversation closes or a human takes over; the outcome is then 'aborted'. */
  signal?: AbortSignal;
}

export interface AiUsage {
  inputTokens: number;
  outputTokens: number;
}

export type AiFailure = { kind: 'failure'; reason: AiFailureReason; detail: string; retryAfterMs?: number };

export type AiOutcome =
  | { kind: 'reply'; text: string; usage: AiUsage | null }
  /** handoverMessage is what the visitor reads; '' when the model gave none (send a default line). */
  | { kind: 'escalate'; handoverMessage: string; summary: string; usage: AiUsage | null }
  | AiFailure;

export type ConnectionCheck =
  | { ok: true; model: string; latencyMs: number }
  | { ok: false; reason: AiFailureReason; detail: string };

export interface ProviderOptions {
  apiKey: string;
  /** '' or undefined = the provider's own endpoint. */
  baseUrl?: string;
  /** One deadline for the whole call, the retry included. */
  timeoutMs: number;
  clock: Clock;
  /** Tests only: the SDKs' fetch. */
  fetch?: typeof fetch;
}

/**
 * Hand-off is a tool call, never a phrase found in the reply (Chatwoot PR #13178): a custom
 * prompt cannot break it, and the visitor line and staff summary arrive as separate fields.
 */
export const ESCALATE_TOOL = {
  name: 'escalate_to_human',
  description:
    'Hand this chat over to a human team member: when the escalation policy says so, or the visitor asks for a person. ' +
    'Call it instead of writing a reply; its handover_message is sent to the visitor.',
  parameters: {
    type: 'object',
    properties: {
      handover_message: {
        type: 'string',
        description:
          "Sent to the visitor now, in the visitor's language: one short, warm line saying a team member will take over. Promise no time.",
      },
      summary: {
        type: 'string',
        description:
          'For the team, 1-3 sentences: what the visitor wants, what was collected (contact details, needs, dates, budget), what is still open.',
      },
    },
    required: ['handover_message', 'summary'],
    additionalProperties: false,
  },
} as const;

const escalationInput = z.object({
  handover_message: z.string().catch(''),
  summary: z.string().catch(''),
});

/**
 * The model chose to hand over: honour that even when its arguments are incomplete or garbled
 * (the chat then goes to humans with a default line rather than failing over unflagged).
 */
export function escalationFrom(input: unknown, text: string, usage: AiUsage | null): AiOutcome {
  const parsed = escalationInput.safeParse(typeof input === 'string' ? parseJsonOrNull(input) : input);
  const fields = parsed.success ? parsed.data : { handover_message: '', summary: '' };
  return {
    kind: 'escalate',
    handoverMessage: fields.handover_message.trim() || text.trim(),
    summary: fields.summary.trim(),
    usage,
  };
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const failure = (reason: AiFailureReason, detail: string, retryAfterMs?: number): AiFailure => ({
  kind: 'failure',
  reason,
  detail: safeDetail(detail),
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

/** Details are logged and shown to admins: short, and never a key even if an error echoes one. */
function safeDetail(detail: string): string {
  return detail.replace(/\b(sk|key)-[A-Za-z0-9_-]{6,}/g, '$1-…').slice(0, 300);
}

/** HTTP status → reason, shared by both SDKs (which surface the same statuses). */
export function failureFromStatus(
  status: number,
  headers: Headers | undefined,
  detail: string,
  now: Date,
): AiFailure {
  if (status === 401 || status === 403) return failure('auth', detail);
  if (status === 402) return failure('auth', `billing: ${detail}`);
  if (status === 429) return failure('rate_limited', detail, retryAfterMs(headers, now));
  if (status === 408) return failure('timeout', detail);
  if (status >= 500) return failure('server', detail);
  return failure('rejected', detail);
}

/** `retry-after-ms` (ms), else `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now: Date): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number.parseFloat(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** The error classes both Stainless-generated SDKs export under the same names. */
export interface SdkErrors {
  APIError: abstract new (...args: never[]) => Error & { status?: number; headers?: Headers };
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
}

export function classifySdkError(error: unknown, sdk: SdkErrors, now: Date): AiFailure {
  if (error instanceof sdk.APIUserAbortError) return failure('aborted', 'request aborted');
  if (error instanceof sdk.APIConnectionTimeoutError)
    return failure('timeout', 'no response headers in time');
  if (error instanceof sdk.APIConnectionError) return failure('network', describe(error.cause ?? error));
  if (error instanceof sdk.APIError && typeof error.status === 'number') {
    return failureFromStatus(error.status, error.headers, apiErrorDetail(error, error.status), now);
  }
  // What the SDKs leave unwrapped happens while reading or parsing the body.
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return failure('network', describe(error));
  }
  return failure('malformed', `unreadable response: ${describe(error)}`);
}

/** '429 rate_limit_error: Number of requests…' rather than the SDK's message with the raw JSON body. */
function apiErrorDetail(error: Error, status: number): string {
  const { type, apiMessage } = error as { type?: unknown; apiMessage?: unknown };
  if (typeof apiMessage === 'string' && apiMessage)
    return `${status} ${typeof type === 'string' ? type : 'error'}: ${apiMessage}`;
  return error.message;
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Transient trouble worth one more try while the deadline allows; never a timeout or a 429. */
const RETRYABLE: ReadonlySet<AiFailureReason> = new Set(['network', 'server']);
const RETRY_DELAY_MS = 300;

/**
 * Runs one provider call under a single deadline (`timeoutMs` for everything, the SDKs' own
 * retries being off) with the caller's abort signal, and at most one retry for transient
 * failures. The SDK timeout covers only the wait for headers; this deadline also covers a body
 * that trickles in. `attempt` may throw anything: `classify` turns it into a failure.
 */
export async function runCall(
  request: Pick<AiRequest, 'signal'>,
  options: Pick<ProviderOptions, 'timeoutMs'>,
  attempt: (signal: AbortSignal) => Promise<AiOutcome>,
  classify: (error: unknown) => AiFailure,
): Promise<AiOutcome> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  let first: AiFailure | null = null;
  const stopped = (): AiFailure | null => {
    if (request.signal?.aborted) return failure('aborted', 'the conversation no longer needs this reply');
    if (!deadline.aborted) return null;
    const after = first ? ` (retrying after ${first.reason}: ${first.detail})` : '';
    return failure('timeout', `no complete answer within ${options.timeoutMs} ms${after}`);
  };
  for (;;) {
    let outcome: AiOutcome;
    try {
      outcome = await attempt(signal);
    } catch (error) {
      outcome = stopped() ?? classify(error);
    }
    if (outcome.kind !== 'failure' || first || !RETRYABLE.has(outcome.reason)) return outcome;
    first = outcome;
    await pause(RETRY_DELAY_MS, signal);
    // The deadline ran out before the retry could start: the cause is still the first failure.
    if (deadline.aborted && !request.signal?.aborted) return first;
    const interrupted = stopped();
    if (interrupted) return interrupted;
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** Refuses a request no provider would accept, without a network round trip. */
export function precheck(request: AiRequest, options: Pick<ProviderOptions, 'apiKey'>): AiFailure | null {
  if (options.apiKey.trim() === '') return failure('auth', 'no API key is saved');
  if (request.model.trim() === '') return failure('rejected', 'no model id');
  if (!Number.isInteger(request.maxTokens) || request.maxTokens < 1)
    return failure('rejected', 'maxTokens must be ≥ 1');
  const problem = checkTurns(request.turns);
  return problem ? failure('rejected', problem) : null;
}

/** The connection test's request: tiny, and any well-formed answer counts as success. */
export const CONNECTION_TEST = {
  system: 'This is a connection test. Reply with the single word OK.',
  turns: [{ role: 'user', text: 'ping' }] as AiTurn[],
  maxTokens: 32,
};

export function toConnectionCheck(outcome: AiOutcome, model: string, latencyMs: number): ConnectionCheck {
  if (outcome.kind === 'failure') return { ok: false, reason: outcome.reason, detail: outcome.detail };
  return { ok: true, model, latencyMs };
}
