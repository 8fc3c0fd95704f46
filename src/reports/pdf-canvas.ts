import { type PDFContext, PDFName, type PDFPage, PDFString } from 'pdf-lib';
import { registerDeflated } from './pdf-deflate.ts';
import { type DocumentFonts, utf16Hex } from './pdf-embedded-font.ts';
import type { PlacedRun, TextLine } from './pdf-text.ts';

export type Rgb = readonly [number, number, number];

/**
 * Draws one page by writing PDF content operators as text. When the page is done, `finish()`
 * stores them as one compressed stream: pdf-lib then holds a few KB per page instead of an
 * object per operator, which is what keeps a 50,000-message transcript within memory.
 */
export class PageCanvas {
  private readonly ops: string[] = [];

  constructor(
    private readonly context: PDFContext,
    readonly page: PDFPage,
    private readonly fonts: DocumentFonts,
  ) {
    page.node.set(PDFName.of('Resources'), fonts.resourcesRef);
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    this.ops.push(`${rgb(color)} rg ${n(x)} ${n(y)} ${n(width)} ${n(height)} re f`);
  }

  line(x1: number, y1: number, x2: number, y2: number, width: number, color: Rgb): void {
    this.ops.push(`${rgb(color)} RG ${n(width)} w ${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l S`);
  }

  /** Draws a laid-out line with its left edge at x and its baseline at y. */
  text(line: TextLine, x: number, y: number, color: Rgb): void {
    if (line.runs.length === 0) return;
    this.ops.push(`${rgb(color)} rg`);
    for (const run of line.runs) this.run(run, x + run.x, y, line.size);
  }

  /** A clickable area that opens `url` (a real /Link annotation with a /URI action). */
  link(x: number, y: number, width: number, height: number, url: string): void {
    const annotation = this.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [x, y, x + width, y + height],
      Border: [0, 0, 0],
      A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) },
    });
    this.page.node.addAnnot(this.context.register(annotation));
  }

  finish(): void {
    this.page.node.addContentStream(registerDeflated(this.context, this.ops.join('\n')));
    this.ops.length = 0;
  }

  /**
   * One shaped run as TJ arrays: the numbers between glyphs move each glyph from where the viewer
   * would put it (its own advance) to where shaping placed it (kerning, mark offsets); a vertical
   * mark offset becomes a text rise (Ts), which TJ cannot express.
   */
  private run(run: PlacedRun, x: number, y: number, size: number): void {
    const font = this.fonts.use(run.face);
    const { shaped } = run;
    const perUnit = 1000 / run.face.unitsPerEm; // font units → thousandths of the size
    const parts: string[] = [];
    if (run.needsActualText)
      parts.push(`/Span <</ActualText <feff${utf16Hex(codePointsOf(run.text))}>>> BDC`);
    parts.push(`BT /${font.resourceName} ${n(size)} Tf ${n(x)} ${n(y)} Td [`);
    let viewer = 0; // where the viewer's pen is, in thousandths
    let pen = 0; // where shaping's pen is
    let rise = 0;
    const cids = font.cidsOf(shaped);
    for (let i = 0; i < shaped.glyphIds.length; i++) {
      const id = cids[i] ?? 0;
      const glyphRise = (shaped.yOffset[i] ?? 0) * perUnit;
      if (glyphRise !== rise) {
        parts.push(`] TJ ${n((glyphRise * size) / 1000)} Ts [`);
        rise = glyphRise;
      }
      const target = pen + (shaped.xOffset[i] ?? 0) * perUnit;
      const adjust = viewer - target;
      if (Math.abs(adjust) > 0.01) parts.push(n(adjust));
      parts.push(`<${hex4(id)}>`);
      viewer = target + font.pdfWidth(id);
      pen += (shaped.xAdvance[i] ?? 0) * perUnit;
    }
    parts.push('] TJ');
    if (rise !== 0) parts.push('0 Ts');
    parts.push('ET');
    if (run.needsActualText) parts.push('EMC');
    this.ops.push(parts.join(' '));
  }
}

const hex4 = (id: number) => (id + 0x10000).toString(16).slice(1);

function codePointsOf(text: string): number[] {
  return [...text].map((char) => char.codePointAt(0) ?? 0xfffd);
}

/** A PDF number: at most two decimals, never an exponent. */
function n(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

function rgb(color: Rgb): string {
  return color.map((channel) => n(channel)).join(' ');
}
