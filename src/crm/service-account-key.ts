import { createPrivateKey } from 'node:crypto';

/**
 * A Google service-account JSON key as pasted or uploaded by an admin (CRM-6). Checked before any
 * request so a wrong file gets a message that says which file is wanted. Pure.
 */
export interface ServiceAccountKey {
  clientEmail: string;
  privateKey: string;
  privateKeyId: string | undefined;
  /** Where assertions are exchanged for tokens; Google's own for every real key. */
  tokenUri: string;
  projectId: string | undefined;
}

export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

const NEW_KEY_HINT =
  'In Google Cloud open IAM & Admin › Service accounts, pick the account, then Keys › Add key › JSON, and use the file it downloads.';

export type KeyCheck =
  | { ok: true; value: ServiceAccountKey }
  | { ok: false; code: 'bad_key'; message: string };

const badKey = (message: string): KeyCheck => ({
  ok: false,
  code: 'bad_key',
  message: `${message} ${NEW_KEY_HINT}`,
});

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https anywhere; plain http only to this machine (a local fake in tests). */
function isTokenUri(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}

function isPrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

export function parseServiceAccountKey(json: string): KeyCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return badKey('The key is not valid JSON: use the whole file Google downloaded (it starts with "{").');
  }
  if (typeof parsed !== 'object' || parsed === null) return badKey('The key is not a JSON object.');
  const key = parsed as Record<string, unknown>;
  if ('installed' in key || 'web' in key) {
    return badKey('This is an OAuth client file, not a service-account key.');
  }
  if (key.type !== 'service_account')
    return badKey('This is not a service-account key ("type" is not "service_account").');
  const clientEmail = text(key.client_email);
  if (!clientEmail?.includes('@')) return badKey('The key has no client_email.');
  const privateKey = text(key.private_key);
  if (!privateKey || !isPrivateKey(privateKey)) return badKey('The key has no usable private_key.');
  const tokenUri = text(key.token_uri) ?? GOOGLE_TOKEN_URI;
  if (!isTokenUri(tokenUri)) return badKey("The key's token_uri is not an https address.");
  return {
    ok: true,
    value: {
      clientEmail,
      privateKey,
      privateKeyId: text(key.private_key_id),
      tokenUri,
      projectId: text(key.project_id),
    },
  };
}
