import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Credentials the server keeps for integrations (AI provider keys, Google service-account keys,
 * Meta access tokens, GA4 API secrets) are sealed with AES-256-GCM before they reach the database,
 * so a database dump or backup alone does not leak them. They are never rendered back to a page.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  /** The plaintext, or null when the value was sealed with another key or was altered. */
  open(sealed: string): string | null;
}

const VERSION = 'v1';

export function secretBox(keyMaterial: string): SecretBox {
  const key = createHash('sha256').update(`livechat-secret-box:${keyMaterial}`).digest();
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, body, cipher.getAuthTag()]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== VERSION || !iv || body === undefined || !tag) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return null;
      }
    },
  };
}

/**
 * SECRET_KEY when set (required with several instances: they must share it); otherwise a random
 * key kept in DATA_DIR/secret.key, created on first start with owner-only permissions.
 */
export async function loadSecretKey(config: {
  secretKey: string | undefined;
  dataDir: string;
}): Promise<string> {
  if (config.secretKey) return config.secretKey;
  const path = join(config.dataDir, 'secret.key');
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  await mkdir(config.dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  // Written aside, then linked into place: the key file is never seen half-written, and when two
  // instances start at once on one DATA_DIR, one link wins and the other reads its key.
  const aside = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(aside, `${key}\n`, { flag: 'wx', mode: 0o600 });
    await chmod(aside, 0o600);
    await link(aside, path);
    return key;
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    return (await readFile(path, 'utf8')).trim();
  } finally {
    await rm(aside, { force: true });
  }
}
