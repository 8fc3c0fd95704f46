import { hashContact } from './identity.ts';
import {
  DATA_LAYER_HX_EVENT,
  GA4_EVENT_BY_STAGE,
  type Ga4Side,
  type LeadTouch,
  metaEventName,
  stageEventId,
  type TrackedStage,
  type TrackingConfig,
} from './tracking.ts';

/**
 * The `dataLayer` event pushed on the staff page when a lead reaches a tracked stage (TRACK-2),
 * for the marketer's GTM tags. The server renders it whole, hashes included: the browser only
 * pushes what it is given, so it cannot normalise or hash differently from the server events.
 */
export const DATA_LAYER_EVENT = 'lead_stage_changed';
export { DATA_LAYER_HX_EVENT };

export interface DataLayerEvent {
  event: typeof DATA_LAYER_EVENT;
  /** The same id as the server-side Meta event: the Pixel tag passes it as eventID. */
  event_id: string;
  /** False when the lead has been in this stage before: tags should fire only when true. */
  first_time: boolean;
  stage: TrackedStage;
  /** The Meta event name for this stage (the Pixel tag's event, so Meta pairs it with ours). */
  meta_event_name: string;
  ga4_event_name: string;
  /** True when this project sends GA4 from the browser; the server then sends none. */
  ga4_from_browser: boolean;
  project_id: string;
  project_name: string;
  agent_id: string | null;
  agent_name: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  gclid: string | null;
  gbraid: string | null;
  wbraid: string | null;
  fbclid: string | null;
  fbc: string | null;
  value: number | null;
  currency: string | null;
  /** sha256 of the email trimmed and lower-cased, as Meta and Google expect. */
  email_sha256: string | null;
  /** sha256 of the phone as digits with country code, no `+`. */
  phone_sha256: string | null;
}

export interface DataLayerInput {
  leadId: string;
  stage: TrackedStage;
  firstTime: boolean;
  project: { id: string; name: string };
  agent: { id: string; name: string } | null;
  email: string | null;
  phone: string | null;
  phoneCountry: string | null;
  value: number | null;
  currency: string | null;
  touch: LeadTouch;
  config: Pick<TrackingConfig, 'metaNotQualifiedEventName'> & { ga4Side: Ga4Side };
}

export function buildDataLayerEvent(input: DataLayerInput): DataLayerEvent {
  const hashes = hashContact(input.email, input.phone, input.phoneCountry);
  const hasValue = input.value !== null && input.currency !== null;
  const { touch } = input;
  return {
    event: DATA_LAYER_EVENT,
    event_id: stageEventId(input.leadId, input.stage),
    first_time: input.firstTime,
    stage: input.stage,
    meta_event_name: metaEventName(input.stage, input.config),
    ga4_event_name: GA4_EVENT_BY_STAGE[input.stage],
    ga4_from_browser: input.config.ga4Side === 'browser',
    project_id: input.project.id,
    project_name: input.project.name,
    agent_id: input.agent?.id ?? null,
    agent_name: input.agent?.name ?? null,
    utm_source: touch.utmSource,
    utm_medium: touch.utmMedium,
    utm_campaign: touch.utmCampaign,
    utm_term: touch.utmTerm,
    utm_content: touch.utmContent,
    gclid: touch.gclid,
    gbraid: touch.gbraid,
    wbraid: touch.wbraid,
    fbclid: touch.fbclid,
    fbc: touch.fbc,
    value: hasValue ? input.value : null,
    currency: hasValue ? input.currency : null,
    email_sha256: hashes.email,
    phone_sha256: hashes.phone,
  };
}

/**
 * An HX-Trigger header value carrying the event (and the other events the response triggers).
 * Header values must be ASCII: every other character is written as a JSON \u escape, which the
 * browser's JSON.parse turns back into the same string.
 */
export function dataLayerTrigger(event: DataLayerEvent, alsoTrigger: readonly string[] = []): string {
  const triggers: Record<string, unknown> = {};
  for (const name of alsoTrigger) triggers[name] = true;
  triggers[DATA_LAYER_HX_EVENT] = event;
  return JSON.stringify(triggers).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
