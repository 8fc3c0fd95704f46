import type { Subset } from '@pdf-lib/fontkit';
import { type PDFContext, type PDFDict, PDFName, type PDFRef, PDFString } from 'pdf-lib';
import { registerDeflated } from './pdf-deflate.ts';
import type { FontFace, LoadedFace } from './pdf-fonts.ts';
import type { ShapedRun } from './pdf-shaping.ts';

/**
 * One face embedded in one document as a subset (Type0 / CIDFontType2, Identity-H), holding only
 * the glyphs drawn. pdf-lib's own embedder maps text to glyphs itself and drops the shaper's
 * positions (kerning, Arabic and Devanagari mark placement: pdf-lib #1409) and re-parses each font
 * per document; this one takes the glyph ids we shaped and writes the same PDF objects.
 *
 * A CID is given per (glyph, characters) pair, not per glyph: Arabic fonts draw ب ت ث ن ي with one
 * dotless shape plus dot marks, so one glyph stands for several letters, and copy/search must
 * still read each letter. /CIDToGIDMap points every CID at its glyph in the subset.
 */
export class EmbeddedFont {
  readonly ref: PDFRef;
  private readonly subset: Subset;
  private readonly subsetIds = new Map<number, number>();
  private readonly cids = new Map<string, number>();
  /** By CID: the subset glyph, its width in thousandths, and the characters it stands for. */
  private readonly gids: number[] = [0];
  private readonly widths: number[] = [0];
  private readonly unicode = new Map<number, number[]>();
  private readonly runCids = new WeakMap<ShapedRun, number[]>();

  constructor(
    private readonly context: PDFContext,
    readonly face: LoadedFace,
    readonly resourceName: string,
  ) {
    this.ref = context.nextRef();
    this.subset = face.font.createSubset(); // glyph 0 (.notdef) is always in it
  }

  /** The CIDs of a shaped run's glyphs; runs repeat (words, names, times), so this is cached. */
  cidsOf(run: ShapedRun): number[] {
    let cids = this.runCids.get(run);
    if (!cids) {
      cids = run.glyphIds.map((glyphId, i) => this.cid(glyphId, run.codePoints[i] ?? []));
      this.runCids.set(run, cids);
    }
    return cids;
  }

  /** The CID that draws `glyphId` and reads as `codePoints`, adding both on first use. */
  cid(glyphId: number, codePoints: number[]): number {
    const key = `${glyphId}:${codePoints.join(',')}`;
    const known = this.cids.get(key);
    if (known !== undefined) return known;
    let gid = this.subsetIds.get(glyphId);
    if (gid === undefined) {
      gid = this.subset.includeGlyph(glyphId);
      this.subsetIds.set(glyphId, gid);
    }
    const cid = this.gids.length;
    if (cid > 0xffff) return 0; // beyond two-byte codes: .notdef (no chat comes near 65,535 pairs)
    this.cids.set(key, cid);
    this.gids.push(gid);
    const advance = this.face.font.getGlyph(glyphId).advanceWidth;
    this.widths.push(Math.round((advance * 1e6) / this.face.unitsPerEm) / 1000);
    if (codePoints.length > 0) this.unicode.set(cid, codePoints);
    return cid;
  }

  /** The advance a PDF viewer applies after this CID, in thousandths of the font size. */
  pdfWidth(cid: number): number {
    return this.widths[cid] ?? 0;
  }

  /** Writes the subset and its dictionaries into the document; call once, before saving. */
  async finish(): Promise<void> {
    const { context, face } = this;
    const fontBytes = await encodeSubset(this.subset);
    const fontFile = registerDeflated(context, fontBytes, { Length1: fontBytes.length });
    const scale = 1000 / face.unitsPerEm;
    const { font } = face;
    const baseFont = `${subsetTag(face.face)}+${face.postscriptName}`;
    const descriptor = context.register(
      context.obj({
        Type: 'FontDescriptor',
        FontName: baseFont,
        Flags: 4,
        FontBBox: [
          font.bbox.minX * scale,
          font.bbox.minY * scale,
          font.bbox.maxX * scale,
          font.bbox.maxY * scale,
        ],
        ItalicAngle: 0,
        Ascent: font.ascent * scale,
        Descent: font.descent * scale,
        CapHeight: (font.capHeight || font.ascent) * scale,
        StemV: 80,
        FontFile2: fontFile,
      }),
    );
    const cidToGid = new Uint8Array(this.gids.length * 2);
    this.gids.forEach((gid, cid) => {
      cidToGid[cid * 2] = gid >> 8;
      cidToGid[cid * 2 + 1] = gid & 0xff;
    });
    const cidFont = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        W: [0, this.widths],
        CIDToGIDMap: registerDeflated(context, cidToGid),
      }),
    );
    const toUnicode = registerDeflated(context, toUnicodeCmap(this.unicode));
    const type0 = context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: baseFont,
      Encoding: 'Identity-H',
      DescendantFonts: [cidFont],
      ToUnicode: toUnicode,
    });
    context.assign(this.ref, type0);
  }
}

/** The fonts of one document, shared by every page through one resource dictionary. */
export class DocumentFonts {
  private readonly fonts = new Map<FontFace, EmbeddedFont>();
  private readonly fontDict: PDFDict;
  readonly resourcesRef: PDFRef;

  constructor(private readonly context: PDFContext) {
    this.fontDict = context.obj({});
    this.resourcesRef = context.register(context.obj({ Font: this.fontDict }));
  }

  use(face: LoadedFace): EmbeddedFont {
    let font = this.fonts.get(face.face);
    if (!font) {
      font = new EmbeddedFont(this.context, face, `F${this.fonts.size + 1}`);
      this.fontDict.set(PDFName.of(font.resourceName), font.ref);
      this.fonts.set(face.face, font);
    }
    return font;
  }

  async finish(): Promise<void> {
    for (const font of this.fonts.values()) await font.finish();
  }
}

interface NodeLikeStream {
  on(event: 'data', listener: (bytes: Uint8Array) => void): NodeLikeStream;
  on(event: 'end', listener: () => void): NodeLikeStream;
  on(event: 'error', listener: (error: Error) => void): NodeLikeStream;
}

function encodeSubset(subset: Subset): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    // The real object is a Node-style stream, which also emits 'error' (the typings omit it).
    const stream = subset.encodeStream() as unknown as NodeLikeStream;
    stream
      .on('data', (bytes: Uint8Array) => parts.push(bytes))
      .on('end', () => resolve(new Uint8Array(Buffer.concat(parts))))
      .on('error', (error: Error) => reject(error));
  });
}

/** A PDF subset name starts with six capital letters and '+'; one tag per face. */
function subsetTag(face: FontFace): string {
  const letters = face.toUpperCase().replace(/[^A-Z]/g, '');
  return `LC${letters}XXXX`.slice(0, 6);
}

export function utf16Hex(codePoints: number[]): string {
  let hex = '';
  for (const unit of String.fromCodePoint(...codePoints)) {
    for (let i = 0; i < unit.length; i++) hex += unit.charCodeAt(i).toString(16).padStart(4, '0');
  }
  return hex;
}

/** The ToUnicode CMap that lets readers copy and search the text (glyph id → characters). */
function toUnicodeCmap(unicode: Map<number, number[]>): string {
  const entries = [...unicode].map(([id, cps]) => `<${id.toString(16).padStart(4, '0')}> <${utf16Hex(cps)}>`);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}
