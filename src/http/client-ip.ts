import type { Context } from 'hono';
import { getConnInfo } from 'hono/bun';

/** The TCP peer's address; undefined under app.request() in tests, where there is no socket. */
export function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}
