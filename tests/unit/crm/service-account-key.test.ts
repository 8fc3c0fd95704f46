import { describe, expect, test } from 'bun:test';
import { GOOGLE_TOKEN_URI, parseServiceAccountKey } from '../../../src/crm/service-account-key.ts';
import { generatePrivateKeyPem } from '../../support/fakes/fake-google.ts';

const { privateKey } = generatePrivateKeyPem();
const key = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'service_account',
    project_id: 'acme-crm',
    private_key_id: 'abc123',
    private_key: privateKey,
    client_email: 'importer@acme-crm.iam.gserviceaccount.com',
    token_uri: GOOGLE_TOKEN_URI,
    ...overrides,
  });

describe('parseServiceAccountKey', () => {
  test('a Google key file', () => {
    expect(parseServiceAccountKey(key())).toEqual({
      ok: true,
      value: {
        clientEmail: 'importer@acme-crm.iam.gserviceaccount.com',
        privateKey: privateKey.trim(),
        privateKeyId: 'abc123',
        tokenUri: GOOGLE_TOKEN_URI,
        projectId: 'acme-crm',
      },
    });
    expect(parseServiceAccountKey(key({ token_uri: undefined }))).toMatchObject({
      value: { tokenUri: GOOGLE_TOKEN_URI },
    });
  });

  const refused: [what: string, json: string, message: RegExp][] = [
    ['not JSON', '{"type": "service_account",', /not valid JSON/],
    [
      'an OAuth client file',
      JSON.stringify({ installed: { client_id: 'x' } }),
      /OAuth client file, not a service-account key/,
    ],
    ['another kind of credential', key({ type: 'authorized_user' }), /not a service-account key/],
    ['no client_email', key({ client_email: undefined }), /no client_email/],
    [
      'a damaged private key',
      key({ private_key: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n' }),
      /no usable private_key/,
    ],
    [
      'a token_uri over plain http to another host',
      key({ token_uri: 'http://example.com/token' }),
      /token_uri/,
    ],
  ];
  for (const [what, json, message] of refused) {
    test(`refuses ${what} as bad_key, saying how to get the right file`, () => {
      const result = parseServiceAccountKey(json);
      expect(result).toMatchObject({ ok: false, code: 'bad_key' });
      expect(!result.ok && result.message).toMatch(message);
      expect(!result.ok && result.message).toMatch(/Keys › Add key › JSON/);
    });
  }

  test('plain http is allowed to this machine only (a local fake)', () => {
    expect(parseServiceAccountKey(key({ token_uri: 'http://127.0.0.1:4010/token' })).ok).toBe(true);
  });
});
