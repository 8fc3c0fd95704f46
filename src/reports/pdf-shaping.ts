import type { LoadedFace } from './pdf-fonts.ts';

/**
 * One run of text in one face after OpenType shaping (fontkit: GSUB ligatures, Arabic joining,
 * the Indic reordering and conjuncts, GPOS kerning and mark positions), in visual order.
 * Units are the font's own (unitsPerEm).
 */
export interface ShapedRun {
  glyphIds: number[];
  /** The characters each glyph stands for (a ligature has several, a mark may have none). */
  codePoints: number[][];
  /** The glyph's own advance: what a PDF viewer moves by after drawing it. */
  advances: number[];
  /** The advance shaping asks for (kerning, zero-width marks). */
  xAdvance: number[];
  xOffset: number[];
  yOffset: number[];
  width: number;
  /** False when the glyphs are not in the text's order (RTL, Indic reordering): the PDF then
   * carries the text itself as /ActualText so copy and search read it right. */
  logicalOrder: boolean;
}

const MAX_CACHED_PER_FACE = 50_000;
const caches = new WeakMap<LoadedFace, Map<string, ShapedRun>>();

/**
 * Shapes `text` (already mirrored for RTL) in `face`. fontkit reverses runs of RTL scripts
 * itself; an RTL run it lays out left to right (neutrals, an Arabic font's Latin punctuation) is
 * reversed here. Shaping costs ~10 µs a glyph, so results are cached per face: chat text repeats.
 */
export function shapeRun(face: LoadedFace, text: string, rtl: boolean): ShapedRun {
  let cache = caches.get(face);
  if (!cache) {
    cache = new Map();
    caches.set(face, cache);
  }
  const key = rtl ? `\u0001${text}` : text;
  const hit = cache.get(key);
  if (hit) return hit;
  if (cache.size >= MAX_CACHED_PER_FACE) cache.clear();
  const shaped = layout(face, text, rtl);
  cache.set(key, shaped);
  return shaped;
}

function layout(face: LoadedFace, text: string, rtl: boolean): ShapedRun {
  forgetGlyphObjects(face);
  const run = face.font.layout(text);
  const glyphIds: number[] = [];
  const codePoints: number[][] = [];
  const advances: number[] = [];
  const xAdvance: number[] = [];
  const xOffset: number[] = [];
  const yOffset: number[] = [];
  let width = 0;
  run.glyphs.forEach((glyph, i) => {
    const position = run.positions[i];
    glyphIds.push(glyph.id);
    codePoints.push(glyph.codePoints);
    advances.push(glyph.advanceWidth);
    xAdvance.push(position?.xAdvance ?? glyph.advanceWidth);
    xOffset.push(position?.xOffset ?? 0);
    yOffset.push(position?.yOffset ?? 0);
    width += position?.xAdvance ?? glyph.advanceWidth;
  });
  if (rtl && run.direction !== 'rtl') {
    for (const list of [glyphIds, codePoints, advances, xAdvance, xOffset, yOffset]) list.reverse();
  }
  const inGlyphOrder = codePoints.flat();
  const inTextOrder = [...text].map((char) => char.codePointAt(0));
  const logicalOrder =
    inGlyphOrder.length === inTextOrder.length && inGlyphOrder.every((cp, i) => cp === inTextOrder[i]);
  return { glyphIds, codePoints, advances, xAdvance, xOffset, yOffset, width, logicalOrder };
}

/**
 * fontkit keeps one Glyph object per glyph id and stamps it with the characters of its first use,
 * so a glyph shared by several letters (Arabic's dotless ف/ق, ب/ت/ن/ي skeletons) would report the
 * first letter forever and copy/search would read "رفم" for "رقم". Emptying that private cache
 * before each layout makes every returned glyph carry the characters of this text.
 */
function forgetGlyphObjects(face: LoadedFace): void {
  const internal = face.font as unknown as { _glyphs?: Record<number, unknown> };
  if (internal._glyphs) internal._glyphs = {};
}
