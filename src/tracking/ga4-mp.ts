import { type DeliveryFailure, failureFromResponse, parseJson, postJson } from './delivery.ts';
import { GA4_LIMITS, type Ga4Event } from './ga4-event.ts';

/**
 * GA4 Measurement Protocol. /mp/collect answers 2xx to anything it receives, valid or not, so a
 * success here means "received", and correctness comes from buildGa4Event and the settings
 * page's check against /debug/mp/collect (validateGa4Events), which lists what is wrong.
 */
export const GA4_DEFAULT_BASE_URL = 'https://www.google-analytics.com';

export interface Ga4SendInput {
  baseUrl?: string;
  /** G-XXXXXXX */
  measurementId: string;
  apiSecret: string;
  clientId: string;
  /** Request-level time (microseconds) for events that happened earlier; absent means now. */
  timestampMicros?: number;
  events: readonly Ga4Event[];
  timeoutMs: number;
  signal?: AbortSignal;
}

export type Ga4DeliveryOutcome = { ok: true; status: number } | DeliveryFailure;

export interface Ga4ValidationMessage {
  fieldPath: string;
  description: string;
  validationCode: string;
}

export type Ga4ValidationOutcome =
  | { ok: true; status: number; messages: Ga4ValidationMessage[] }
  | DeliveryFailure;

function checkInput(input: Ga4SendInput): DeliveryFailure | undefined {
  const bad = (error: string): DeliveryFailure => ({ ok: false, retryable: false, error });
  if (input.events.length === 0) return bad('No events to send.');
  if (input.events.length > GA4_LIMITS.events)
    return bad(`GA4 takes at most ${GA4_LIMITS.events} events a request.`);
  if (!input.measurementId.trim() || !input.apiSecret.trim())
    return bad('The measurement id and API secret are required.');
  if (!input.clientId.trim()) return bad('The client id is required.');
  return undefined;
}

function post(path: '/mp/collect' | '/debug/mp/collect', input: Ga4SendInput) {
  const base = (input.baseUrl ?? GA4_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const query = new URLSearchParams({ measurement_id: input.measurementId, api_secret: input.apiSecret });
  return postJson({
    url: `${base}${path}?${query}`,
    payload: {
      client_id: input.clientId,
      ...(input.timestampMicros === undefined ? {} : { timestamp_micros: input.timestampMicros }),
      events: input.events,
    },
    timeoutMs: input.timeoutMs,
    signal: input.signal,
    secrets: [input.apiSecret, encodeURIComponent(input.apiSecret)],
  });
}

export async function sendGa4Events(input: Ga4SendInput): Promise<Ga4DeliveryOutcome> {
  const invalid = checkInput(input);
  if (invalid) return invalid;
  const posted = await post('/mp/collect', input);
  if (!posted.ok) return posted.failure;
  if (posted.response.ok) return { ok: true, status: posted.response.status };
  return failureFromResponse(posted.response, `GA4 answered HTTP ${posted.response.status}.`);
}

const isMessage = (value: unknown): value is Ga4ValidationMessage =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Ga4ValidationMessage).fieldPath === 'string' &&
  typeof (value as Ga4ValidationMessage).description === 'string' &&
  typeof (value as Ga4ValidationMessage).validationCode === 'string';

/**
 * Sends to the validation server (nothing reaches reports) and returns its messages; none means
 * valid. The request goes as given, unchecked here, so the admin sees Google's own verdict.
 */
export async function validateGa4Events(input: Ga4SendInput): Promise<Ga4ValidationOutcome> {
  const posted = await post('/debug/mp/collect', input);
  if (!posted.ok) return posted.failure;
  if (!posted.response.ok) {
    return failureFromResponse(posted.response, `GA4 validation answered HTTP ${posted.response.status}.`);
  }
  const parsed = parseJson(posted.body) as { validationMessages?: unknown } | undefined;
  if (!Array.isArray(parsed?.validationMessages)) {
    return {
      ok: false,
      status: posted.response.status,
      retryable: true,
      error: 'GA4 validation gave no messages list.',
    };
  }
  return { ok: true, status: posted.response.status, messages: parsed.validationMessages.filter(isMessage) };
}
