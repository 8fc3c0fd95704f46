import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { newSheetRows } from '../../../src/crm/sheet-rows.ts';
import { readSheetRows, SHEETS_READONLY_SCOPE } from '../../../src/crm/sheets-client.ts';
import {
  type FakeGoogle,
  GOOGLE_TOKEN_AUD,
  generatePrivateKeyPem,
  startFakeGoogle,
} from '../../support/fakes/fake-google.ts';

/**
 * The real googleapis client (JWT service-account auth + Sheets v4 values.get) against a fake
 * token endpoint and Sheets API on 127.0.0.1 that check signatures, claims, tokens and sharing.
 */
const SHEET_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const TAB = 'Form Responses 1';
const RANGE = `'${TAB}'!A:E`;
const header = ['Timestamp', 'Name', 'Phone', 'Email', 'Notes'];
const ann = ['2026-11-20 10:15:03', 'Ann', '07400 123456', 'ann@example.com', ''];
const ben = ['2026-11-20 10:16:40', 'Ben', '+447400123457', '', 'call after 5'];
const cat = ['2026-11-20 10:20:00', 'Cat', '', 'cat@example.com', ''];

let google: FakeGoogle;
let serviceAccountJson: string;
const read = (overrides: Partial<Parameters<typeof readSheetRows>[0]> = {}) =>
  readSheetRows({
    serviceAccountJson,
    spreadsheetId: SHEET_ID,
    range: RANGE,
    rootUrl: google.rootUrl,
    ...overrides,
  });

beforeAll(() => {
  google = startFakeGoogle();
  serviceAccountJson = google.serviceAccountJson();
});
afterAll(() => google.stop());
beforeEach(() => {
  google.clearScripts();
  google.putSheet(SHEET_ID, { [TAB]: [header, ann, ben] });
});

const counting = async <T>(run: () => Promise<T>) => {
  const before = { token: google.requests.token, values: google.requests.values };
  const result = await run();
  return {
    result,
    token: google.requests.token - before.token,
    values: google.requests.values - before.values,
  };
};

