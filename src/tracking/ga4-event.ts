import { checkEventTime } from './delivery-policy.ts';
import { pseudoGaClientId } from './identity.ts';
import { type Built, checkValue, refuse, type StageEventInput } from './tracking.ts';

/**
 * One GA4 Measurement Protocol request for one stage event. Production GA4 answers 2xx even for a
 * malformed event and drops it, so the validation server's limits are enforced here. Pure.
 */
export type Ga4ParamValue = string | number;

export interface Ga4Event {
  name: string;
  params: Record<string, Ga4ParamValue>;
}

/** Field names match sendGa4Events' input, so a built request spreads into it. */
export interface Ga4Request {
  clientId: string;
  /** Unix microseconds: the request-level time, backdating every event in it. */
  timestampMicros: number;
  events: Ga4Event[];
}

export const GA4_LIMITS = { events: 25, params: 25, nameLength: 40, stringValueLength: 100 } as const;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/**
 * Cut to GA4's 100 characters (counted in UTF-16 units, the stricter reading) without splitting a
 * surrogate pair. Truncated, not refused: a long UTM value is still worth its first 100 characters.
 */
export function clipGa4String(value: string): string {
  if (value.length <= GA4_LIMITS.stringValueLength) return value;
  let end = GA4_LIMITS.stringValueLength;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end);
}

/** Names are ours, not user input, so a bad one is a bug: refused, never sent to be dropped. */
export function checkGa4Event(event: Ga4Event): Built<Ga4Event> {
  if (!NAME.test(event.name)) return refuse('events.name', `${event.name} is not a valid GA4 event name.`);
  const names = Object.keys(event.params);
  if (names.length > GA4_LIMITS.params) return refuse('events.params', 'GA4 takes at most 25 parameters.');
  const bad = names.find((name) => !NAME.test(name));
  if (bad !== undefined) return refuse(`events.params.${bad}`, `${bad} is not a valid GA4 parameter name.`);
  const params: Record<string, Ga4ParamValue> = {};
  for (const name of names) {
    const value = event.params[name];
    if (typeof value === 'string') params[name] = clipGa4String(value);
    else if (typeof value === 'number' && Number.isFinite(value)) params[name] = value;
    else return refuse(`events.params.${name}`, 'A GA4 parameter is a string or a finite number.');
  }
  return { ok: true, value: { name: event.name, params } };
}

function params(input: StageEventInput, sessionId: string): Record<string, Ga4ParamValue> {
  const params: Record<string, Ga4ParamValue> = {
    session_id: sessionId,
    // At least 1 ms, or GA4 does not count the event's session as engaged.
    engagement_time_msec: 1,
    event_id: input.eventId,
    lead_stage: input.stage,
  };
  const utm = [
    ['campaign', input.touch.utmCampaign],
    ['source', input.touch.utmSource],
    ['medium', input.touch.utmMedium],
    ['term', input.touch.utmTerm],
    ['content', input.touch.utmContent],
  ] as const;
  for (const [key, value] of utm) if (value) params[key] = value;
  if (input.value !== null && input.currency !== null) {
    params.value = input.value;
    params.currency = input.currency;
  }
  return params;
}

/**
 * client_id comes from the `_ga` cookie; a lead without one gets the stable pseudo id of its lead
 * id. session_id comes from the `_ga_<stream>` cookie; without one, the event's own second starts
 * a session of its own (GA4 then reports it without the visit's traffic source).
 */
export function buildGa4Event(input: StageEventInput): Built<Ga4Request> {
  const time = checkEventTime('ga4', input.occurredAt, input.now);
  if (!time.ok) return refuse('timestamp_micros', time.reason);
  const value = checkValue(input);
  if (!value.ok) return value;
  const sendAs = time.sendAs.getTime();
  const sessionId = input.touch.gaSessionId ?? String(Math.floor(sendAs / 1000));
  const event = checkGa4Event({ name: input.eventName, params: params(input, sessionId) });
  if (!event.ok) return event;
  return {
    ok: true,
    value: {
      clientId: input.touch.gaClientId ?? pseudoGaClientId(input.leadId),
      timestampMicros: sendAs * 1000,
      events: [event.value],
    },
  };
}
