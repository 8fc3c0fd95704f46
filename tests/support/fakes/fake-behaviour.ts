/**
 * What a fake AI provider does with the next request, scripted by a test. Both fakes render each
 * behaviour in their provider's own wire format; an unscripted request gets a normal reply.
 */
export type FakeBehaviour =
  | { kind: 'reply'; text: string }
  | { kind: 'escalate'; handoverMessage: string; summary: string; text?: string }
  /** A tool call whose arguments are not valid JSON (OpenAI sends arguments as a string). */
  | { kind: 'escalate_garbled' }
  | { kind: 'unknown_tool' }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'unauthorized' }
  | { kind: 'server_error' }
  | { kind: 'overloaded' }
  /** Nothing at all until delayMs, then `followedBy` (a reply by default). */
  | { kind: 'slow'; delayMs: number; followedBy?: FakeBehaviour }
  /** Status and headers at once, the body only after delayMs. */
  | { kind: 'slow_body'; delayMs: number }
  | { kind: 'truncated' }
  | { kind: 'garbage' }
  /** Valid JSON that is not the provider's answer shape. */
  | { kind: 'wrong_shape' }
  | { kind: 'empty' }
  | { kind: 'refusal' }
  | { kind: 'max_tokens'; text: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
}

export interface FakeServer {
  /** The base URL to give the SDK. */
  url: string;
  requests: RecordedRequest[];
  /** Queue behaviours for the next requests, in order. */
  script(...next: FakeBehaviour[]): void;
  stop(): Promise<void>;
}

export const DEFAULT_REPLY: FakeBehaviour = { kind: 'reply', text: 'Hello from the fake.' };

/** Waits, but gives up as soon as the client goes away (so stop() never hangs on a slow answer). */
export function waitOrAbort(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
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

/** A body whose bytes arrive only after delayMs: the headers are already out. */
export function delayedBody(text: string, delayMs: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async start(controller) {
      await waitOrAbort(delayMs, signal);
      if (signal.aborted) return controller.close();
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A valid JSON document cut in the middle, sent as JSON. */
export const truncatedJson = (body: unknown) => {
  const text = JSON.stringify(body);
  return new Response(text.slice(0, Math.floor(text.length / 2)), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
};

export const garbage = () =>
  new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

export async function record(request: Request, requests: RecordedRequest[]): Promise<RecordedRequest> {
  const text = await request.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const recorded: RecordedRequest = {
    method: request.method,
    path: new URL(request.url).pathname,
    headers: Object.fromEntries(request.headers.entries()),
    body,
  };
  requests.push(recorded);
  return recorded;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Top-level fields the API does not know: the real APIs refuse them ("extra inputs are not permitted"). */
export const unknownFields = (body: Record<string, unknown>, allowed: readonly string[]) =>
  Object.keys(body).filter((key) => !allowed.includes(key));
