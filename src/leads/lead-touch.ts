/**
 * The marketing touch a lead came with (VIS-10, TRACK-1), as the CRM and the chat's lead panel
 * show it: one shape and one mapping from an `attributions` row.
 */
export interface LeadTouch {
  landingUrl: string | null;
  referrer: string | null;
  sourceDomain: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  gclid: string | null;
  gbraid: string | null;
  wbraid: string | null;
  fbclid: string | null;
  deviceType: string | null;
  osName: string | null;
  browserName: string | null;
  language: string | null;
  geoCountry: string | null;
  geoRegion: string | null;
  geoCity: string | null;
  isReturning: boolean;
  createdAt: string;
}

/** The lead beside its chat (CRM-2, AGENT-7): where it came from, its follow-up and latest notes. */
export interface ChatLeadSummary {
  leadId: string;
  followUpOn: string | null;
  finalRemark: string | null;
  /** The touch this chat started with. */
  touch: LeadTouch | null;
  notes: Array<{ id: string; authorName: string; body: string; createdAt: string }>;
}

export interface TouchRow {
  landing_url: string | null;
  referrer: string | null;
  source_domain: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  gclid: string | null;
  gbraid: string | null;
  wbraid: string | null;
  fbclid: string | null;
  device_type: string | null;
  os_name: string | null;
  browser_name: string | null;
  language: string | null;
  geo_country: string | null;
  geo_region: string | null;
  geo_city: string | null;
  is_returning: number | null;
  created_at: string;
}

export const TOUCH_COLUMNS = [
  'landing_url',
  'referrer',
  'source_domain',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'gclid',
  'gbraid',
  'wbraid',
  'fbclid',
  'device_type',
  'os_name',
  'browser_name',
  'language',
  'geo_country',
  'geo_region',
  'geo_city',
  'is_returning',
  'created_at',
] as const;

export function toLeadTouch(row: TouchRow): LeadTouch {
  return {
    landingUrl: row.landing_url,
    referrer: row.referrer,
    sourceDomain: row.source_domain,
    utmSource: row.utm_source,
    utmMedium: row.utm_medium,
    utmCampaign: row.utm_campaign,
    utmTerm: row.utm_term,
    utmContent: row.utm_content,
    gclid: row.gclid,
    gbraid: row.gbraid,
    wbraid: row.wbraid,
    fbclid: row.fbclid,
    deviceType: row.device_type,
    osName: row.os_name,
    browserName: row.browser_name,
    language: row.language,
    geoCountry: row.geo_country,
    geoRegion: row.geo_region,
    geoCity: row.geo_city,
    isReturning: row.is_returning === 1,
    createdAt: row.created_at,
  };
}
