import { describe, expect, test } from 'bun:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { databaseIdentity, defaultRedisPrefix, redisNames } from '../../src/shared/redis-prefix.ts';

describe('Redis prefix per deployment (OPS-5)', () => {
  test('the default is lc- and 12 hex digits derived from the database, without its credentials', () => {
    const prefix = loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db.internal:5432/chat' }).redisPrefix;
    expect(prefix).toMatch(/^lc-[0-9a-f]{12}$/);
    // A rotated password or another user of the same database: same deployment, same prefix.
    expect(loadConfig({ DATABASE_URL: 'postgres://other:changed@DB.internal:5432/chat' }).redisPrefix).toBe(
      prefix,
    );
    expect(databaseIdentity('postgres://app:s3cret@db.internal:5432/chat?password=x&sslmode=require')).toBe(
      'postgres://db.internal:5432/chat?sslmode=require',
    );
    expect(databaseIdentity('mssql://sa:Pa55word!@sql:1433/chat?encrypt=false')).not.toContain('Pa55word');
  });

  test('another database, server or port is another deployment', () => {
    const of = (url: string) => loadConfig({ DATABASE_URL: url }).redisPrefix;
    const base = of('postgres://app@db:5432/chat');
    expect(of('postgres://app@db:5432/chat2')).not.toBe(base);
    expect(of('postgres://app@db2:5432/chat')).not.toBe(base);
    expect(of('postgres://app@db:5433/chat')).not.toBe(base);
    expect(of('mssql://app@db:5432/chat')).not.toBe(base);
  });

  test('a relative SQLite path counts from the working directory: two checkouts differ', () => {
    expect(defaultRedisPrefix('sqlite:./data/app.sqlite', '/srv/a')).toBe(
      defaultRedisPrefix('sqlite:/srv/a/data/app.sqlite'),
    );
    expect(defaultRedisPrefix('sqlite:./data/app.sqlite', '/srv/a')).not.toBe(
      defaultRedisPrefix('sqlite:./data/app.sqlite', '/srv/b'),
    );
    // The default DATA_DIR database gets one too.
    expect(loadConfig({}).redisPrefix).toMatch(/^lc-[0-9a-f]{12}$/);
  });

  test('REDIS_PREFIX overrides the default; a prefix with ":" or spaces is refused by name', () => {
    expect(loadConfig({ REDIS_PREFIX: 'shop-eu.1' }).redisPrefix).toBe('shop-eu.1');
    expect(loadConfig({ REDIS_PREFIX: '' }).redisPrefix).toMatch(/^lc-/);
    for (const bad of ['a:b', 'with space', '-x', 'x'.repeat(65)]) {
      expect(() => loadConfig({ REDIS_PREFIX: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ REDIS_PREFIX: bad })).toThrow(/REDIS_PREFIX/);
    }
  });

  test('every key and channel name starts with the prefix', () => {
    const names = redisNames('lc-0123456789ab');
    for (const name of Object.values(names)) expect(name.startsWith('lc-0123456789ab:')).toBe(true);
    expect(names.events).toBe('lc-0123456789ab:events');
  });
});
