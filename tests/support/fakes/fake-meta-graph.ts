/**
 * A stand-in for Meta's Graph API Conversions endpoint on 127.0.0.1, checking what Meta checks
 * (written from Meta's documentation, independently of src/tracking): the access token, the
 * batch size, and every event; ONE invalid event rejects the WHOLE request with a 400 in Meta's
 * error shape and nothing is received. Scripted behaviours (500, 429 + Retry-After, slow) are
 * consumed one per request, in order.
 */

export interface FakeBehaviour {
  /** Answer with this status (and `body`) instead of processing the request. */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Wait this long first (until the client gives up), then answer as scripted or normally. */
  delayMs?: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

/** The scripted-behaviour queue both fakes use. */
export function behaviourQueue() {
  const queue: FakeBehaviour[] = [];
  return {
    script: (...next: FakeBehaviour[]) => {
      queue.push(...next);
    },
    /** Applies the next behaviour; returns a Response when it replaces normal processing. */
    async apply(req: Request): Promise<Response | undefined> {
      const next = queue.shift();
      if (!next) return undefined;
      if (next.delayMs) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, next.delayMs);
          req.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      if (next.status === undefined) return undefined;
      return Response.json(next.body ?? {}, { status: next.status, headers: next.headers });
    },
  };
}

const ACTION_SOURCES = new Set([
  'website',
  'app',
  'email',
  'phone_call',
  'chat',
  'physical_store',
  'system_generated',
  'business_messaging',
  'other',
]);
const SHA256 = /^[0-9a-f]{64}$/;
const CLICK_ID = /^fb\.[0-2]\.\d+\..+$/;
const SEVEN_DAYS_S = 7 * 24 * 3600;

