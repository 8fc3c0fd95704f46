import { describe, expect, test } from 'bun:test';
import { ConfigError, loadConfig } from '../../src/config.ts';

const production = {
  APP_ENV: 'production',
  DATABASE_URL: 'postgres://app@db/app',
  ADMIN_EMAIL: 'owner@example.com',
  ADMIN_PASSWORD: 'a long unique passphrase',
};

describe('configuration (OPS-3)', () => {
  test('development defaults: port 3000, the SQLite file under DATA_DIR, the dev admin', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.appEnv).toBe('development');
    expect(config.databaseUrl).toBe('sqlite:./data/app.sqlite');
    expect(config.adminEmail).toBe('admin@example.com');
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('production refuses the admin123 password and says why', () => {
    expect(() => loadConfig({ ...production, ADMIN_PASSWORD: 'admin123' })).toThrow(
      /ADMIN_PASSWORD: must be set and must not be "admin123"/,
    );
  });

  test('production refuses an empty admin password', () => {
    expect(() => loadConfig({ ...production, ADMIN_PASSWORD: '' })).toThrow(/ADMIN_PASSWORD/);
  });

  test('production refuses a missing database URL and says why', () => {
    const { DATABASE_URL: _omit, ...rest } = production;
    expect(() => loadConfig(rest)).toThrow(/DATABASE_URL: required when APP_ENV=production/);
  });

  test('a valid production configuration loads', () => {
    const config = loadConfig(production);
    expect(config.databaseUrl).toBe('postgres://app@db/app');
    expect(config.adminPassword).toBe('a long unique passphrase');
  });

  test.each([
    ['PORT', 'eighty', /PORT/],
    ['APP_ENV', 'staging', /APP_ENV/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: must start with/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL/],
    ['PUBLIC_URL', 'ftp://x', /PUBLIC_URL/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL/],
    ['TRUSTED_PROXIES', '10.0.0.1,not-an-ip', /TRUSTED_PROXIES: "not-an-ip"/],
    ['ADMIN_EMAIL', 'nobody', /ADMIN_EMAIL/],
  ])('a malformed %s stops the start with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  test('several instances need a server database and Redis', () => {
    expect(() => loadConfig({ INSTANCE_COUNT: '2' })).toThrow(/SQLite serves one host only/);
    expect(() => loadConfig({ INSTANCE_COUNT: '2', DATABASE_URL: 'postgres://x/y' })).toThrow(
      /REDIS_URL: required/,
    );
    const shared = { INSTANCE_COUNT: '2', DATABASE_URL: 'postgres://x/y', REDIS_URL: 'redis://r' };
    expect(() => loadConfig(shared)).toThrow(/SECRET_KEY: required/);
    expect(loadConfig({ ...shared, SECRET_KEY: 'k'.repeat(32) }).secretKey).toBe('k'.repeat(32));
  });

  test('a short SECRET_KEY is refused', () => {
    expect(() => loadConfig({ SECRET_KEY: 'short' })).toThrow(/SECRET_KEY: must be at least 32/);
  });

  test('trusted proxies are split and trimmed', () => {
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16 ,::1' }).trustedProxies).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
    ]);
  });
});
