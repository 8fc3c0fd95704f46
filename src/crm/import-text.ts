/**
 * The free-text fields of an imported lead: their column sizes, and the cleaning that keeps a
 * note's line breaks but strips control characters everywhere else (as attribution.ts does).
 */
/** Column sizes of leads / attributions / lead_notes (migrations 0002, 0003). */
export const TEXT_LIMITS = {
  remark: 2000,
  note: 4000,
  utmSource: 255,
  utmMedium: 255,
  utmCampaign: 255,
  utmTerm: 255,
  utmContent: 255,
  gclid: 255,
  fbclid: 255,
  pageUrl: 2000,
  externalId: 200,
  submittedAt: 64,
} as const;
export type TextField = keyof typeof TEXT_LIMITS;

const CONTROL_CHARS = /\p{Cc}/gu;
const NOTE_CONTROL_CHARS = /[^\P{Cc}\n\t]/gu;

/** The value trimmed and cleaned, or why it cannot be stored. */
export function cleanText(field: TextField, raw: string): { value: string } | { error: string } {
  const multiline = field === 'note' || field === 'remark';
  const value = multiline
    ? raw.replace(/\r\n?/g, '\n').replace(NOTE_CONTROL_CHARS, ' ').trim()
    : raw.replace(CONTROL_CHARS, '').trim();
  if (value.length > TEXT_LIMITS[field]) {
    return { error: `Longer than ${TEXT_LIMITS[field]} characters (${value.length}).` };
  }
  if (field === 'pageUrl' && !isWebAddress(value)) {
    return { error: 'Not a web address: it must start with http:// or https://.' };
  }
  return { value };
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export const TEXT_FIELDS = Object.keys(TEXT_LIMITS) as TextField[];
