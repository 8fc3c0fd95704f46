import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { PageCanvas, Rgb } from './pdf-canvas.ts';
import { DocumentFonts } from './pdf-embedded-font.ts';
import { CONTENT_WIDTH, clampedLines, FRAME, oneLine, PageFlow, textLines } from './pdf-page-flow.ts';
import type { TextLine } from './pdf-text.ts';
import { linkTarget, SENDER_STYLE, type TranscriptMessage, type TranscriptPdfInput } from './transcript.ts';
import {
  drawHeader,
  drawRunningHeader,
  INK,
  MUTED,
  type TimeFormat,
  timeFormat,
} from './transcript-pdf-header.ts';

export type { SenderKind, TranscriptHeader, TranscriptMessage, TranscriptPdfInput } from './transcript.ts';

const LINK: Rgb = [0.06, 0.36, 0.75];
const BODY = { size: 10, bold: false };
const BODY_LINE = 14;
const QUOTE = { size: 8.5, bold: false };
const QUOTE_LINE = 11.5;
const INDENT = 11;
const TEXT_WIDTH = CONTENT_WIDTH - INDENT;

/**
 * Renders one chat as an A4 PDF (REP-3, docs/decisions/0020): a header with the visitor, contact,
 * project, status, agent, stage and attribution, then every message colour-coded by sender, with
 * times in `timeZone`, reply quotes and attachment links, and "Page N of M" on every page.
 * Messages are read one at a time and each page is compressed when full; the finished document
 * itself is held in memory until it is returned (pdf-lib writes a file only as a whole).
 */
export async function renderTranscriptPdf(input: TranscriptPdfInput): Promise<Uint8Array> {
  const { header, generatedAt } = input;
  const time = timeFormat(input.locale, input.timeZone);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Chat transcript – ${header.visitorName} – ${header.project}`);
  doc.setCreator('livechat-crm');
  doc.setProducer('livechat-crm (pdf-lib)');
  doc.setCreationDate(generatedAt);
  doc.setModificationDate(generatedAt);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(input.locale));

  const fonts = new DocumentFonts(doc.context);
  const flow = new PageFlow(doc, fonts, (canvas, index) =>
    index === 0 ? FRAME.top : drawRunningHeader(canvas, header),
  );
  await flow.newPage();
  await drawHeader(flow, header, time, generatedAt);
  let count = 0;
  for await (const message of input.messages) {
    await drawMessage(flow, message, time);
    count++;
  }
  if (count === 0) {
    const none = await oneLine('This chat has no messages.', CONTENT_WIDTH, BODY);
    flow.page.text(none, FRAME.left, flow.y - 10, MUTED);
  }
  flow.finish();
  await drawFooters(flow, header.project);
  await fonts.finish();
  return await doc.save();
}

/** One message: a coloured bar and label, the sender and time, a quote, the body, the file. */
async function drawMessage(flow: PageFlow, message: TranscriptMessage, time: TimeFormat): Promise<void> {
  const style = SENDER_STYLE[message.senderKind] ?? SENDER_STYLE.system;
  const label = await oneLine(style.label, 120, { size: 7, bold: true });
  const timeLine = await oneLine(time.short(message.createdAt), 160, { size: 8, bold: false });
  const name = await oneLine(message.senderName, TEXT_WIDTH - label.width - timeLine.width - 24, {
    size: 9,
    bold: true,
  });
  const body = message.body.trim() ? await textLines(message.body, TEXT_WIDTH, BODY) : [];
  const quote = message.replyTo ? await quoteLines(message.replyTo) : null;
  const attachment = message.attachment ? await attachmentLine(message.attachment) : null;

  // Keep the sender line with the first line of what follows.
  await flow.room(16 + (quote ? QUOTE_LINE * 2 + 8 : BODY_LINE));
  let segmentTop = flow.y;
  const endSegment = () =>
    flow.page.fillRect(FRAME.left, flow.y + 3, 2.5, segmentTop - flow.y - 3, style.color);
  const room = async (height: number) => {
    if (flow.y - height >= FRAME.bottom) return;
    endSegment();
    await flow.newPage();
    segmentTop = flow.y;
  };

  const x = FRAME.left + INDENT;
  flow.page.text(label, x, flow.y - 9, style.color);
  flow.page.text(name, x + label.width + 7, flow.y - 9, INK);
  flow.page.text(timeLine, FRAME.right - timeLine.width, flow.y - 9, MUTED);
  flow.y -= 15;

  if (quote) {
    const height = 6 + QUOTE_LINE * quote.length;
    await room(height + 2);
    flow.page.fillRect(x, flow.y - height, TEXT_WIDTH, height, style.tint);
    flow.page.fillRect(x, flow.y - height, 1.5, height, style.color);
    quote.forEach((line, i) => {
      flow.page.text(line, x + 8, flow.y - 3 - QUOTE_LINE * (i + 1) + 3, i === 0 ? INK : MUTED);
    });
    flow.y -= height + 4;
  }
  for (const line of body) {
    await room(BODY_LINE);
    flow.page.text(line, x, flow.y - 10.5, INK);
    flow.y -= BODY_LINE;
  }
  if (attachment) {
    await room(BODY_LINE + 2);
    drawAttachment(flow.page, attachment, x, flow.y - 11);
    flow.y -= BODY_LINE + 2;
  }
  endSegment();
  flow.y -= 9;
}

/** "↩ Name" and at most two lines of the quoted text. */
async function quoteLines(reply: { senderName: string; excerpt: string }): Promise<TextLine[]> {
  const head = await oneLine(`↩ ${reply.senderName}`, TEXT_WIDTH - 16, { size: 8, bold: true });
  const excerpt = reply.excerpt.replace(/\s+/g, ' ').trim().slice(0, 400);
  return [head, ...(await clampedLines(excerpt, TEXT_WIDTH - 16, QUOTE, 2))];
}

interface AttachmentLine {
  line: TextLine;
  url: string | null;
}

async function attachmentLine(file: {
  url: string;
  name: string;
  contentType: string;
}): Promise<AttachmentLine> {
  const url = linkTarget(file.url);
  const text = `Attachment: ${file.name} (${file.contentType})${url ? '' : ' — link unavailable'}`;
  return { line: await oneLine(text, TEXT_WIDTH, { size: 9, bold: false }), url };
}

/** The file name in link blue, underlined, with a /Link annotation over it. */
function drawAttachment(canvas: PageCanvas, attachment: AttachmentLine, x: number, baseline: number): void {
  const { line, url } = attachment;
  canvas.text(line, x, baseline, url ? LINK : MUTED);
  if (!url) return;
  canvas.line(x, baseline - 1.5, x + line.width, baseline - 1.5, 0.5, LINK);
  canvas.link(x, baseline - 3, line.width, 13, url);
}

/** "Page N of M" and the project on every page, written once the page count is known. */
async function drawFooters(flow: PageFlow, project: string): Promise<void> {
  const total = flow.pages.length;
  const left = await oneLine(project, CONTENT_WIDTH / 2, { size: 7.5, bold: false });
  for (const [index, page] of flow.pages.entries()) {
    const canvas = flow.footerCanvas(page);
    const number = await oneLine(`Page ${index + 1} of ${total}`, 120, { size: 7.5, bold: false });
    canvas.line(FRAME.left, FRAME.bottom - 16, FRAME.right, FRAME.bottom - 16, 0.5, [0.86, 0.87, 0.9]);
    canvas.text(left, FRAME.left, FRAME.bottom - 28, MUTED);
    canvas.text(number, FRAME.right - number.width, FRAME.bottom - 28, MUTED);
    canvas.finish();
  }
}
