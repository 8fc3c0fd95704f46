import { afterEach, describe, expect, test } from 'bun:test';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSecretKey, secretBox } from '../../../src/security/secret-box.ts';

describe('secret box (credentials sealed at rest)', () => {
  const box = secretBox('a-test-key-that-is-long-enough-0123456789');

  test('opens what it sealed, and never stores the plaintext', () => {
    const sealed = box.seal('sk-ant-secret-value ✓');
    expect(sealed).not.toContain('secret');
    expect(box.open(sealed)).toBe('sk-ant-secret-value ✓');
  });

  test('two seals of one value differ (random IV), both open', () => {
    const a = box.seal('same');
    const b = box.seal('same');
    expect(a).not.toBe(b);
    expect([box.open(a), box.open(b)]).toEqual(['same', 'same']);
  });

  test('a value altered, truncated or sealed with another key does not open', () => {
    const sealed = box.seal('token');
    const [v, iv, body, tag] = sealed.split('.');
    // The first character: all six of its bits are data (a base64 string's last one may carry padding bits).
    const flipped = `${v}.${iv}.${body?.startsWith('A') ? 'B' : 'A'}${body?.slice(1)}.${tag}`;
    expect(box.open(flipped)).toBeNull();
    expect(box.open(sealed.slice(0, -4))).toBeNull();
    expect(box.open('plain text')).toBeNull();
    expect(secretBox('another-key-that-is-long-enough-0123456789').open(sealed)).toBeNull();
  });
});

describe('secret key source', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('SECRET_KEY wins; without it a key file is made once (owner-only) and reused', async () => {
    dir = await mkdtemp(join(tmpdir(), 'secret-key-'));
    expect(await loadSecretKey({ secretKey: 'from-env', dataDir: dir })).toBe('from-env');
    const first = await loadSecretKey({ secretKey: undefined, dataDir: dir });
    expect(first.length).toBeGreaterThanOrEqual(40);
    expect(await loadSecretKey({ secretKey: undefined, dataDir: dir })).toBe(first);
    expect((await stat(join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
  });

  test('instances starting at once on one data dir all get the one key that was kept', async () => {
    dir = await mkdtemp(join(tmpdir(), 'secret-key-'));
    const keys = await Promise.all(
      Array.from({ length: 8 }, () => loadSecretKey({ secretKey: undefined, dataDir: dir as string })),
    );
    const kept = (await readFile(join(dir, 'secret.key'), 'utf8')).trim();
    expect(new Set(keys)).toEqual(new Set([kept]));
    expect(await readdir(dir)).toEqual(['secret.key']);
  });
});
