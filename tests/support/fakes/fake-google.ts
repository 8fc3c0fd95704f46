import { generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';

/**
 * Google's OAuth2 token endpoint and the Sheets v4 values.get, on 127.0.0.1, checking what Google
 * checks: the JWT assertion's RS256 signature against the service account's public key, its
 * iss/aud/scope/exp, the bearer token and its scope, and that the sheet is shared with the
 * account. Responses and errors have Google's shapes (values.get drops trailing empty cells and
 * rows; errors are `{ error: { code, message, status, details } }`).
 */
export const GOOGLE_TOKEN_AUD = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const READ_SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets.readonly',
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/drive.readonly',
  'https://www.googleapis.com/auth/drive',
];

export interface ScriptedFailure {
  status: 403 | 404 | 429 | 500 | 503;
  /** Sent as Retry-After (429). */
  retryAfter?: string;
  /** A 403 for "Google Sheets API has not been used in project … or it is disabled". */
  apiDisabled?: boolean;
}

interface Sheet {
  tabs: Map<string, string[][]>;
  sharedWith: Set<string>;
}

interface IssuedToken {
  email: string;
  scopes: string[];
  expiresAt: number;
}

export interface FakeGoogle {
  url: string;
  /** googleapis `rootUrl` */
  rootUrl: string;
  tokenUrl: string;
  clientEmail: string;
  /** A service-account key file for `clientEmail`, its private key and token_uri pointing here. */
  serviceAccountJson(overrides?: { privateKey?: string; clientEmail?: string; tokenUri?: string }): string;
  putSheet(id: string, tabs: Record<string, string[][]>, options?: { sharedWith?: string[] }): void;
  setTab(id: string, tab: string, rows: string[][]): void;
  /** The next `times` values.get calls fail like this. */
  failValues(failure: ScriptedFailure, times?: number): void;
  /** The next token request fails with this status (Google's 5xx / 429 JSON). */
  failToken(status: 429 | 500 | 503): void;
  /** The next values.get answers only after this many ms. */
  delayValues(ms: number): void;
  /** Forget scripted failures and delays not used up. */
  clearScripts(): void;
  readonly requests: {
    token: number;
    values: number;
    log: { path: string; status: number }[];
    /** The claims of every assertion the token endpoint accepted. */
    tokenClaims: Record<string, unknown>[];
  };
  stop(): Promise<void>;
}

export function generatePrivateKeyPem(): { privateKey: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const googleError = (
  code: number,
  message: string,
  extra: { details?: unknown[]; headers?: HeadersInit } = {},
) =>
  Response.json(
    {
      error: {
        code,
        message,
        status: STATUS_NAMES[code],
        ...(extra.details ? { details: extra.details } : {}),
      },
    },
    { status: code, headers: extra.headers },
  );

const oauthError = (error: string, description: string) =>
  Response.json({ error, error_description: description }, { status: 400 });

const scriptedMessages: Record<number, string> = {
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:1234567890'.",
  500: 'Internal error encountered.',
  503: 'The service is currently unavailable.',
};

function scriptedResponse(failure: ScriptedFailure): Response {
  if (failure.apiDisabled) {
    const message =
      'Google Sheets API has not been used in project 1234567890 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=1234567890 then retry.';
    const details = [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'SERVICE_DISABLED',
        domain: 'googleapis.com',
      },
    ];
    return googleError(403, message, { details });
  }
  const headers = failure.retryAfter ? { 'retry-after': failure.retryAfter } : undefined;
  const details =
    failure.status === 429
      ? [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'RATE_LIMIT_EXCEEDED',
            domain: 'googleapis.com',
          },
        ]
      : undefined;
  return googleError(failure.status, scriptedMessages[failure.status] ?? 'Error', { details, headers });
}

const decodeSegment = (segment: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};

