/**
 * Errors that mean "the database cannot serve right now" rather than "this request is wrong"
 * (issue 21 item 4): SQLite locked by another process past the busy timeout, a PostgreSQL or SQL
 * Server connection refused, cut, timed out or shut down. The HTTP edge answers them 503 with
 * Retry-After instead of 500; the client (or its user) tries again and nothing was acknowledged.
 */
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ConnectionRefused',
  'ConnectionClosed',
  'ECONNCLOSED',
  'ESOCKET',
  'ETIMEOUT',
]);
/** PostgreSQL SQLSTATEs: connection exceptions (08…), shutdown and start-up (57P01–57P03). */
const PG_STATES = /^(08\d{3}|57P0[123]|53300)$/;
const MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection lost|database is locked|Query read timeout/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  const code = String((error as { code?: unknown }).code ?? '');
  if (SQLITE_CODES.has(code) || NETWORK_CODES.has(code) || PG_STATES.test(code)) return true;
  if (MESSAGES.test(error.message)) return true;
  return isDatabaseUnavailable((error as { cause?: unknown }).cause, depth + 1);
}

/** What a client waits before trying again, in seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
