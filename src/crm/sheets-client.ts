// The Sheets API alone: the googleapis root module loads every Google API (~1 s at start-up).
import { auth as googleAuth, sheets_v4 } from 'googleapis/build/src/apis/sheets';
import { GOOGLE_TOKEN_URI, parseServiceAccountKey, type ServiceAccountKey } from './service-account-key.ts';

/**
 * Reads a Google Sheet range with a service-account key (CRM-6). One call = one token request
 * + one values.get, each bounded by `timeoutMs` and never retried here: the poller retries on
 * its next interval, with back-off (docs/decisions/0019-lead-imports.md). Every failure comes
 * back typed with a message an admin can act on; nothing throws for Google's answers.
 */
export const SHEETS_READONLY_SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';
const DEFAULT_TIMEOUT_MS = 15_000;

export type SheetsFailureCode =
  | 'bad_key'
  | 'forbidden'
  | 'api_disabled'
  | 'not_found'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout';

export interface SheetsFailure {
  code: SheetsFailureCode;
  message: string;
  /** Google's HTTP status when there was an answer. */
  status?: number;
  /** From Retry-After on a 429, when Google sends one. */
  retryAfterSeconds?: number;
}

export interface SheetRows {
  /** The range Google answered for, e.g. 'Form Responses 1'!A1:Z1000. */
  range: string;
  /** Sheet row number of rows[0] (the header when the range starts at row 1). */
  firstRowNumber: number;
  /** Every row the same width: trailing empty cells, which Google omits, are '' again. */
  rows: string[][];
}

export type SheetsResult = { ok: true; value: SheetRows } | ({ ok: false } & SheetsFailure);

export interface ReadSheetRowsInput {
  serviceAccountJson: string;
  spreadsheetId: string;
  /** A1 notation, e.g. "Sheet1" or "'Form Responses 1'!A:Z"; its first row is the header. */
  range: string;
  /** The Sheets API root (googleapis `rootUrl`); Google's by default. */
  rootUrl?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface HttpError {
  code?: string | number;
  response?: { status: number; headers: Headers; data: unknown };
}

const asHttpError = (error: unknown): HttpError => (typeof error === 'object' && error !== null ? error : {});

function googleMessage(data: unknown): string {
  const body = data as { error?: { message?: unknown } | string; error_description?: unknown } | undefined;
  if (typeof body?.error === 'string') return `${body.error}: ${String(body.error_description ?? '')}`;
  return typeof body?.error?.message === 'string' ? body.error.message : '';
}

function withoutAnswer(error: HttpError, signal: AbortSignal | undefined): SheetsFailure {
  if (error.code === 'TimeoutError') return { code: 'timeout', message: 'Google did not answer in time.' };
  if (signal?.aborted) return { code: 'network', message: 'The request was cancelled.' };
  return {
    code: 'network',
    message: `Could not reach Google (${String(error.code ?? 'connection failed')}).`,
  };
}

function answered(status: number, headers: Headers, detail: string): SheetsFailure | undefined {
  if (status === 429) {
    const after = headers.get('retry-after')?.trim() ?? '';
    const failure: SheetsFailure = {
      code: 'rate_limited',
      status,
      message: `Google's read quota was exceeded. ${detail}`,
    };
    return /^\d+$/.test(after) ? { ...failure, retryAfterSeconds: Number(after) } : failure;
  }
  if (status >= 500) return { code: 'server', status, message: `Google had an error (${status}): ${detail}` };
  return undefined;
}

/** A refusal from the token endpoint: the key itself is at fault unless Google is down or busy. */
function tokenFailure(error: unknown, key: ServiceAccountKey, signal?: AbortSignal): SheetsFailure {
  const http = asHttpError(error);
  if (!http.response) {
    if (http.code === undefined)
      return { code: 'bad_key', message: `The key could not sign in: ${String(error)}` };
    return withoutAnswer(http, signal);
  }
  const { status, headers, data } = http.response;
  const detail = googleMessage(data);
  return (
    answered(status, headers, detail) ?? {
      code: 'bad_key',
      status,
      message: `Google refused the key for ${key.clientEmail} (${detail}). The key may have been deleted or disabled: create a new JSON key and save it again.`,
    }
  );
}

function sheetsFailure(error: unknown, key: ServiceAccountKey, input: ReadSheetRowsInput): SheetsFailure {
  const http = asHttpError(error);
  if (!http.response) return withoutAnswer(http, input.signal);
  const { status, headers, data } = http.response;
  const detail = googleMessage(data);
  if (
    status === 403 &&
    /has not been used|is disabled|SERVICE_DISABLED/.test(`${detail} ${JSON.stringify(data)}`)
  ) {
    const project = key.projectId ? ` in project ${key.projectId}` : '';
    return {
      code: 'api_disabled',
      status,
      message: `The Google Sheets API is not enabled${project}: enable it in Google Cloud › APIs & Services.`,
    };
  }
  if (status === 403) {
    const message = `The sheet is not shared with ${key.clientEmail}: share it with that address as a Viewer`;
    return { code: 'forbidden', status, message };
  }
  if (status === 404) {
    return {
      code: 'not_found',
      status,
      message: `No spreadsheet with id ${input.spreadsheetId}: copy the id from the sheet's address (…/spreadsheets/d/<id>/edit).`,
    };
  }
  if (status === 400) {
    return {
      code: 'not_found',
      status,
      message: `The range ${input.range} does not exist in this spreadsheet: check the tab name. (${detail})`,
    };
  }
  if (status === 401)
    return { code: 'bad_key', status, message: `Google did not accept the key's access token (${detail}).` };
  return (
    answered(status, headers, detail) ?? {
      code: 'server',
      status,
      message: `Google answered ${status}: ${detail}`,
    }
  );
}

function rectangular(values: unknown[][] | null | undefined): string[][] {
  const rows = (values ?? []).map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))),
  );
  const width = Math.max(0, ...rows.map((row) => row.length));
  return rows.map((row) =>
    row.length === width ? row : [...row, ...Array<string>(width - row.length).fill('')],
  );
}

