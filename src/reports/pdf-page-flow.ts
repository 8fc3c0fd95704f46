import type { PDFDocument, PDFPage } from 'pdf-lib';
import { PageCanvas } from './pdf-canvas.ts';
import type { DocumentFonts } from './pdf-embedded-font.ts';
import { facesFor, loadFaces } from './pdf-fonts.ts';
import { layoutText, type TextLine, type TextStyle } from './pdf-text.ts';

/** A4 in points, and the printable frame inside the margins. */
export const A4: [number, number] = [595.28, 841.89];
export const FRAME = { left: 48, right: A4[0] - 48, top: A4[1] - 52, bottom: 56 } as const;
export const CONTENT_WIDTH = FRAME.right - FRAME.left;

/**
 * Top-to-bottom flow over as many pages as the content needs. `y` is the top of the free space
 * on the current page; each finished page is compressed at once (see PageCanvas).
 */
export class PageFlow {
  readonly pages: PDFPage[] = [];
  canvas: PageCanvas | null = null;
  y = FRAME.top;

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: DocumentFonts,
    /** Draws what repeats at the top of a page after the first; returns where content starts. */
    private readonly startPage: (canvas: PageCanvas, pageIndex: number) => Promise<number> | number,
  ) {}

  get page(): PageCanvas {
    if (!this.canvas) throw new Error('PageFlow used before newPage()');
    return this.canvas;
  }

  async newPage(): Promise<void> {
    this.canvas?.finish();
    const page = this.doc.addPage(A4);
    this.pages.push(page);
    this.canvas = new PageCanvas(this.doc.context, page, this.fonts);
    this.y = await this.startPage(this.canvas, this.pages.length - 1);
  }

  /** Makes room for `height` points, starting a page when needed; true when it did. */
  async room(height: number): Promise<boolean> {
    if (this.y - height >= FRAME.bottom) return false;
    await this.newPage();
    return true;
  }

  finish(): void {
    this.canvas?.finish();
    this.canvas = null;
  }

  /** A second canvas on a finished page, for what is known only at the end (page numbers). */
  footerCanvas(page: PDFPage): PageCanvas {
    return new PageCanvas(this.doc.context, page, this.fonts);
  }
}

/** Lays out text after loading the fonts its scripts need. */
export async function textLines(text: string, maxWidth: number, style: TextStyle): Promise<TextLine[]> {
  await loadFaces(facesFor(text, style.bold));
  return layoutText(text, maxWidth, style);
}

/** The first line of a text, for names and labels that must stay on one line. */
export async function oneLine(text: string, maxWidth: number, style: TextStyle): Promise<TextLine> {
  const [first] = await textLines(text.replace(/\s+/g, ' ').trim(), maxWidth, style);
  return first ?? { runs: [], width: 0, size: style.size };
}

/** At most `max` lines; when the text is longer, the last one ends with "…" (a tracking URL). */
export async function clampedLines(
  text: string,
  maxWidth: number,
  style: TextStyle,
  max: number,
): Promise<TextLine[]> {
  const lines = await textLines(text, maxWidth, style);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const last =
    kept
      .at(-1)
      ?.runs.map((run) => run.text)
      .join('') ?? '';
  kept[max - 1] = await oneLine(`${[...last].slice(0, -2).join('')}…`, maxWidth, style);
  return kept;
}