describe('readSheetRows', () => {
  test('signs in with the key (RS256 assertion, read-only scope) and reads the rows', async () => {
    google.setTab(SHEET_ID, TAB, [header, ['2026-11-20 10:15:03', 'Ann', '07400 123456'], ben, [], cat]);
    const { result, token, values } = await counting(() => read());
    expect([token, values]).toEqual([1, 1]);
    const claims = google.requests.tokenClaims.at(-1);
    expect(claims).toMatchObject({
      iss: google.clientEmail,
      aud: GOOGLE_TOKEN_AUD,
      scope: SHEETS_READONLY_SCOPE,
    });
    expect(result).toEqual({
      ok: true,
      value: {
        range: `'${TAB}'!A1:E1000`,
        firstRowNumber: 1,
        // Google left out Ann's empty email and notes, and all of the empty row: padded back.
        rows: [
          header,
          ['2026-11-20 10:15:03', 'Ann', '07400 123456', '', ''],
          ben,
          ['', '', '', '', ''],
          cat,
        ],
      },
    });
  });

  test('a sheet not shared with the service account: forbidden, naming the address to share with', async () => {
    google.putSheet(SHEET_ID, { [TAB]: [header, ann] }, { sharedWith: ['someone-else@example.com'] });
    const result = await read();
    expect(result).toEqual({
      ok: false,
      code: 'forbidden',
      status: 403,
      message: `The sheet is not shared with ${google.clientEmail}: share it with that address as a Viewer`,
    });
  });

  test('a wrong spreadsheet id or tab name: not_found', async () => {
    expect(await read({ spreadsheetId: 'no-such-sheet' })).toMatchObject({
      ok: false,
      code: 'not_found',
      status: 404,
    });
    const tab = await read({ range: 'Sheet9!A:E' });
    expect(tab).toMatchObject({ ok: false, code: 'not_found', status: 400 });
    expect(!tab.ok && tab.message).toMatch(/range Sheet9!A:E does not exist/);
  });

  test("429 is rate_limited with Google's Retry-After, and is not retried", async () => {
    google.failValues({ status: 429, retryAfter: '37' }, 3);
    const { result, values } = await counting(() => read());
    expect(result).toMatchObject({ ok: false, code: 'rate_limited', status: 429, retryAfterSeconds: 37 });
    expect(values).toBe(1);
    google.clearScripts();
    google.failValues({ status: 429 });
    const withoutHeader = await read();
    expect(withoutHeader).toMatchObject({ ok: false, code: 'rate_limited' });
    expect('retryAfterSeconds' in withoutHeader).toBe(false);
  });

  test('500 and 503 are server failures, one request each', async () => {
    for (const status of [500, 503] as const) {
      google.clearScripts();
      google.failValues({ status }, 3);
      const { result, values } = await counting(() => read());
      expect(result).toMatchObject({ ok: false, code: 'server', status });
      expect(values).toBe(1);
    }
  });

  test("the Sheets API not enabled for the key's project", async () => {
    google.failValues({ status: 403, apiDisabled: true });
    expect(await read()).toMatchObject({
      ok: false,
      code: 'api_disabled',
      message: expect.stringMatching(/Sheets API is not enabled in project crm-tests/),
    });
  });

  test('a key signed by a different private key is refused by the token endpoint: bad_key, no Sheets call', async () => {
    const impostor = google.serviceAccountJson({ privateKey: generatePrivateKeyPem().privateKey });
    const { result, token, values } = await counting(() => read({ serviceAccountJson: impostor }));
    expect(result).toMatchObject({ ok: false, code: 'bad_key', status: 400 });
    expect(!result.ok && result.message).toMatch(/Google refused the key for .*Invalid JWT Signature/);
    expect([token, values]).toEqual([1, 0]);
  });

  test('a key that is not a service-account key never leaves the server', async () => {
    const { result, token } = await counting(() => read({ serviceAccountJson: '{"installed":{}}' }));
    expect(result).toMatchObject({ ok: false, code: 'bad_key' });
    expect(token).toBe(0);
  });

  test('the token endpoint failing is a server failure, not a bad key', async () => {
    google.failToken(503);
    expect(await read()).toMatchObject({ ok: false, code: 'server', status: 503 });
  });

  test('a slow answer is cut at the timeout; an unreachable API is a network failure', async () => {
    google.delayValues(3_000);
    const started = performance.now();
    expect(await read({ timeoutMs: 300 })).toMatchObject({ ok: false, code: 'timeout' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await read({ rootUrl: 'http://127.0.0.1:9/' })).toMatchObject({ ok: false, code: 'network' });
  });

  test('the caller can cancel', async () => {
    google.delayValues(3_000);
    const controller = new AbortController();
    const reading = read({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await reading).toMatchObject({
      ok: false,
      code: 'network',
      message: 'The request was cancelled.',
    });
  });
});

describe('polling with newSheetRows over real reads', () => {
  const mapping = { submittedAt: 0, name: 1, phone: 2, email: 3, note: 4 };
  const poll = async (seen: Set<string>) => {
    const result = await read();
    if (!result.ok) throw new Error(result.message);
    const fresh = newSheetRows(result.value.rows, mapping, seen, {
      defaultCountry: 'GB',
      firstRowNumber: result.value.firstRowNumber,
    });
    for (const row of fresh) seen.add(row.identity);
    return fresh.map((row) => [row.rowNumber, row.cells[1]]);
  };

  test('first poll takes every row; inserts above, edits and re-sorts bring nothing twice', async () => {
    const seen = new Set<string>();
    expect(await poll(seen)).toEqual([
      [2, 'Ann'],
      [3, 'Ben'],
    ]);
    expect(await poll(seen)).toEqual([]);

    google.setTab(SHEET_ID, TAB, [header, cat, ann, ben]);
    expect(await poll(seen)).toEqual([[2, 'Cat']]);

    google.setTab(SHEET_ID, TAB, [header, ben.with(4, 'called twice'), cat.with(1, 'Catherine'), ann]);
    expect(await poll(seen)).toEqual([]);

    const byNameDescending = [ann, ben, cat].sort((a, b) => (b[1] ?? '').localeCompare(a[1] ?? ''));
    google.setTab(SHEET_ID, TAB, [header, ...byNameDescending]);
    expect(await poll(seen)).toEqual([]);

    // An edited phone is a different row by the rule (the lead service merges it by email).
    google.setTab(SHEET_ID, TAB, [header, ann.with(2, '07400 999999'), ben, cat]);
    expect(await poll(seen)).toEqual([[2, 'Ann']]);
  });
});