const firstRowOf = (range: string): number => Number(/!\$?[A-Z]*\$?(\d+)/i.exec(range)?.[1] ?? 1);

function clientFor(key: ServiceAccountKey, input: ReadSheetRowsInput) {
  const jwt = new googleAuth.JWT({
    email: key.clientEmail,
    key: key.privateKey,
    keyId: key.privateKeyId,
    scopes: [SHEETS_READONLY_SCOPE],
    transporterOptions: {
      timeout: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retryConfig: { retry: 0, noResponseRetries: 0 },
    },
  });
  jwt.transporter.interceptors.request.add({
    resolved: async (config) => {
      // google-auth-library always posts to Google's token URL; a key names its own.
      if (String(config.url) === GOOGLE_TOKEN_URI && key.tokenUri !== GOOGLE_TOKEN_URI)
        config.url = new URL(key.tokenUri);
      if (input.signal)
        config.signal = config.signal ? AbortSignal.any([config.signal, input.signal]) : input.signal;
      return config;
    },
  });
  return { jwt, sheets: new sheets_v4.Sheets({ auth: jwt, rootUrl: input.rootUrl, retry: false }) };
}

export async function readSheetRows(input: ReadSheetRowsInput): Promise<SheetsResult> {
  const key = parseServiceAccountKey(input.serviceAccountJson);
  if (!key.ok) return key;
  const { jwt, sheets } = clientFor(key.value, input);
  try {
    await jwt.authorize();
  } catch (error) {
    return { ok: false, ...tokenFailure(error, key.value, input.signal) };
  }
  try {
    const response = await sheets.spreadsheets.values.get({
      spreadsheetId: input.spreadsheetId,
      range: input.range,
      majorDimension: 'ROWS',
      valueRenderOption: 'FORMATTED_VALUE',
    });
    const range = response.data.range ?? input.range;
    return {
      ok: true,
      value: { range, firstRowNumber: firstRowOf(range), rows: rectangular(response.data.values) },
    };
  } catch (error) {
    return { ok: false, ...sheetsFailure(error, key.value, input) };
  }
}
