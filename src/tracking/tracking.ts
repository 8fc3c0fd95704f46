/**
 * Conversion tracking (TRACK-2, TRACK-3): which platform events a lead-stage change produces, the
 * rule for a stage changed back and forth, and the one event id the browser and server events of a
 * stage change share. Pure. The payload builders live beside this file (meta-event.ts,
 * ga4-event.ts, data-layer.ts); the rules are written down in docs/decisions/0018.
 */

/** The lead stages (mirrors src/leads/lead-stage.ts, which this module may not import). */
export type LeadStageName = 'new' | 'qualified' | 'not_qualified' | 'converted';
/** The stages that fire a conversion event. */
export type TrackedStage = Exclude<LeadStageName, 'new'>;
export type Platform = 'meta' | 'ga4';

/** Where GA4 events come from, per project: exactly one side, because GA4 cannot de-duplicate. */
export type Ga4Side = 'server' | 'browser' | 'none';

export interface TrackingConfig {
  /** Meta Conversions API credentials are configured for the project. */
  metaServer: boolean;
  /** Meta has no standard event for a disqualified lead: a custom event of this name. */
  metaNotQualifiedEventName: string;
  ga4Side: Ga4Side;
}

export const DEFAULT_META_NOT_QUALIFIED_EVENT = 'LeadDisqualified';

/**
 * The htmx event (an HX-Trigger of the stage change's response) the staff client turns into one
 * `dataLayer.push` (client/staff/data-layer.ts). Here, not in data-layer.ts, so the browser
 * bundle takes a constant and not the hashing code.
 */
export const DATA_LAYER_HX_EVENT = 'lead-stage-tracked';

export const GA4_EVENT_BY_STAGE: Record<TrackedStage, string> = {
  qualified: 'qualify_lead',
  not_qualified: 'disqualify_lead',
  converted: 'close_convert_lead',
};

export const isTrackedStage = (stage: string): stage is TrackedStage =>
  Object.hasOwn(GA4_EVENT_BY_STAGE, stage);

export function metaEventName(
  stage: TrackedStage,
  config: Pick<TrackingConfig, 'metaNotQualifiedEventName'>,
) {
  if (stage === 'qualified') return 'Lead';
  if (stage === 'converted') return 'Purchase';
  return config.metaNotQualifiedEventName;
}

/** Meta's standard event names: a custom name must not be one of them (it would count as that event). */
const META_STANDARD_EVENTS = new Set([
  'AddPaymentInfo',
  'AddToCart',
  'AddToWishlist',
  'CompleteRegistration',
  'Contact',
  'CustomizeProduct',
  'Donate',
  'FindLocation',
  'InitiateCheckout',
  'Lead',
  'PageView',
  'Purchase',
  'Schedule',
  'Search',
  'StartTrial',
  'SubmitApplication',
  'Subscribe',
  'ViewContent',
]);

/** For the settings form: undefined when `name` can be the Not Qualified custom event. */
export function checkMetaCustomEventName(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(name)) {
    return 'Use 1 to 40 letters, digits or underscores, starting with a letter.';
  }
  if (META_STANDARD_EVENTS.has(name)) return `${name} is one of Meta's standard events; choose another name.`;
  return undefined;
}

export interface PlatformEvent {
  platform: Platform;
  eventName: string;
}

/**
 * The back-and-forth rule: each platform event is sent at most once per lead per event name, ever.
 * `previouslySent` is every event the lead's outbox has ever held, whatever became of its delivery
 * (a failed row is retried, never re-created). Re-entering a stage therefore sends nothing, and
 * Qualified → Not Qualified → Qualified sends one Lead and one disqualification in all.
 */
export function eventsToSend(
  previouslySent: readonly PlatformEvent[],
  newStage: LeadStageName,
  config: TrackingConfig,
): PlatformEvent[] {
  if (!isTrackedStage(newStage)) return [];
  const candidates: PlatformEvent[] = [];
  if (config.metaServer) candidates.push({ platform: 'meta', eventName: metaEventName(newStage, config) });
  if (config.ga4Side === 'server')
    candidates.push({ platform: 'ga4', eventName: GA4_EVENT_BY_STAGE[newStage] });
  const sent = new Set(previouslySent.map((event) => `${event.platform}\n${event.eventName}`));
  return candidates.filter((event) => !sent.has(`${event.platform}\n${event.eventName}`));
}

/**
 * The event id of a lead reaching a stage: deterministic, so the browser's dataLayer event, the
 * Meta server event and the GA4 event of one stage change carry the same id without a lookup, a
 * retry after a crash reuses it (the outbox's idempotency key is platform + this id), and Meta
 * de-duplicates a Pixel event fired from the dataLayer against the server event (same id AND name).
 */
export const stageEventId = (leadId: string, stage: TrackedStage): string => `${leadId}.${stage}`;

/** How a lead reached us: Meta's action_source and the website-only fields follow from it. */
export type LeadOrigin = 'chat' | 'import';

/** What the lead carries for the ad platforms (TRACK-1), captured when its chat started. */
export interface LeadTouch {
  landingUrl: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  gclid: string | null;
  gbraid: string | null;
  wbraid: string | null;
  fbclid: string | null;
  /** Meta's click id, `fb.1.<ms>.<fbclid>` (buildFbc), or the `_fbc` cookie as the page had it. */
  fbc: string | null;
  /** The `_fbp` cookie. */
  fbp: string | null;
  /** From the `_ga` cookie (gaClientIdFromCookie). */
  gaClientId: string | null;
  /** From the `_ga_<stream>` cookie (gaSessionIdFromCookie). */
  gaSessionId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** One stage change of one lead, for one platform event: the input of every builder. */
export interface StageEventInput {
  leadId: string;
  stage: TrackedStage;
  /** The platform's event name, from eventsToSend (or metaEventName for the dataLayer). */
  eventName: string;
  /** stageEventId(leadId, stage). */
  eventId: string;
  /** When the stage changed. */
  occurredAt: Date;
  /** When the payload is built: event windows are checked against it. */
  now: Date;
  origin: LeadOrigin;
  email: string | null;
  phone: string | null;
  /** ISO country for a phone written without its country code (imports); E.164 needs none. */
  phoneCountry: string | null;
  /** Converted only: the deal value and its ISO 4217 currency. */
  value: number | null;
  currency: string | null;
  touch: LeadTouch;
}

export type Built<T> =
  | { ok: true; value: T }
  | { ok: false; code: 'tracking.event_refused'; field: string; reason: string };

export const refuse = (field: string, reason: string): Built<never> => ({
  ok: false,
  code: 'tracking.event_refused',
  field,
  reason,
});

const CURRENCY = /^[A-Z]{3}$/;

/** Value and currency come as a pair: a value with no currency means nothing to the platforms. */
export function checkValue(input: Pick<StageEventInput, 'value' | 'currency'>): Built<null> {
  if (input.value === null && input.currency === null) return { ok: true, value: null };
  if (input.value === null || !Number.isFinite(input.value) || input.value < 0) {
    return refuse('value', 'The value must be a number of 0 or more, given with its currency.');
  }
  if (input.currency === null || !CURRENCY.test(input.currency)) {
    return refuse('currency', 'The currency must be a three-letter ISO 4217 code such as USD.');
  }
  return { ok: true, value: null };
}
