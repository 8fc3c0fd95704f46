import type { Ga4Side } from './tracking.ts';

/**
 * The conversion outbox's shapes (TRACK-3), for the queries, the sender and the admin views. Pure.
 * Status: pending | sent | failed (gave up) | refused (the event could never be valid, recorded
 * and never queued).
 */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'refused';

/** One row of the delivery log. */
export interface OutboxLogRow {
  id: string;
  platform: string;
  eventName: string | null;
  eventId: string;
  stage: string | null;
  conversationId: string | null;
  status: string;
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string;
}

/** The settings page's view of a project's tracking (TRACK-3): secrets as "set" / "not set" only. */
export interface TrackingSettingsView {
  project: { id: string; name: string; slug: string };
  metaPixelId: string;
  metaTokenSet: boolean;
  metaTestEventCode: string;
  metaNotQualifiedEvent: string;
  ga4MeasurementId: string;
  ga4SecretSet: boolean;
  ga4Side: string;
  effectiveGa4Side: Ga4Side;
  defaultCurrency: string;
}
