import type { PageCanvas, Rgb } from './pdf-canvas.ts';
import { CONTENT_WIDTH, clampedLines, FRAME, oneLine, type PageFlow } from './pdf-page-flow.ts';
import type { TextLine } from './pdf-text.ts';
import type { TranscriptHeader } from './transcript.ts';

export const INK: Rgb = [0.11, 0.12, 0.14];
export const MUTED: Rgb = [0.4, 0.43, 0.48];
export const RULE: Rgb = [0.82, 0.84, 0.87];

/** Times in the viewer's zone and locale; an unknown zone or locale fails loudly up front. */
export interface TimeFormat {
  /** A message's time, e.g. "2 Dec 2026, 15:03". */
  short(iso: string): string;
  /** With the zone, e.g. "2 Dec 2026, 15:03 GMT+5:30", for the header. */
  long(iso: string | Date): string;
}

export function timeFormat(locale: string, timeZone: string): TimeFormat {
  let short: Intl.DateTimeFormat;
  let long: Intl.DateTimeFormat;
  try {
    const base = {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    } as const;
    short = new Intl.DateTimeFormat(locale, base);
    long = new Intl.DateTimeFormat(locale, { ...base, timeZoneName: 'short' });
  } catch (error) {
    throw new RangeError(`transcript: unknown time zone "${timeZone}" or locale "${locale}"`, {
      cause: error,
    });
  }
  const format = (formatter: Intl.DateTimeFormat, value: string | Date) => {
    const date = typeof value === 'string' ? new Date(value) : value;
    return Number.isNaN(date.getTime()) ? String(value) : formatter.format(date);
  };
  return { short: (iso) => format(short, iso), long: (value) => format(long, value) };
}

const LABEL = { size: 7.5, bold: true };
const VALUE = { size: 9.5, bold: false };
const ROW_LINE = 12.5;
const LABEL_WIDTH = 78;
const COLUMN_GAP = 24;

/** The first page's header: title, then contact and attribution side by side. */
export async function drawHeader(
  flow: PageFlow,
  header: TranscriptHeader,
  time: TimeFormat,
  generatedAt: Date,
) {
  const canvas = flow.page;
  const title = await oneLine('Chat transcript', CONTENT_WIDTH, { size: 18, bold: true });
  const generated = await oneLine(`Generated ${time.long(generatedAt)}`, CONTENT_WIDTH / 2, {
    size: 8,
    bold: false,
  });
  canvas.text(title, FRAME.left, flow.y - 18, INK);
  canvas.text(generated, FRAME.right - generated.width, flow.y - 16, MUTED);
  flow.y -= 26;
  const subtitle = [header.project, header.chatRef ? `Chat ${header.chatRef}` : null]
    .filter(Boolean)
    .join('  ·  ');
  const sub = await oneLine(subtitle, CONTENT_WIDTH, { size: 10, bold: false });
  canvas.text(sub, FRAME.left, flow.y - 10, MUTED);
  flow.y -= 24;

  const a = header.attribution;
  const columnWidth = (CONTENT_WIDTH - COLUMN_GAP) / 2;
  const left = await rows(columnWidth, 'Contact', [
    ['Visitor', header.visitorName],
    ['Phone', header.visitorPhone],
    ['Email', header.visitorEmail],
    ['Status', header.status],
    ['Agent', header.agentName ?? 'Unassigned'],
    ['Lead stage', header.leadStage],
    ['Started', time.long(header.createdAt)],
    ['Closed', header.closedAt ? time.long(header.closedAt) : 'Open'],
  ]);
  const right = await rows(columnWidth, 'Attribution', [
    ['Source', a.source],
    ['Campaign', a.utmCampaign],
    ['UTM source', a.utmSource],
    ['UTM medium', a.utmMedium],
    ['Landing page', a.landingUrl],
    ['Referrer', a.referrer],
    ['Device', a.device],
  ]);
  const top = flow.y;
  const leftEnd = drawRows(canvas, left, FRAME.left, top);
  const rightEnd = drawRows(canvas, right, FRAME.left + columnWidth + COLUMN_GAP, top);
  flow.y = Math.min(leftEnd, rightEnd) - 10;
  canvas.line(FRAME.left, flow.y, FRAME.right, flow.y, 0.75, RULE);
  flow.y -= 16;
}

interface Row {
  label: TextLine;
  value: TextLine[];
}

async function rows(width: number, heading: string, fields: Array<[string, string | null | undefined]>) {
  const out: Row[] = [{ label: await oneLine(heading.toUpperCase(), width, LABEL), value: [] }];
  for (const [label, value] of fields) {
    const text = value?.trim() ? value : '—';
    out.push({
      label: await oneLine(label, LABEL_WIDTH - 6, LABEL),
      value: await clampedLines(text, width - LABEL_WIDTH, VALUE, 4),
    });
  }
  return out;
}

/** Draws label/value rows from `top` down; returns the y below the last row. */
function drawRows(canvas: PageCanvas, list: Row[], x: number, top: number): number {
  let y = top;
  for (const [index, row] of list.entries()) {
    if (index === 0) {
      canvas.text(row.label, x, y - 8, MUTED);
      y -= 16;
      continue;
    }
    canvas.text(row.label, x, y - 9, MUTED);
    for (const line of row.value) {
      canvas.text(line, x + LABEL_WIDTH, y - 9, INK);
      y -= ROW_LINE;
    }
    y -= 2;
  }
  return y;
}

/** Pages after the first repeat who the chat was with, above a thin rule. */
export async function drawRunningHeader(canvas: PageCanvas, header: TranscriptHeader): Promise<number> {
  const text = `Chat transcript  ·  ${header.visitorName}  ·  ${header.project}`;
  const line = await oneLine(text, CONTENT_WIDTH, { size: 8, bold: false });
  canvas.text(line, FRAME.left, FRAME.top + 8, MUTED);
  canvas.line(FRAME.left, FRAME.top + 2, FRAME.right, FRAME.top + 2, 0.5, RULE);
  return FRAME.top - 12;
}
