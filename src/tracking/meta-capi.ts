import { type DeliveryFailure, failureFromResponse, parseJson, postJson, redact } from './delivery.ts';
import type { MetaServerEvent } from './meta-event.ts';

/**
 * Meta Conversions API: POST {base}/{version}/{pixel id}/events. The token travels in the JSON
 * body, not the URL, so it never lands in a proxy's access log; test_event_code is a top-level
 * field beside `data`. One invalid event fails the whole request: build events with
 * buildMetaServerEvent, which refuses them one by one first.
 */
export const META_DEFAULT_BASE_URL = 'https://graph.facebook.com';
export const META_MAX_BATCH = 1000;

export interface MetaSendInput {
  baseUrl?: string;
  /** e.g. 'v24.0' */
  apiVersion: string;
  pixelId: string;
  accessToken: string;
  testEventCode?: string | null;
  events: readonly MetaServerEvent[];
  timeoutMs: number;
  signal?: AbortSignal;
}

export type MetaDeliveryOutcome = { ok: true; status: number; eventsReceived: number } | DeliveryFailure;

interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_msg?: string;
  is_transient?: boolean;
  fbtrace_id?: string;
}

/** Graph error codes that mean "try later" even on a 400: temporary faults and rate limits. */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);

function graphError(body: string): GraphError | undefined {
  const parsed = parseJson(body) as { error?: GraphError } | undefined;
  return parsed && typeof parsed.error === 'object' ? parsed.error : undefined;
}

function describe(error: GraphError | undefined, status: number, secrets: readonly string[]): string {
  if (!error) return `Meta answered HTTP ${status}.`;
  const detail = [
    error.code === undefined ? undefined : `code ${error.code}`,
    error.error_subcode === undefined ? undefined : `subcode ${error.error_subcode}`,
    error.fbtrace_id ? `fbtrace_id ${error.fbtrace_id}` : undefined,
  ].filter(Boolean);
  const text = [error.message, error.error_user_msg].filter(Boolean).join(' ') || `HTTP ${status}`;
  return redact(`Meta: ${text}${detail.length ? ` (${detail.join(', ')})` : ''}`, secrets);
}

function badInput(error: string): DeliveryFailure {
  return { ok: false, retryable: false, error };
}

export async function sendMetaEvents(input: MetaSendInput): Promise<MetaDeliveryOutcome> {
  if (input.events.length === 0) return badInput('No events to send.');
  if (input.events.length > META_MAX_BATCH)
    return badInput(`Meta takes at most ${META_MAX_BATCH} events a request.`);
  if (!/^\d{1,30}$/.test(input.pixelId)) return badInput('The pixel id must be digits only.');
  if (!/^v\d{1,3}\.\d{1,3}$/.test(input.apiVersion)) return badInput('The API version looks like v24.0.');
  const base = (input.baseUrl ?? META_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const secrets = [input.accessToken];
  const posted = await postJson({
    url: `${base}/${input.apiVersion}/${input.pixelId}/events`,
    payload: {
      data: input.events,
      access_token: input.accessToken,
      ...(input.testEventCode ? { test_event_code: input.testEventCode } : {}),
    },
    timeoutMs: input.timeoutMs,
    signal: input.signal,
    secrets,
  });
  if (!posted.ok) return posted.failure;
  const { response, body } = posted;
  if (response.ok) {
    const parsed = parseJson(body) as { events_received?: unknown } | undefined;
    const received = parsed?.events_received;
    if (typeof received === 'number') return { ok: true, status: response.status, eventsReceived: received };
    return { ...failureFromResponse(response, 'Meta answered without events_received.'), retryable: true };
  }
  const error = graphError(body);
  const failure = failureFromResponse(response, describe(error, response.status, secrets));
  const transient =
    error?.is_transient === true || (error?.code !== undefined && TRANSIENT_CODES.has(error.code));
  return transient ? { ...failure, retryable: true } : failure;
}
