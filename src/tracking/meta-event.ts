import { isIP } from 'node:net';
import { checkEventTime } from './delivery-policy.ts';
import { hashContact, parseFbcCookie } from './identity.ts';
import { type Built, checkValue, refuse, type StageEventInput } from './tracking.ts';

/**
 * One Meta Conversions API server event, built and checked on its own before it joins a batch:
 * Meta rejects the whole request when any one event is invalid. Pure.
 */
export interface MetaUserData {
  em?: [string];
  ph?: [string];
  fbc?: string;
  fbp?: string;
  client_ip_address?: string;
  client_user_agent?: string;
}

export interface MetaCustomData {
  lead_stage: string;
  value?: number;
  currency?: string;
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  utm_term?: string;
  utm_content?: string;
}

/**
 * `website` for leads from the chat on the advertiser's site (Meta then also needs the visitor's
 * user agent and the page URL). Offline imports are `system_generated`, the value Meta's CRM
 * integration guide gives for lead-stage events a CRM reports.
 */
export type MetaActionSource = 'website' | 'system_generated';

export interface MetaServerEvent {
  event_name: string;
  /** Unix seconds. */
  event_time: number;
  event_id: string;
  action_source: MetaActionSource;
  event_source_url?: string;
  user_data: MetaUserData;
  custom_data: MetaCustomData;
}

const FBP = /^fb\.[0-2]\.\d{1,16}\.[\x21-\x7e]{1,255}$/;

function httpUrl(value: string | null): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** fbc, fbp, IP and user agent are never hashed; email and phone always are. */
function userData(input: StageEventInput): MetaUserData {
  const hashes = hashContact(input.email, input.phone, input.phoneCountry);
  const { fbc, fbp, ip, userAgent } = input.touch;
  const data: MetaUserData = {};
  if (hashes.email) data.em = [hashes.email];
  if (hashes.phone) data.ph = [hashes.phone];
  if (fbc && parseFbcCookie(fbc)) data.fbc = fbc;
  if (fbp && FBP.test(fbp)) data.fbp = fbp;
  if (ip && isIP(ip) !== 0) data.client_ip_address = ip;
  if (userAgent?.trim()) data.client_user_agent = userAgent;
  return data;
}

function customData(input: StageEventInput): MetaCustomData {
  const data: MetaCustomData = { lead_stage: input.stage };
  if (input.value !== null && input.currency !== null) {
    data.value = input.value;
    data.currency = input.currency;
  }
  const utm = [
    ['utm_source', input.touch.utmSource],
    ['utm_medium', input.touch.utmMedium],
    ['utm_campaign', input.touch.utmCampaign],
    ['utm_term', input.touch.utmTerm],
    ['utm_content', input.touch.utmContent],
  ] as const;
  for (const [key, value] of utm) if (value) data[key] = value;
  return data;
}

const hasIdentifier = (data: MetaUserData) =>
  Boolean(data.em || data.ph || data.fbc || data.fbp || (data.client_ip_address && data.client_user_agent));

export function buildMetaServerEvent(input: StageEventInput): Built<MetaServerEvent> {
  if (!input.eventName) return refuse('event_name', 'The event needs a name.');
  if (!input.eventId) return refuse('event_id', 'The event needs an id to be de-duplicated.');
  const time = checkEventTime('meta', input.occurredAt, input.now);
  if (!time.ok) return refuse('event_time', time.reason);
  const value = checkValue(input);
  if (!value.ok) return value;
  if (input.eventName === 'Purchase' && input.value === null) {
    return refuse('value', 'Meta needs a value and a currency on a Purchase.');
  }
  const user = userData(input);
  const actionSource: MetaActionSource = input.origin === 'chat' ? 'website' : 'system_generated';
  const sourceUrl = httpUrl(input.touch.landingUrl);
  if (actionSource === 'website' && !user.client_user_agent) {
    return refuse('user_data.client_user_agent', 'A website event needs the visitor’s user agent.');
  }
  if (actionSource === 'website' && !sourceUrl) {
    return refuse('event_source_url', 'A website event needs the URL of the page the lead came from.');
  }
  if (!hasIdentifier(user)) {
    return refuse('user_data', 'No email, phone, click id, browser id, or IP with user agent to match on.');
  }
  return {
    ok: true,
    value: {
      event_name: input.eventName,
      event_time: Math.floor(time.sendAs.getTime() / 1000),
      event_id: input.eventId,
      action_source: actionSource,
      ...(actionSource === 'website' ? { event_source_url: sourceUrl } : {}),
      user_data: user,
      custom_data: customData(input),
    },
  };
}
