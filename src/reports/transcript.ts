/** What a PDF transcript of one chat shows (REP-3). Pure types and presentation rules. */

export type SenderKind = 'visitor' | 'agent' | 'admin' | 'ai' | 'system';

export interface TranscriptAttribution {
  source?: string | null;
  utmCampaign?: string | null;
  utmSource?: string | null;
  utmMedium?: string | null;
  landingUrl?: string | null;
  referrer?: string | null;
  /** A one-line summary such as "Mobile · Android 15 · Chrome 131". */
  device?: string | null;
}

export interface TranscriptHeader {
  /** The chat's public token or id, printed under the title. */
  chatRef?: string | null;
  visitorName: string;
  visitorPhone?: string | null;
  visitorEmail?: string | null;
  project: string;
  status: string;
  agentName?: string | null;
  leadStage?: string | null;
  attribution: TranscriptAttribution;
  /** ISO-8601 instants. */
  createdAt: string;
  closedAt?: string | null;
}

export interface TranscriptMessage {
  seq: number;
  senderKind: SenderKind;
  senderName: string;
  body: string;
  /** ISO-8601 instant. */
  createdAt: string;
  replyTo?: { senderName: string; excerpt: string } | null;
  /** `url` must be absolute http(s) to become a link; anything else is printed as text only. */
  attachment?: { url: string; name: string; contentType: string } | null;
}

export interface TranscriptPdfInput {
  header: TranscriptHeader;
  /** Read once, in order, one message at a time. */
  messages: AsyncIterable<TranscriptMessage>;
  /** IANA zone of the viewer, e.g. "Asia/Kolkata"; every time in the PDF is shown in it. */
  timeZone: string;
  /** BCP 47 locale for dates, e.g. "en-GB". */
  locale: string;
  generatedAt: Date;
}

type Rgb = readonly [number, number, number];

/** Print-friendly colours: dark enough for text on white, distinct in hue and in grey. */
export const SENDER_STYLE: Record<SenderKind, { label: string; color: Rgb; tint: Rgb }> = {
  visitor: { label: 'VISITOR', color: [0.114, 0.306, 0.847], tint: [0.937, 0.965, 1] },
  agent: { label: 'AGENT', color: [0.016, 0.471, 0.341], tint: [0.925, 0.992, 0.961] },
  admin: { label: 'ADMIN', color: [0.427, 0.157, 0.851], tint: [0.961, 0.953, 1] },
  ai: { label: 'AI ASSISTANT', color: [0.706, 0.325, 0.035], tint: [1, 0.984, 0.922] },
  system: { label: 'SYSTEM', color: [0.39, 0.42, 0.47], tint: [0.945, 0.961, 0.976] },
};

/** A link annotation is only made for an absolute http(s) URL, in its ASCII (percent-encoded) form. */
export function linkTarget(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
