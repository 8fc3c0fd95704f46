import { writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import type { DeliveryFailure } from './delivery.ts';
import { decideAfterFailure, deliveryDeadline } from './delivery-policy.ts';
import type { Ga4Request } from './ga4-event.ts';
import { sendGa4Events } from './ga4-mp.ts';
import { sendMetaEvents } from './meta-capi.ts';
import type { MetaServerEvent } from './meta-event.ts';
import {
  type ClaimedOutboxEvent,
  claimOutboxEvent,
  findProjectTrackingSettings,
  listDueOutboxIds,
  recordOutboxAttempt,
} from './outbox.queries.ts';

/**
 * The outbox sender (TRACK-3, docs/decisions/0023): claims due rows one by one by
 * compare-and-set, delivers each with the platform's sender, and records the outcome. An event
 * is never sent twice by us: only the claim's holder sends, and a sender that dies after claiming
 * leaves the row to come due when the claim runs out; if it died after the platform took the
 * event, the resend carries the same event id, which the platform de-duplicates (Meta: same id and
 * name; GA4 keeps `event_id` as a parameter for analysis, docs/decisions/0018).
 */
export const SENDER_BATCH = 50;
/** Longer than a request may take (REQUEST_TIMEOUT_MS), so a live sender never loses its claim. */
export const CLAIM_MS = 60_000;
export const REQUEST_TIMEOUT_MS = 10_000;

export interface SendTally {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

type Outcome = { ok: true; status: number } | DeliveryFailure;

async function deliver(
  deps: Pick<Deps, 'db' | 'config' | 'secrets'>,
  row: ClaimedOutboxEvent,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  const settings = row.projectId ? await findProjectTrackingSettings(deps.db, row.projectId) : undefined;
  const missing = (what: string): DeliveryFailure => ({
    ok: false,
    retryable: false,
    error: `${what} is no longer set for this project.`,
  });
  const open = (sealed: string | null | undefined) => (sealed ? deps.secrets.open(sealed) : null);
  if (row.platform === 'meta') {
    const token = open(settings?.metaCapiToken);
    if (!settings?.metaPixelId || !token) return missing('The Meta pixel id or access token');
    const outcome = await sendMetaEvents({
      baseUrl: deps.config.metaGraphUrl,
      apiVersion: deps.config.metaApiVersion,
      pixelId: settings.metaPixelId,
      accessToken: token,
      testEventCode: settings.metaTestEventCode,
      events: [JSON.parse(row.payload) as MetaServerEvent],
      timeoutMs: REQUEST_TIMEOUT_MS,
      signal,
    });
    return outcome.ok ? { ok: true, status: outcome.status } : outcome;
  }
  const secret = open(settings?.ga4ApiSecret);
  if (!settings?.ga4MeasurementId || !secret) return missing('The GA4 measurement id or API secret');
  const request = JSON.parse(row.payload) as Ga4Request;
  return sendGa4Events({
    baseUrl: deps.config.ga4MpUrl,
    measurementId: settings.ga4MeasurementId,
    apiSecret: secret,
    ...request,
    timeoutMs: REQUEST_TIMEOUT_MS,
    signal,
  });
}

/** One pass over the due rows at `now`. `random` spreads the back-off (Math.random in production). */
export async function sendDueOutboxEvents(
  deps: Pick<Deps, 'db' | 'config' | 'secrets' | 'log'>,
  now: Date,
  options: { random?: () => number; signal?: AbortSignal; limit?: number } = {},
): Promise<SendTally> {
  const tally: SendTally = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  const nowIso = toIso(now);
  const until = toIso(new Date(now.getTime() + CLAIM_MS));
  for (const id of await listDueOutboxIds(deps.db, nowIso, options.limit ?? SENDER_BATCH)) {
    const row = await writeTransaction(deps.db, (trx) => claimOutboxEvent(trx, { id, now: nowIso, until }));
    if (!row) {
      tally.skipped++; // another sender holds it
      continue;
    }
    const eventTime = new Date(row.eventTime);
    const record = (input: Omit<Parameters<typeof recordOutboxAttempt>[1], 'id' | 'claimedUntil'>) =>
      writeTransaction(deps.db, (trx) =>
        recordOutboxAttempt(trx, { id: row.id, claimedUntil: until, ...input }),
      );
    if (now.getTime() > deliveryDeadline(row.platform, eventTime).getTime()) {
      await record({
        status: 'failed',
        httpStatus: null,
        error: 'Gave up: the platform’s window for this event has passed.',
        nextAttemptAt: null,
        sentAt: null,
      });
      tally.failed++;
      continue;
    }
    let outcome: Outcome;
    try {
      outcome = await deliver(deps, row, options.signal);
    } catch (error) {
      outcome = {
        ok: false,
        retryable: false,
        error: `The stored event could not be read: ${String(error)}`,
      };
    }
    if (outcome.ok) {
      await record({
        status: 'sent',
        httpStatus: outcome.status,
        error: null,
        nextAttemptAt: null,
        sentAt: nowIso,
      });
      tally.sent++;
      continue;
    }
    const decision = decideAfterFailure({
      platform: row.platform,
      eventTime,
      attempts: row.attempts,
      now,
      retryable: outcome.retryable,
      ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
      random: options.random ?? Math.random,
    });
    const httpStatus = outcome.status ?? null;
    if (decision.kind === 'retry') {
      await record({
        status: 'pending',
        httpStatus,
        error: outcome.error,
        nextAttemptAt: toIso(decision.at),
        sentAt: null,
      });
      tally.retrying++;
    } else {
      const why = decision.reason === 'window_passed' ? 'Gave up (window passed)' : 'Gave up';
      await record({
        status: 'failed',
        httpStatus,
        error: `${why}: ${outcome.error}`,
        nextAttemptAt: null,
        sentAt: null,
      });
      tally.failed++;
    }
    deps.log.warn('tracking.delivery_failed', {
      outboxId: row.id,
      platform: row.platform,
      status: httpStatus,
      retry: decision.kind === 'retry',
    });
  }
  return tally;
}
