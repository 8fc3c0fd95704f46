/**
 * The ad-link builder (BEYOND-9): the project page `/p/{slug}` with UTM parameters, ready for a
 * Meta or Google ad, an email or a printed QR code. Pure, shared by the builder in the browser
 * (client/staff/ad-link-builder.ts), the page and the QR download route, so all three build the
 * same address. Ad platforms fill their macros at click time: `{{campaign.name}}` (Meta) and
 * `{campaignid}` (Google ValueTrack) stay unencoded, or the platform would not recognise them.
 */
export const UTM_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
export type UtmField = (typeof UTM_FIELDS)[number];
export type UtmValues = Record<UtmField, string>;

export const UTM_LABELS: Record<UtmField, string> = {
  utm_source: 'Source',
  utm_medium: 'Medium',
  utm_campaign: 'Campaign',
  utm_term: 'Term',
  utm_content: 'Content',
};

export interface AdLinkPreset {
  id: string;
  label: string;
  values: UtmValues;
  note: string;
}

/**
 * Meta's URL-parameter macros and Google's ValueTrack parameters, as each platform documents
 * them. Both platforms add their own click id (fbclid; gclid with auto-tagging), which the
 * visitor page records (VIS-10): nothing here needs to ask for it.
 */
export const AD_LINK_PRESETS: readonly AdLinkPreset[] = [
  {
    id: 'meta',
    label: 'Meta ads (Facebook, Instagram)',
    values: {
      utm_source: '{{site_source_name}}',
      utm_medium: 'paid_social',
      utm_campaign: '{{campaign.name}}',
      utm_term: '{{placement}}',
      utm_content: '{{ad.name}}',
    },
    note: 'Paste the part after "?" into the ad\'s URL parameters. Meta fills the {{…}} macros per click and adds fbclid itself.',
  },
  {
    id: 'google',
    label: 'Google Ads',
    values: {
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: '{campaignid}',
      utm_term: '{keyword}',
      utm_content: '{creative}',
    },
    note: 'Paste the part after "?" into the Final URL suffix. Keep auto-tagging on: Google adds gclid itself, so do not add {gclid} here.',
  },
  {
    id: 'print',
    label: 'Print / QR code',
    values: { utm_source: 'qr', utm_medium: 'print', utm_campaign: '', utm_term: '', utm_content: '' },
    note: 'Name the flyer or poster in Campaign so its chats can be told apart.',
  },
  {
    id: 'email',
    label: 'Email newsletter',
    values: {
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: '',
      utm_term: '',
      utm_content: '',
    },
    note: 'Name the mailing in Campaign.',
  },
];

export const EMPTY_UTM: UtmValues = {
  utm_source: '',
  utm_medium: '',
  utm_campaign: '',
  utm_term: '',
  utm_content: '',
};

/** Longest value accepted per parameter; longer ones are cut (a QR code has a size limit too). */
export const UTM_MAX_LENGTH = 200;

/** Percent-encodes a value but keeps the braces of platform macros, which must reach the ad tool as typed. */
const encodeValue = (value: string) => encodeURIComponent(value).replace(/%7B/gi, '{').replace(/%7D/gi, '}');

/** The query string of the filled-in fields, in UTM order: `utm_source=…&utm_medium=…`. */
export function adLinkQuery(values: Partial<UtmValues>): string {
  return UTM_FIELDS.flatMap((field) => {
    const value = (values[field] ?? '').trim().slice(0, UTM_MAX_LENGTH);
    return value ? [`${field}=${encodeValue(value)}`] : [];
  }).join('&');
}

/** `https://chat.example.com/p/spring?utm_source=…`, from the server's public origin. */
export function adLinkUrl(publicOrigin: string, slug: string, values: Partial<UtmValues>): string {
  const query = adLinkQuery(values);
  return `${publicOrigin}/p/${encodeURIComponent(slug)}${query ? `?${query}` : ''}`;
}

/** Field values from a query (the QR route's, or a form's), anything else ignored. */
export function utmValuesOf(read: (field: UtmField) => string | undefined): UtmValues {
  const values = { ...EMPTY_UTM };
  for (const field of UTM_FIELDS) values[field] = (read(field) ?? '').trim().slice(0, UTM_MAX_LENGTH);
  return values;
}
