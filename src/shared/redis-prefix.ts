import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';

/**
 * Every Redis key and channel of one deployment starts with its prefix (OPS-5), so two installs
 * sharing a Redis never share the sweeper leader lock, strike counters, presence or events.
 * The default is derived from the database the deployment uses, so instances of one install (same
 * DATABASE_URL) agree without configuration and two installs differ.
 */
export const REDIS_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The database's identity without its credentials: rotating the password (or a different user of
 * the same database) keeps the prefix, and the password never reaches Redis. A relative SQLite path
 * is resolved against `cwd`, so two checkouts with the default `./data` stay apart.
 */
export function databaseIdentity(databaseUrl: string, cwd = process.cwd()): string {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    return `sqlite:${path === ':memory:' || isAbsolute(path) ? path : resolve(cwd, path)}`;
  }
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return databaseUrl.replace(/\/\/[^@/]*@/, '//');
  }
  url.username = '';
  url.password = '';
  for (const key of [...url.searchParams.keys()]) {
    if (/^(password|pwd|user|username|sslpassword)$/i.test(key)) url.searchParams.delete(key);
  }
  url.searchParams.sort();
  return `${url.protocol}//${url.host.toLowerCase()}${url.pathname}${url.search}`;
}

/** `lc-` and 12 hex digits of SHA-256 over the database identity. */
export function defaultRedisPrefix(databaseUrl: string, cwd?: string): string {
  const digest = createHash('sha256').update(databaseIdentity(databaseUrl, cwd)).digest('hex');
  return `lc-${digest.slice(0, 12)}`;
}

/** The key and channel names of one deployment, in one place (README "Realtime and Redis"). */
export function redisNames(prefix: string) {
  return {
    /** Realtime fan-out channel between instances. */
    events: `${prefix}:events`,
    /** Prefix of the presence keys (connections, heartbeats, online and gone sets). */
    presence: `${prefix}:presence`,
    /** Prefix of strike and rate-limit counters, and the IP-block change channel. */
    security: `${prefix}:sec:`,
    /** Prefix of leader leases (`…:lease:sweepers`). */
    lease: `${prefix}:lease:`,
  };
}
