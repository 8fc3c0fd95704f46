/**
 * The HTTP part both senders share: one POST with a hard timeout, and a failure classified as
 * retryable (429, 5xx, network, timeout) or permanent (any other 4xx) for the outbox's back-off.
 */
export interface DeliveryFailure {
  ok: false;
  /** Absent when no response came back (network error, timeout). */
  status?: number;
  retryable: boolean;
  /** From a Retry-After header: the earliest a retry may come. */
  retryAfterMs?: number;
  /** Safe to log and show an admin: never contains a token or secret. */
  error: string;
}

export const isRetryableStatus = (status: number) => status === 429 || status >= 500;

/**
 * Retry-After is seconds or an HTTP date. A date is measured against the response's own Date
 * header, so the sender needs no clock of its own; an unreadable header gives undefined.
 */
export function parseRetryAfter(value: string | null, responseDate: string | null): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  const reference = responseDate ? Date.parse(responseDate) : Number.NaN;
  if (Number.isNaN(at) || Number.isNaN(reference)) return undefined;
  return Math.max(0, at - reference);
}

export type PostResult =
  | { ok: true; response: Response; body: string }
  | { ok: false; failure: DeliveryFailure };

export interface PostInput {
  url: string;
  payload: unknown;
  timeoutMs: number;
  /** Lets the caller abort too, e.g. at shutdown; such an abort counts as retryable. */
  signal?: AbortSignal;
  /** Values to blank out of error messages (a secret in the query string can surface in one). */
  secrets?: readonly string[];
}

/** POSTs JSON and reads the whole body, all within `timeoutMs` (the signal covers the body too). */
export async function postJson(input: PostInput): Promise<PostResult> {
  const timeout = AbortSignal.timeout(input.timeoutMs);
  try {
    const response = await fetch(input.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input.payload),
      signal: input.signal ? AbortSignal.any([timeout, input.signal]) : timeout,
    });
    return { ok: true, response, body: await response.text() };
  } catch (error) {
    const message = timeout.aborted
      ? `No answer within ${input.timeoutMs} ms.`
      : input.signal?.aborted
        ? 'The request was cancelled.'
        : `The request failed: ${redact(error instanceof Error ? error.message : String(error), input.secrets)}`;
    return { ok: false, failure: { ok: false, retryable: true, error: message } };
  }
}

export function redact(text: string, secrets: readonly string[] = []): string {
  return secrets.reduce((out, secret) => (secret ? out.split(secret).join('[redacted]') : out), text);
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** A failure for a response that came back, with its Retry-After read. */
export function failureFromResponse(response: Response, error: string): DeliveryFailure {
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), response.headers.get('Date'));
  return {
    ok: false,
    status: response.status,
    retryable: isRetryableStatus(response.status),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    error,
  };
}
