import fc from 'fast-check';
import { bundles } from '../../../src/assets/bundles.ts';
import { ORIGIN } from '../../support/make-app.ts';
import { BROWSER_UA } from '../../support/peer.ts';

/**
 * Every public route (not a staff path) and how to fuzz it. tests/http/security/fuzz-public.test.ts
 * reads the app's routes and fails when a public route has no entry here: a new public endpoint
 * (chat start, message send, upload, web lead…) must add its bad-input generator.
 *
 * - `input`: bad requests for the route (invalid against its schema, malformed, oversized…).
 * - `ignoresInput`: the route takes no input, so a bad query or header is simply ignored and the
 *   usual answer (2xx/3xx) is right; otherwise every bad request must get a clear 4xx.
 */
export interface FuzzRequest {
  path: string;
  init: RequestInit;
}

export interface FuzzSpec {
  input: fc.Arbitrary<FuzzRequest>;
  ignoresInput?: boolean;
}

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '{{7*7}}', '\u202e'),
);

/** Hostile but syntactically sendable headers any request may carry. */
const noiseHeaders = fc.record(
  {
    Cookie: junk.map((v) => `sid=${encodeURIComponent(v)}`),
    'HX-Request': fc.constantFrom('true', 'false', 'yes'),
    'HX-Boosted': fc.constantFrom('true', 'x'),
    'X-Forwarded-For': junk.map((v) => encodeURIComponent(v)),
    'X-Request-Id': junk.map((v) => encodeURIComponent(v)),
    Accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'garbage/;;;'),
    'User-Agent': fc.constantFrom(BROWSER_UA, 'curl/8', ''),
  },
  { requiredKeys: [] },
);

const query = fc
  .array(fc.tuple(junk, junk), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ''));

/** A GET that takes no input: random query strings and headers. */
const getWithNoise = (path: fc.Arbitrary<string>) =>
  fc.record({ path, query, headers: noiseHeaders }).map(({ path: p, query: q, headers }) => ({
    path: `${p}${q}`,
    init: { headers },
  }));

const tooLong = (max: number) => fc.string({ minLength: max + 1, maxLength: max + 40 });

/** Login forms where at least one field breaks the schema (so no password check ever runs). */
const badLoginFields = fc.oneof(
  fc.record({ password: fc.string({ minLength: 1, maxLength: 20 }) }),
  fc.record({ email: fc.string({ minLength: 1, maxLength: 40 }) }),
  fc.record({ email: fc.constant(''), password: fc.string({ maxLength: 20 }) }),
  fc.record({ email: fc.string({ maxLength: 40 }), password: fc.constant('') }),
  fc.record({ email: tooLong(254), password: fc.string({ maxLength: 20 }) }),
  fc.record({ email: fc.string({ maxLength: 20 }), password: tooLong(200) }),
  fc.record({ email: fc.constant('   '), password: junk }),
);

const formBody = badLoginFields.chain((fields) =>
  fc.record({
    fields: fc.constant(fields as Record<string, string>),
    next: fc.option(junk, { nil: undefined }),
    duplicate: fc.boolean(),
  }),
);

