import { behaviourQueue, type FakeBehaviour, type FakeRequest } from './fake-meta-graph.ts';

/**
 * A stand-in for GA4's Measurement Protocol on 127.0.0.1, written from Google's documentation
 * independently of src/tracking. /mp/collect answers 204 to everything, like production, and
 * records what the validation server would have said (`problems`) so tests can assert there is
 * none; /debug/mp/collect returns those messages as `{ validationMessages }`.
 */

export interface Ga4ValidationMessage {
  fieldPath: string;
  description: string;
  validationCode: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
// Google's reserved web event names and parameter prefixes.
const RESERVED_EVENTS = new Set([
  'ad_activeview',
  'ad_click',
  'ad_exposure',
  'ad_impression',
  'ad_query',
  'ad_reward',
  'adunit_exposure',
  'app_background',
  'app_clear_data',
  'app_exception',
  'app_remove',
  'app_store_refund',
  'app_store_subscription_cancel',
  'app_store_subscription_convert',
  'app_store_subscription_renew',
  'app_update',
  'app_upgrade',
  'click',
  'dynamic_link_app_open',
  'dynamic_link_app_update',
  'dynamic_link_first_open',
  'error',
  'file_download',
  'firebase_campaign',
  'firebase_in_app_message_action',
  'firebase_in_app_message_dismiss',
  'firebase_in_app_message_impression',
  'first_open',
  'first_visit',
  'form_start',
  'form_submit',
  'in_app_purchase',
  'notification_dismiss',
  'notification_foreground',
  'notification_open',
  'notification_receive',
  'os_update',
  'page_view',
  'screen_view',
  'scroll',
  'session_start',
  'session_start_with_rollout',
  'user_engagement',
  'video_complete',
  'video_progress',
  'video_start',
  'view_search_results',
]);
const RESERVED_PREFIXES = ['_', 'firebase_', 'ga_', 'google_', 'gtag.'];
const HOURS_72_US = 72 * 3600 * 1_000_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkEvent(event: unknown, index: number, out: Ga4ValidationMessage[]) {
  const add = (fieldPath: string, description: string, validationCode: string) =>
    out.push({ fieldPath, description, validationCode });
  if (!isObject(event) || typeof event.name !== 'string') {
    return add('events', `Event at index: [${index}] has no name.`, 'VALUE_REQUIRED');
  }
  const { name } = event;
  if (name.length > 40)
    add('events', `Event at index: [${index}] has a name longer than 40 characters.`, 'VALUE_OUT_OF_BOUNDS');
  if (!NAME.test(name)) {
    add(
      'events',
      `Event at index: [${index}] has invalid name [${name}]. Names must start with an alphabetic character and contain only alphanumerics and underscores.`,
      'NAME_INVALID',
    );
  }
  if (RESERVED_EVENTS.has(name))
    add('events', `Event at index: [${index}] has reserved name [${name}].`, 'NAME_RESERVED');
  const params = event.params === undefined ? {} : event.params;
  if (!isObject(params)) return add(`events[${index}].params`, 'params must be an object.', 'VALUE_INVALID');
  const entries = Object.entries(params);
  if (entries.length > 25)
    add(
      `events[${index}].params`,
      `Event at index: [${index}] has more than 25 params.`,
      'EXCEEDED_MAX_ENTITIES',
    );
  for (const [key, value] of entries) {
    const path = `events[${index}].params.${key}`;
    if (key.length > 40) add(path, `Param [${key}] is longer than 40 characters.`, 'VALUE_OUT_OF_BOUNDS');
    if (RESERVED_PREFIXES.some((prefix) => key.startsWith(prefix)))
      add(path, `Param [${key}] has a reserved prefix.`, 'NAME_RESERVED');
    else if (!NAME.test(key)) add(path, `Param [${key}] has an invalid name.`, 'NAME_INVALID');
    if (typeof value === 'string' && value.length > 100)
      add(path, `Param [${key}] has a value longer than 100 characters.`, 'VALUE_OUT_OF_BOUNDS');
    if (typeof value !== 'string' && typeof value !== 'number')
      add(path, `Param [${key}] must be a string or number.`, 'VALUE_INVALID');
  }
}

/** The validation server's rules, applied to one request. */
export function ga4ValidationMessages(url: URL, body: unknown, nowUs: number): Ga4ValidationMessage[] {
  const out: Ga4ValidationMessage[] = [];
  const add = (fieldPath: string, description: string, validationCode: string) =>
    out.push({ fieldPath, description, validationCode });
  if (!url.searchParams.get('measurement_id'))
    add('measurement_id', 'Measurement ID is required.', 'VALUE_REQUIRED');
  if (!url.searchParams.get('api_secret')) add('api_secret', 'API secret is required.', 'VALUE_REQUIRED');
  if (!isObject(body)) {
    add('', 'The body must be a JSON object.', 'VALUE_INVALID');
    return out;
  }
  if (typeof body.client_id !== 'string' || body.client_id === '')
    add('client_id', 'client_id is required.', 'VALUE_REQUIRED');
  const stamp = body.timestamp_micros;
  if (stamp !== undefined) {
    if (typeof stamp !== 'number' || !Number.isInteger(stamp))
      add('timestamp_micros', 'timestamp_micros must be an integer.', 'VALUE_INVALID');
    else if (stamp < nowUs - HOURS_72_US)
      add('timestamp_micros', 'timestamp_micros is more than 72 hours in the past.', 'VALUE_OUT_OF_BOUNDS');
    else if (stamp > nowUs)
      add('timestamp_micros', 'timestamp_micros is in the future.', 'VALUE_OUT_OF_BOUNDS');
  }
  const events = body.events;
  if (!Array.isArray(events) || events.length === 0) {
    add('events', 'At least one event is required.', 'VALUE_REQUIRED');
    return out;
  }
  if (events.length > 25) add('events', 'A request can carry at most 25 events.', 'EXCEEDED_MAX_ENTITIES');
  for (const [index, event] of events.entries()) checkEvent(event, index, out);
  return out;
}

export interface FakeGa4 {
  url: string;
  requests: FakeRequest[];
  /** /mp/collect requests per `event_id` event parameter. */
  requestsPerEventId: Map<string, number>;
  /** Validation problems found in /mp/collect requests (production would silently drop them). */
  problems: Ga4ValidationMessage[];
  script(...next: FakeBehaviour[]): void;
  stop(): void;
}

export function fakeGa4(options: { measurementId: string; apiSecret: string; now?: () => Date }): FakeGa4 {
  const requests: FakeRequest[] = [];
  const requestsPerEventId = new Map<string, number>();
  const problems: Ga4ValidationMessage[] = [];
  const behaviours = behaviourQueue();

  function handle(req: Request, url: URL, body: unknown): Response {
    const debug = url.pathname === '/debug/mp/collect';
    if (req.method !== 'POST' || (!debug && url.pathname !== '/mp/collect'))
      return new Response(null, { status: 404 });
    const messages = ga4ValidationMessages(url, body, (options.now?.() ?? new Date()).getTime() * 1000);
    if (debug) return Response.json({ validationMessages: messages });
    // Production also drops, silently, a hit with the wrong stream or secret.
    if (
      url.searchParams.get('measurement_id') !== options.measurementId ||
      url.searchParams.get('api_secret') !== options.apiSecret
    ) {
      messages.push({
        fieldPath: 'api_secret',
        description: 'Unknown measurement id or API secret.',
        validationCode: 'VALUE_INVALID',
      });
    }
    problems.push(...messages);
    return new Response(null, { status: 204 });
  }

  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const url = new URL(req.url);
      let body: unknown;
      try {
        body = JSON.parse(await req.text());
      } catch {
        body = undefined;
      }
      if (url.pathname === '/mp/collect' && isObject(body) && Array.isArray(body.events)) {
        for (const event of body.events) {
          const id = isObject(event) && isObject(event.params) ? event.params.event_id : undefined;
          if (typeof id === 'string') requestsPerEventId.set(id, (requestsPerEventId.get(id) ?? 0) + 1);
        }
      }
      const response = (await behaviours.apply(req)) ?? handle(req, url, body);
      requests.push({
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        status: response.status,
      });
      return response;
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    requestsPerEventId,
    problems,
    script: behaviours.script,
    stop: () => server.stop(true),
  };
}