type Problem = { message: string; subcode: number; title: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkHashes(user: Record<string, unknown>, key: 'em' | 'ph'): Problem | undefined {
  const value = user[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((hash) => typeof hash !== 'string' || !SHA256.test(hash))) {
    return { message: `${key} must be an array of SHA-256 hashes`, subcode: 2804015, title: 'Invalid Hash' };
  }
  return undefined;
}

function checkUserData(user: unknown, website: boolean): Problem | undefined {
  if (!isObject(user))
    return { message: 'user_data is required', subcode: 2804016, title: 'Missing User Data' };
  const hashProblem = checkHashes(user, 'em') ?? checkHashes(user, 'ph');
  if (hashProblem) return hashProblem;
  for (const key of ['fbc', 'fbp'] as const) {
    const value = user[key];
    if (value !== undefined && (typeof value !== 'string' || !CLICK_ID.test(value))) {
      return { message: `${key} is malformed`, subcode: 2804019, title: `Invalid ${key}` };
    }
  }
  const identified =
    user.em ||
    user.ph ||
    user.external_id ||
    user.fbc ||
    user.fbp ||
    (user.client_ip_address && user.client_user_agent);
  if (!identified) {
    return { message: 'user_data has no customer information', subcode: 2804050, title: 'Missing User Data' };
  }
  if (website && typeof user.client_user_agent !== 'string') {
    return {
      message: 'client_user_agent is required for website events',
      subcode: 2804041,
      title: 'Missing UA',
    };
  }
  return undefined;
}

function checkEvent(event: unknown, nowS: number): Problem | undefined {
  if (!isObject(event))
    return { message: 'event must be an object', subcode: 2804001, title: 'Invalid Event' };
  if (typeof event.event_name !== 'string' || event.event_name === '') {
    return { message: 'event_name is required', subcode: 2804002, title: 'Missing Event Name' };
  }
  const time = event.event_time;
  if (typeof time !== 'number' || !Number.isInteger(time)) {
    return { message: 'event_time must be an integer', subcode: 2804003, title: 'Invalid Timestamp' };
  }
  if (time < nowS - SEVEN_DAYS_S) {
    return {
      message: 'event_time is more than 7 days old',
      subcode: 2804003,
      title: 'Event Timestamp Too Old',
    };
  }
  if (time > nowS)
    return { message: 'event_time is in the future', subcode: 2804004, title: 'Future Timestamp' };
  if (typeof event.action_source !== 'string' || !ACTION_SOURCES.has(event.action_source)) {
    return { message: 'action_source is invalid', subcode: 2804040, title: 'Invalid Action Source' };
  }
  const website = event.action_source === 'website';
  if (website && typeof event.event_source_url !== 'string') {
    return {
      message: 'event_source_url is required for website events',
      subcode: 2804042,
      title: 'Missing URL',
    };
  }
  const custom = isObject(event.custom_data) ? event.custom_data : {};
  if (
    event.event_name === 'Purchase' &&
    (typeof custom.value !== 'number' || typeof custom.currency !== 'string')
  ) {
    return { message: 'Purchase needs value and currency', subcode: 2804019, title: 'Missing Currency' };
  }
  return checkUserData(event.user_data, website);
}

export interface FakeMetaGraph {
  url: string;
  requests: FakeRequest[];
  /** Every request that carried an event id, whatever its outcome. */
  requestsPerEventId: Map<string, number>;
  /** Events Meta took in (a 200 with events_received). */
  received: Array<Record<string, unknown> & { test_event_code?: string }>;
  script(...next: FakeBehaviour[]): void;
  stop(): void;
}

export function fakeMetaGraph(options: {
  accessToken: string;
  pixelId?: string;
  now?: () => Date;
}): FakeMetaGraph {
  const requests: FakeRequest[] = [];
  const requestsPerEventId = new Map<string, number>();
  const received: FakeMetaGraph['received'] = [];
  const behaviours = behaviourQueue();
  let trace = 0;
  const error = (status: number, fields: Record<string, unknown>) =>
    Response.json({ error: { ...fields, fbtrace_id: `Afake${++trace}` } }, { status });

  async function handle(req: Request, url: URL, body: unknown): Promise<Response> {
    const match = /^\/v\d+\.\d+\/(\d+)\/events$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) {
      return error(400, { message: 'Unknown path components', type: 'OAuthException', code: 2500 });
    }
    const payload = isObject(body) ? body : {};
    const token = payload.access_token ?? url.searchParams.get('access_token');
    if (token !== options.accessToken) {
      const message = token
        ? 'Invalid OAuth access token - Cannot parse access token'
        : 'An access token is required';
      return error(400, { message, type: 'OAuthException', code: 190 });
    }
    if (options.pixelId && match[1] !== options.pixelId) {
      return error(400, {
        message: `Object with ID '${match[1]}' does not exist`,
        type: 'GraphMethodException',
        code: 100,
        error_subcode: 33,
      });
    }
    const data = payload.data;
    if (!Array.isArray(data) || data.length === 0 || data.length > 1000) {
      return error(400, {
        message: 'Invalid parameter',
        type: 'OAuthException',
        code: 100,
        error_subcode: 2804008,
        error_user_msg: 'data must be an array of 1 to 1000 events',
      });
    }
    const nowS = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
    for (const [index, event] of data.entries()) {
      const problem = checkEvent(event, nowS);
      if (problem) {
        return error(400, {
          message: 'Invalid parameter',
          type: 'OAuthException',
          code: 100,
          error_subcode: problem.subcode,
          is_transient: false,
          error_user_title: problem.title,
          error_user_msg: `Event ${index}: ${problem.message}`,
        });
      }
    }
    const testCode = typeof payload.test_event_code === 'string' ? payload.test_event_code : undefined;
    for (const event of data) received.push({ ...event, ...(testCode ? { test_event_code: testCode } : {}) });
    return Response.json({ events_received: data.length, messages: [], fbtrace_id: `Afake${++trace}` });
  }

  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const url = new URL(req.url);
      const text = await req.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const data = isObject(body) && Array.isArray(body.data) ? body.data : [];
      for (const event of data) {
        const id = isObject(event) && typeof event.event_id === 'string' ? event.event_id : undefined;
        if (id) requestsPerEventId.set(id, (requestsPerEventId.get(id) ?? 0) + 1);
      }
      const response = (await behaviours.apply(req)) ?? (await handle(req, url, body));
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
    received,
    script: behaviours.script,
    stop: () => server.stop(true),
  };
}
