import { AI_AGENT_NAME } from '../ai/ai-agent.ts';
import { staffAttachmentUrl } from '../attachments/attachment-urls.ts';
import type { Deps } from '../deps.ts';
import { isLeadStage, leadStageLabel } from '../leads/lead-stage.ts';
import { SENDER_KINDS } from '../messages/message.ts';
import { deviceSummary, nameAndVersion } from './report.ts';
import {
  findTranscriptHead,
  listTranscriptMessages,
  type TranscriptHeadRow,
  type TranscriptMessageRow,
} from './transcript.queries.ts';
import type { SenderKind, TranscriptHeader, TranscriptMessage } from './transcript.ts';
import { renderTranscriptPdf } from './transcript-pdf.ts';

/** Messages read per query while a transcript is drawn (never the whole chat at once). */
export const TRANSCRIPT_PAGE = 500;

const statusText: Record<string, string> = {
  unassigned: 'Unassigned',
  active: 'Assigned',
  offline: 'Offline',
  closed: 'Closed',
};

function headerOf(row: TranscriptHeadRow): TranscriptHeader {
  return {
    chatRef: row.id,
    visitorName: row.visitor_name ?? 'Visitor',
    visitorPhone: row.visitor_phone,
    visitorEmail: row.visitor_email,
    project: row.project_title,
    status: statusText[row.status] ?? row.status,
    agentName: row.agent_name,
    leadStage: isLeadStage(row.lead_stage) ? leadStageLabel[row.lead_stage] : row.lead_stage,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    attribution: {
      source: row.source_domain,
      utmSource: row.utm_source,
      utmMedium: row.utm_medium,
      utmCampaign: row.utm_campaign,
      landingUrl: row.landing_url,
      referrer: row.referrer,
      device: deviceSummary({
        deviceType: row.device_type,
        os: nameAndVersion(row.os_name, row.os_version),
        browser: nameAndVersion(row.browser_name, row.browser_version),
      }),
    },
  };
}

const kindOf = (kind: string | null): SenderKind =>
  (SENDER_KINDS as readonly string[]).includes(kind ?? '') ? (kind as SenderKind) : 'system';

function senderName(kind: SenderKind, staffName: string | null, visitorName: string): string {
  if (kind === 'visitor') return visitorName;
  if (kind === 'ai') return staffName ?? AI_AGENT_NAME;
  if (kind === 'system') return 'System';
  return staffName ?? (kind === 'admin' ? 'Admin' : 'Agent');
}

function messageOf(row: TranscriptMessageRow, visitorName: string, origin: string): TranscriptMessage {
  const kind = kindOf(row.sender_kind);
  const quotedKind = kindOf(row.quoted_kind);
  return {
    seq: Number(row.seq),
    senderKind: kind,
    senderName: senderName(kind, row.sender_name, visitorName),
    body: row.body,
    createdAt: row.created_at,
    replyTo: row.quoted_id
      ? { senderName: senderName(quotedKind, row.quoted_name, visitorName), excerpt: row.quoted_body ?? '' }
      : null,
    attachment: row.attachment_id
      ? {
          url: `${origin}${staffAttachmentUrl(row.attachment_id)}`,
          name: row.attachment_name ?? 'attachment',
          contentType: row.attachment_type ?? 'application/octet-stream',
        }
      : null,
  };
}

/** A chat's messages oldest first, one page of TRANSCRIPT_PAGE per query as the renderer pulls. */
async function* transcriptMessages(
  db: Deps['db'],
  conversationId: string,
  visitorName: string,
  origin: string,
): AsyncGenerator<TranscriptMessage> {
  let afterSeq = 0;
  for (;;) {
    const rows = await listTranscriptMessages(db, conversationId, afterSeq, TRANSCRIPT_PAGE);
    for (const row of rows) yield messageOf(row, visitorName, origin);
    const last = rows.at(-1);
    if (rows.length < TRANSCRIPT_PAGE || !last) return;
    afterSeq = Number(last.seq);
  }
}

/** Transcripts render one at a time per instance: a 50,000-message chat peaks at ~230 MB (ADR 0020). */
let renderQueue: Promise<unknown> = Promise.resolve();

/**
 * A chat's PDF transcript (REP-3) with times in `timeZone`, or undefined when there is no such
 * chat. Attachment links point at this server (`origin`) and open for signed-in staff.
 */
export async function renderChatTranscript(
  deps: Pick<Deps, 'db' | 'clock'>,
  conversationId: string,
  view: { timeZone: string; locale: string; origin: string },
): Promise<Uint8Array | undefined> {
  const head = await findTranscriptHead(deps.db, conversationId);
  if (!head) return undefined;
  const header = headerOf(head);
  const render = () =>
    renderTranscriptPdf({
      header,
      messages: transcriptMessages(deps.db, conversationId, header.visitorName, view.origin),
      timeZone: view.timeZone,
      locale: view.locale,
      generatedAt: deps.clock.now(),
    });
  const run = renderQueue.then(render, render);
  renderQueue = run.catch(() => undefined);
  return await run;
}

/** Whether `zone` is an IANA time zone this runtime knows (the `?tz=` of a transcript). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