/** The OAuth2 checks Google makes on a service-account assertion; a token or a refusal. */
function checkAssertion(assertion: string, accounts: Map<string, KeyObject>, nowS: number) {
  const [headerPart = '', payloadPart = '', signaturePart = ''] = assertion.split('.');
  const header = decodeSegment(headerPart);
  const claims = decodeSegment(payloadPart);
  if (!header || !claims || header.alg !== 'RS256')
    return oauthError('invalid_grant', 'Invalid JWT: malformed.');
  const publicKey = accounts.get(String(claims.iss));
  if (!publicKey) return oauthError('invalid_grant', 'Invalid grant: account not found');
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  if (!verify('RSA-SHA256', signed, publicKey, Buffer.from(signaturePart, 'base64url'))) {
    return oauthError('invalid_grant', 'Invalid JWT Signature.');
  }
  if (claims.aud !== GOOGLE_TOKEN_AUD)
    return oauthError('invalid_grant', 'Invalid JWT: Failed audience check.');
  const [iat, exp] = [Number(claims.iat), Number(claims.exp)];
  if (!(exp > nowS && iat <= nowS + 300 && exp - iat <= 3600)) {
    return oauthError(
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  const scopes = String(claims.scope ?? '')
    .split(' ')
    .filter(Boolean);
  if (scopes.length === 0) return oauthError('invalid_scope', 'Empty or missing scope not allowed.');
  return { email: String(claims.iss), scopes, claims };
}

const columnIndex = (letters: string) =>
  [...letters.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
const columnLetters = (index: number): string =>
  index < 0 ? '' : columnLetters(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26));
const CELLS = /^([A-Z]+)?(\d+)?(?::([A-Z]+)?(\d+)?)?$/i;

/** A1 notation: "Tab", "Tab!A1:E", "'Form Responses 1'!A:Z", "A2:E10" (first tab). */
function resolveRange(range: string, sheet: Sheet) {
  const bang = range.lastIndexOf('!');
  const looksLikeCells = bang === -1 && /^[A-Z]+\d*(:[A-Z]+\d*)?$/i.test(range);
  const rawTab = bang === -1 ? (looksLikeCells ? undefined : range) : range.slice(0, bang);
  const tab = rawTab?.replace(/^'(.*)'$/, '$1').replaceAll("''", "'") ?? [...sheet.tabs.keys()][0] ?? '';
  const cells = CELLS.exec(bang === -1 ? (looksLikeCells ? range : '') : range.slice(bang + 1));
  const grid = sheet.tabs.get(tab);
  if (!grid || !cells) return undefined;
  const width = Math.max(26, ...grid.map((row) => row.length));
  const height = Math.max(1000, grid.length);
  const startCol = cells[1] ? columnIndex(cells[1]) : 0;
  const startRow = cells[2] ? Number(cells[2]) - 1 : 0;
  const endCol = cells[3] ? columnIndex(cells[3]) : cells[1] && !range.includes(':') ? startCol : width - 1;
  const endRow = cells[4] ? Number(cells[4]) - 1 : cells[2] && !range.includes(':') ? startRow : height - 1;
  const quoted = /^[A-Za-z0-9_]+$/.test(tab) ? tab : `'${tab.replaceAll("'", "''")}'`;
  const a1 = `${quoted}!${columnLetters(startCol)}${startRow + 1}:${columnLetters(endCol)}${endRow + 1}`;
  return { grid, startCol, startRow, endCol, endRow, a1 };
}

/** What values.get returns: the range's cells, without trailing empty cells or rows. */
function valuesOf(target: NonNullable<ReturnType<typeof resolveRange>>): string[][] {
  const rows = target.grid.slice(target.startRow, target.endRow + 1).map((row) => {
    const cells = row.slice(target.startCol, target.endCol + 1);
    while (cells.length > 0 && (cells.at(-1) ?? '') === '') cells.pop();
    return cells;
  });
  while (rows.length > 0 && rows.at(-1)?.length === 0) rows.pop();
  return rows;
}

export function startFakeGoogle(): FakeGoogle {
  const clientEmail = 'lead-importer@crm-tests.iam.gserviceaccount.com';
  const { privateKey, publicKey } = generatePrivateKeyPem();
  const accounts = new Map<string, KeyObject>([[clientEmail, publicKey]]);
  const sheets = new Map<string, Sheet>();
  const tokens = new Map<string, IssuedToken>();
  const valueFailures: ScriptedFailure[] = [];
  const tokenFailures: number[] = [];
  let valuesDelayMs = 0;
  const requests: FakeGoogle['requests'] = { token: 0, values: 0, log: [], tokenClaims: [] };

  const handleToken = async (request: Request): Promise<Response> => {
    requests.token++;
    const failure = tokenFailures.shift();
    if (failure) return googleError(failure, scriptedMessages[failure] ?? 'Error');
    if (!request.headers.get('content-type')?.includes('application/x-www-form-urlencoded')) {
      return oauthError('invalid_request', 'Expected application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') !== JWT_BEARER) {
      return oauthError('unsupported_grant_type', `Invalid grant_type: ${form.get('grant_type') ?? ''}`);
    }
    const checked = checkAssertion(form.get('assertion') ?? '', accounts, Math.floor(Date.now() / 1000));
    if (checked instanceof Response) return checked;
    requests.tokenClaims.push(checked.claims);
    const accessToken = `ya29.fake-${randomBytes(12).toString('hex')}`;
    tokens.set(accessToken, {
      email: checked.email,
      scopes: checked.scopes,
      expiresAt: Date.now() + 3600_000,
    });
    return Response.json({ access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  };

  const handleValues = async (request: Request, id: string, range: string): Promise<Response> => {
    requests.values++;
    if (valuesDelayMs > 0) {
      const delay = valuesDelayMs;
      valuesDelayMs = 0;
      await Bun.sleep(delay);
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    const token = bearer ? tokens.get(bearer) : undefined;
    if (!token || token.expiresAt < Date.now()) {
      return googleError(
        401,
        'Request had invalid authentication credentials. Expected OAuth 2 access token.',
      );
    }
    if (!token.scopes.some((scope) => READ_SCOPES.includes(scope))) {
      const details = [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' },
      ];
      return googleError(403, 'Request had insufficient authentication scopes.', { details });
    }
    const failure = valueFailures.shift();
    if (failure) return scriptedResponse(failure);
    const sheet = sheets.get(id);
    if (!sheet) return googleError(404, 'Requested entity was not found.');
    if (!sheet.sharedWith.has(token.email)) return googleError(403, 'The caller does not have permission');
    const major = new URL(request.url).searchParams.get('majorDimension');
    if (major && major !== 'ROWS') return googleError(400, 'Only ROWS is faked.');
    const target = resolveRange(range, sheet);
    if (!target) return googleError(400, `Unable to parse range: ${range}`);
    const values = valuesOf(target);
    return Response.json({ range: target.a1, majorDimension: 'ROWS', ...(values.length ? { values } : {}) });
  };

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const values = /^\/v4\/spreadsheets\/([^/]+)\/values\/([^/]+)$/.exec(url.pathname);
      let response: Response;
      if (request.method === 'POST' && url.pathname === '/token') response = await handleToken(request);
      else if (request.method === 'GET' && values) {
        response = await handleValues(
          request,
          decodeURIComponent(values[1] ?? ''),
          decodeURIComponent(values[2] ?? ''),
        );
      } else response = googleError(404, 'Not found.');
      requests.log.push({ path: url.pathname, status: response.status });
      return response;
    },
  });
  const url = `http://127.0.0.1:${server.port}`;

  return {
    url,
    rootUrl: `${url}/`,
    tokenUrl: `${url}/token`,
    clientEmail,
    serviceAccountJson: (overrides = {}) =>
      JSON.stringify({
        type: 'service_account',
        project_id: 'crm-tests',
        private_key_id: randomBytes(20).toString('hex'),
        private_key: overrides.privateKey ?? privateKey,
        client_email: overrides.clientEmail ?? clientEmail,
        client_id: '104857600000000000000',
        auth_uri: 'https://accounts.google.com/o/oauth2/auth',
        token_uri: overrides.tokenUri ?? `${url}/token`,
        auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
        client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
        universe_domain: 'googleapis.com',
      }),
    putSheet(id, tabs, options = {}) {
      sheets.set(id, {
        tabs: new Map(Object.entries(tabs)),
        sharedWith: new Set(options.sharedWith ?? [clientEmail]),
      });
    },
    setTab(id, tab, rows) {
      const sheet = sheets.get(id);
      if (!sheet) throw new Error(`no sheet ${id}`);
      sheet.tabs.set(tab, rows);
    },
    failValues(failure, times = 1) {
      for (let i = 0; i < times; i++) valueFailures.push(failure);
    },
    failToken(status) {
      tokenFailures.push(status);
    },
    delayValues(ms) {
      valuesDelayMs = ms;
    },
    clearScripts() {
      valueFailures.length = 0;
      tokenFailures.length = 0;
      valuesDelayMs = 0;
    },
    requests,
    stop: () => server.stop(true),
  };
}