const loginRequest: fc.Arbitrary<RequestInit> = fc.oneof(
  // Schema-invalid urlencoded forms (duplicated fields arrive as arrays: also invalid).
  formBody.map(({ fields, next, duplicate }) => {
    const params = new URLSearchParams(fields);
    if (next !== undefined) params.set('next', next);
    if (duplicate && 'email' in fields) params.append('email', 'again@example.com');
    return {
      method: 'POST',
      headers: {
        Origin: ORIGIN,
        'Content-Type': 'application/x-www-form-urlencoded',
        'User-Agent': BROWSER_UA,
      },
      body: params.toString(),
    };
  }),
  // Other encodings: JSON, text, broken multipart, random bytes.
  fc
    .record({
      contentType: fc.constantFrom(
        'application/json',
        'text/plain',
        'multipart/form-data; boundary=xyz',
        'multipart/form-data',
        'application/x-www-form-urlencoded; charset=utf-16',
        'application/xml',
      ),
      body: fc.oneof(
        junk,
        fc.json(),
        fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
      ),
    })
    .map(({ contentType, body }) => ({
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': contentType, 'User-Agent': BROWSER_UA },
      body,
    })),
  // Oversized bodies.
  fc.integer({ min: 64 * 1024 + 1, max: 80 * 1024 }).map((size) => ({
    method: 'POST',
    headers: {
      Origin: ORIGIN,
      'Content-Type': 'application/x-www-form-urlencoded',
      'User-Agent': BROWSER_UA,
    },
    body: `email=${'a'.repeat(size)}&password=x`,
  })),
  // Cross-site or origin-less posts.
  fc.constantFrom('https://evil.example', 'null', '').map((origin) => ({
    method: 'POST',
    headers: { ...(origin ? { Origin: origin } : {}), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'email=a%40b.c&password=x',
  })),
);

/** Visitor history reads: bad ids, cursors, sequence numbers, limits and tokens. */
const visitorHistoryRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    conversationId: fc.oneof(junk, fc.constant('01KMX0000000000000000000AA')),
    query: fc.oneof(
      junk.map((v) => `?before=${encodeURIComponent(v)}`),
      fc.oneof(junk, fc.integer({ max: -1 }).map(String)).map((v) => `?afterSeq=${encodeURIComponent(v)}`),
      fc.oneof(fc.integer({ min: 101 }), fc.integer({ max: 0 })).map((v) => `?limit=${v}`),
      query,
    ),
    token: junk,
  })
  .map(({ conversationId, query: q, token }) => ({
    path: `/api/visitor/conversations/${encodeURIComponent(conversationId) || 'x'}/messages${q}`,
    init: { headers: { 'X-Visitor-Token': encodeURIComponent(token), 'User-Agent': BROWSER_UA } },
  }));

export const publicEndpointFuzz: Record<string, FuzzSpec> = {
  'GET /api/visitor/conversations/:conversationId/messages': { input: visitorHistoryRequest },
  'GET /healthz': { input: getWithNoise(fc.constant('/healthz')), ignoresInput: true },
  'GET /readyz': { input: getWithNoise(fc.constant('/readyz')), ignoresInput: true },
  'GET /': { input: getWithNoise(fc.constant('/')), ignoresInput: true },
  'GET /login': { input: getWithNoise(fc.constant('/login')), ignoresInput: true },
  'GET /favicon.ico': { input: getWithNoise(fc.constant('/favicon.ico')), ignoresInput: true },
  'GET /api/session': { input: getWithNoise(fc.constant('/api/session')), ignoresInput: true },
  'GET /static/vendor/:file': {
    input: getWithNoise(
      junk
        .filter((name) => name !== 'htmx.js' && name !== 'alpine-csp.js')
        .map((name) => `/static/vendor/${encodeURIComponent(name) || 'x'}`),
    ),
  },
  // The browser bundles (src/assets/bundles.ts): junk names in their folders and elsewhere.
  'GET /static/:folder/:file': {
    input: getWithNoise(
      fc
        .record({ folder: fc.constantFrom('visitor', 'agent', 'js', 'x'), name: junk })
        .filter(({ folder, name }) => !bundles.some((bundle) => bundle.names.has(`${folder}/${name}`)))
        .map(({ folder, name }) => `/static/${folder}/${encodeURIComponent(name) || 'x'}`),
    ),
  },
  'ALL /static/*': {
    input: fc
      .record({ name: junk, method: fc.constantFrom('GET', 'HEAD', 'POST') })
      .map(({ name, method }) => ({
        path: `/static/${encodeURIComponent(name) || 'x'}${name.length % 2 ? '.css' : ''}`,
        init: { method, headers: { Origin: 'http://localhost' } },
      })),
  },
  'POST /login': { input: loginRequest.map((init) => ({ path: '/login', init })) },
  ...visitorEndpointFuzz(),
  ...widgetEndpointFuzz(),
};

