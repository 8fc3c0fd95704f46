import { z } from 'zod';
import { defaultRedisPrefix, REDIS_PREFIX_PATTERN } from './shared/redis-prefix.ts';

/** Everything the server reads from the environment, parsed once at start-up. */
export type Config = Readonly<{
  port: number;
  appEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
  databaseUrlIsDefault: boolean;
  redisUrl: string | undefined;
  /** Starts every Redis key and channel of this deployment (shared/redis-prefix.ts, OPS-5). */
  redisPrefix: string;
  publicUrl: string | undefined;
  adminEmail: string;
  adminPassword: string;
  trustedProxies: readonly string[];
  dataDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  instanceCount: number;
  /** Seals integration credentials at rest (security/secret-box.ts); undefined = DATA_DIR/secret.key. */
  secretKey: string | undefined;
  /** A local MaxMind-format geo database (visitors/geo-ip.ts); undefined = CDN headers only. */
  geoipDbPath: string | undefined;
  /** Conversion tracking endpoints (TRACK-3); tests point them at fakes on 127.0.0.1. */
  metaGraphUrl: string;
  metaApiVersion: string;
  ga4MpUrl: string;
  /** Chats sampled per agent per week for the QA review queue (QA-3). */
  qaReviewSample: number;
  /** Root of the Google Sheets API (googleapis `rootUrl`) for Sheet lead sources (CRM-6); a fake in tests. */
  googleSheetsApiUrl: string;
}>;

export const DEV_ADMIN_EMAIL = 'admin@example.com';
export const DEV_ADMIN_PASSWORD = 'admin123';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  APP_ENV: z.preprocess(
    emptyAsUndefined,
    z.enum(['development', 'production', 'test']).default('development'),
  ),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^(sqlite|postgres|postgresql|mssql):/, 'must start with sqlite:, postgres:// or mssql://')
      .optional(),
  ),
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  ),
  REDIS_PREFIX: z.preprocess(
    emptyAsUndefined,
    z.string().regex(REDIS_PREFIX_PATTERN, 'letters, digits, ".", "_" or "-", at most 64, no ":"').optional(),
  ),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email().optional()),
  ADMIN_PASSWORD: z.string().optional(),
  TRUSTED_PROXIES: z.preprocess(emptyAsUndefined, z.string().optional()),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  INSTANCE_COUNT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(1)),
  SECRET_KEY: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
  ),
  GEOIP_DB_PATH: z.preprocess(emptyAsUndefined, z.string().optional()),
  META_GRAPH_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'),
  ),
  META_API_VERSION: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^v\d{1,3}\.\d{1,3}$/, 'must look like v24.0')
      .default('v24.0'),
  ),
  GA4_MP_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/ }).default('https://www.google-analytics.com'),
  ),
  QA_REVIEW_SAMPLE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(50).default(3)),
  GOOGLE_SHEETS_API_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/ }).default('https://sheets.googleapis.com/'),
  ),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const proxyEntry = /^[0-9a-fA-F.:]+(\/\d{1,3})?$/;

/** Parses and validates the environment; throws a ConfigError naming every variable at fault. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.APP_ENV === 'production';
  const problems: string[] = [];

  if (production && !e.DATABASE_URL) {
    problems.push('DATABASE_URL: required when APP_ENV=production (the embedded default is for trials)');
  }
  if (production && (!e.ADMIN_PASSWORD || e.ADMIN_PASSWORD === DEV_ADMIN_PASSWORD)) {
    problems.push(
      `ADMIN_PASSWORD: must be set and must not be "${DEV_ADMIN_PASSWORD}" when APP_ENV=production`,
    );
  }
  if (production && !e.ADMIN_EMAIL) {
    problems.push('ADMIN_EMAIL: required when APP_ENV=production');
  }
  const trustedProxies = (e.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const badProxy = trustedProxies.find((entry) => !proxyEntry.test(entry));
  if (badProxy) problems.push(`TRUSTED_PROXIES: "${badProxy}" is not an IP address or CIDR range`);

  const databaseUrl = e.DATABASE_URL ?? `sqlite:${e.DATA_DIR.replace(/\/$/, '')}/app.sqlite`;
  if (e.INSTANCE_COUNT > 1 && databaseUrl.startsWith('sqlite:')) {
    problems.push(
      'DATABASE_URL: SQLite serves one host only; with INSTANCE_COUNT > 1 use postgres:// or mssql://',
    );
  }
  if (e.INSTANCE_COUNT > 1 && !e.REDIS_URL) {
    problems.push('REDIS_URL: required with INSTANCE_COUNT > 1 (WebSocket fan-out across instances)');
  }
  if (e.INSTANCE_COUNT > 1 && !e.SECRET_KEY) {
    problems.push(
      'SECRET_KEY: required with INSTANCE_COUNT > 1 (every instance must open the same sealed credentials)',
    );
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);

  return Object.freeze({
    port: e.PORT,
    appEnv: e.APP_ENV,
    databaseUrl,
    databaseUrlIsDefault: !e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX ?? defaultRedisPrefix(databaseUrl),
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    adminEmail: e.ADMIN_EMAIL ?? DEV_ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD || DEV_ADMIN_PASSWORD,
    trustedProxies: Object.freeze(trustedProxies),
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    instanceCount: e.INSTANCE_COUNT,
    secretKey: e.SECRET_KEY,
    geoipDbPath: e.GEOIP_DB_PATH,
    metaGraphUrl: e.META_GRAPH_URL.replace(/\/+$/, ''),
    metaApiVersion: e.META_API_VERSION,
    ga4MpUrl: e.GA4_MP_URL.replace(/\/+$/, ''),
    qaReviewSample: e.QA_REVIEW_SAMPLE,
    googleSheetsApiUrl: `${e.GOOGLE_SHEETS_API_URL.replace(/\/+$/, '')}/`,
  });
}
