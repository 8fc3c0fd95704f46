import type { SheetsFailureCode } from './sheets-client.ts';

/** A Google Sheets lead source (CRM-6) as its pages and poller see it: `lead_sources` columns. */
export interface SheetSourceRow {
  id: string;
  name: string;
  project_id: string | null;
  sheet_id: string | null;
  sheet_range: string | null;
  column_map: string;
  poll_interval_s: number;
  enabled: number;
  /** Sealed; only the poller opens it. Never rendered. */
  key_sealed: string | null;
  client_email: string | null;
  default_country: string | null;
  failures: number;
  next_poll_at: string | null;
  last_polled_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  last_success_at: string | null;
  last_result: string | null;
  created_by: string | null;
  created_at: string;
  /** Stage and owner of imported leads when a row does not say (docs/decisions/0046). */
  default_stage: string | null;
  default_owner_id: string | null;
}

export const DEFAULT_POLL_INTERVAL_S = 60;
export const MIN_POLL_INTERVAL_S = 30;
export const MAX_POLL_INTERVAL_S = 24 * 3600;
/** Back-off ceiling (docs/decisions/0019): also the pace while an admin must act (bad key, not shared). */
export const MAX_BACKOFF_S = 15 * 60;

/** Failures an admin must fix: polled at the ceiling until the source is edited. */
const NEEDS_ADMIN: readonly SheetsFailureCode[] = ['bad_key', 'forbidden', 'api_disabled', 'not_found'];

/**
 * Seconds until the next poll after the `failures`-th failure in a row (1 = first):
 * max(Retry-After, interval × 2^failures), at most 15 minutes; the ceiling at once when an admin must act.
 */
export function backoffSeconds(
  code: SheetsFailureCode,
  intervalS: number,
  failures: number,
  retryAfterSeconds?: number,
): number {
  if (NEEDS_ADMIN.includes(code)) return MAX_BACKOFF_S;
  const exponential = intervalS * 2 ** Math.min(failures, 16);
  return Math.min(MAX_BACKOFF_S, Math.max(retryAfterSeconds ?? 0, exponential));
}