/** The widget's entry scripts take nothing; its config and frame refuse unknown projects and hosts. */
function widgetEndpointFuzz(): Record<string, FuzzSpec> {
  const origin = fc.oneof(junk, fc.constantFrom('null', 'https://evil.example', 'http://localhost:1'));
  return {
    'GET /widget/widget.js': { input: getWithNoise(fc.constant('/widget/widget.js')), ignoresInput: true },
    'GET /widget/lead-form.js': {
      input: getWithNoise(fc.constant('/widget/lead-form.js')),
      ignoresInput: true,
    },
    'GET /widget/config': {
      input: fc.record({ project: junk, origin }).map(({ project, origin: o }) => ({
        path: `/widget/config?${new URLSearchParams({ project: project || 'x' })}`,
        init: { headers: { Origin: encodeURIComponent(o), 'User-Agent': BROWSER_UA } },
      })),
    },
    // The web-leads contract (CRM-1): junk fields, unknown projects, other sites → a 4xx that says why.
    'POST /api/web-leads': {
      input: fc
        .record({
          fields: fc.dictionary(
            fc.constantFrom(
              'client_id',
              'project',
              'name',
              'phone',
              'email',
              'page_url',
              'form',
              'landing_url',
              'utm_source',
            ),
            junk,
          ),
          contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
          origin,
        })
        .map(({ fields, contentType, origin: o }) => ({
          path: '/api/web-leads',
          init: {
            method: 'POST',
            headers: { 'Content-Type': contentType, Origin: encodeURIComponent(o), 'User-Agent': BROWSER_UA },
            body:
              contentType === 'application/json'
                ? JSON.stringify(fields)
                : new URLSearchParams(fields).toString(),
          },
        })),
    },
    'OPTIONS /api/web-leads': {
      input: fc.record({ origin }).map(({ origin: o }) => ({
        path: '/api/web-leads',
        init: { method: 'OPTIONS', headers: { Origin: encodeURIComponent(o), 'User-Agent': BROWSER_UA } },
      })),
      ignoresInput: true,
    },
    'GET /embed/:slug': {
      input: fc.record({ slug: junk, host: junk }).map(({ slug, host }) => ({
        path: `/embed/${encodeURIComponent(slug) || 'x'}?${new URLSearchParams({ host })}`,
        init: { headers: { 'User-Agent': BROWSER_UA } },
      })),
    },
  };
}

/** The visitor page's routes (issue 5): unknown projects, junk names and bodies → 4xx. */
function visitorEndpointFuzz(): Record<string, FuzzSpec> {
  const slug = junk.map((s) => encodeURIComponent(s) || 'x');
  const get = (make: (slug: string) => string): FuzzSpec => ({ input: getWithNoise(slug.map(make)) });
  const post = (make: (slug: string) => string): FuzzSpec => ({
    input: fc
      .record({
        slug,
        contentType: fc.constantFrom('application/json', 'multipart/form-data', 'text/plain'),
        body: junk,
      })
      .map(({ slug: s, contentType, body }) => ({
        path: make(s),
        init: {
          method: 'POST',
          headers: {
            Origin: ORIGIN,
            'Content-Type': contentType,
            Accept: 'application/json',
            'User-Agent': BROWSER_UA,
          },
          body,
        },
      })),
  });
  return {
    'GET /p/:slug': get((s) => `/p/${s}`),
    'GET /p/:slug/theme.css': get((s) => `/p/${s}/theme.css`),
    'GET /p/:slug/icon.svg': get((s) => `/p/${s}/icon.svg`),
    'GET /p/:slug/icon': get((s) => `/p/${s}/icon`),
    'GET /p/:slug/manifest.webmanifest': get((s) => `/p/${s}/manifest.webmanifest`),
    'GET /p/:slug/session': get((s) => `/p/${s}/session`),
    'GET /p/:slug/queue': get((s) => `/p/${s}/queue`),
    'GET /p/:slug/uploads/:attachmentId': get((s) => `/p/${s}/uploads/${s}`),
    'POST /p/:slug/chat': post((s) => `/p/${s}/chat`),
    'POST /p/:slug/chat/again': post((s) => `/p/${s}/chat/again`),
    'POST /p/:slug/uploads': post((s) => `/p/${s}/uploads`),
  };
}
