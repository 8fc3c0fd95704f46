import bidiFactory from 'bidi-js';
import {
  type FontFace,
  fallbackFace,
  isAttaching,
  type LoadedFace,
  loadedFace,
  scriptFace,
} from './pdf-fonts.ts';
import { type ShapedRun, shapeRun } from './pdf-shaping.ts';

/**
 * Line layout for the PDF transcript: script runs (a font per run), the Unicode bidi algorithm
 * (bidi-js) for Arabic and Hebrew, greedy word wrap that also breaks CJK between characters and
 * over-long words (URLs) between graphemes. Pure given loaded fonts (see loadFaces).
 */
export interface TextStyle {
  size: number;
  bold: boolean;
}

/** A shaped piece of one line, placed `x` points from the line's left edge, in visual order. */
export interface PlacedRun {
  face: LoadedFace;
  shaped: ShapedRun;
  /** The piece as written (logical order, unmirrored): the text copy and search should read. */
  text: string;
  /**
   * True for a left-to-right run whose glyphs are not in text order (Indic reordering): the PDF
   * then carries `text` as /ActualText. RTL runs are drawn in visual order and left to the
   * reader's own bidi pass, as browsers' PDFs are: poppler reverses an RTL /ActualText again.
   */
  needsActualText: boolean;
  x: number;
  width: number;
}

export interface TextLine {
  runs: PlacedRun[];
  width: number;
  /** The font size the runs were shaped and placed at. */
  size: number;
}

interface Segment {
  face: LoadedFace;
  text: string;
  level: number;
  shaped: ShapedRun;
  width: number;
}

interface Token {
  space: boolean;
  segments: Segment[];
  width: number;
  start: number;
  text: string;
}

const bidi = bidiFactory();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const COMMON = /[\p{Z}\p{P}\p{N}\p{S}]/u;
const CJK_CHAR = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const NO_LINE_START = /^[，。、！？：；）」』》〉・ー…,.!?:;)\]]$/u;

/** Removes control characters a PDF cannot show; tabs become spaces, line ends become \n. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/(?!\n)[\p{Cc}\u2028\u2029]/gu, ' ');
}

/** Lays out text (may hold several paragraphs) into lines no wider than `maxWidth` points. */
export function layoutText(text: string, maxWidth: number, style: TextStyle): TextLine[] {
  return cleanText(text)
    .split('\n')
    .flatMap((paragraph) => layoutParagraph(paragraph, maxWidth, style));
}

function layoutParagraph(paragraph: string, maxWidth: number, style: TextStyle): TextLine[] {
  if (paragraph.trim() === '') return [{ runs: [], width: 0, size: style.size }];
  const embedding = bidi.getEmbeddingLevels(paragraph);
  const rtlParagraph = (embedding.paragraphs[0]?.level ?? 0) % 2 === 1;
  const tokens = tokenize(paragraph).flatMap((token) =>
    wrapLongToken(shapeToken(token, embedding.levels, style), maxWidth, embedding.levels, style),
  );
  const lines: Token[][] = [];
  let line: Token[] = [];
  let width = 0;
  for (const token of tokens) {
    if (token.space && line.length === 0) continue;
    const fits = width + token.width <= maxWidth || token.space || line.length === 0;
    const cannotStartLine = NO_LINE_START.test(token.text) && line.length > 0;
    if (!fits && !cannotStartLine) {
      lines.push(line);
      line = [];
      width = 0;
    }
    line.push(token);
    width += token.width;
  }
  if (line.length > 0) lines.push(line);
  return lines.map((tokensOfLine) => placeLine(tokensOfLine, maxWidth, rtlParagraph, style.size));
}

function tokenize(paragraph: string): Array<{ text: string; start: number; space: boolean }> {
  const tokens: Array<{ text: string; start: number; space: boolean }> = [];
  const pattern =
    /\s+|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\s\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
  for (const match of paragraph.matchAll(pattern)) {
    const text = match[0];
    const previous = tokens.at(-1);
    // A CJK closing mark stays with the character before it.
    if (previous && !previous.space && CJK_CHAR.test(previous.text) && NO_LINE_START.test(text.charAt(0))) {
      previous.text += text;
      continue;
    }
    tokens.push({ text, start: match.index, space: /^\s/.test(text) });
  }
  return tokens;
}

function shapeToken(
  token: { text: string; start: number; space: boolean },
  levels: Uint8Array,
  style: TextStyle,
): Token {
  const base: FontFace = style.bold ? 'sansBold' : 'sans';
  const segments: Segment[] = [];
  let current = null as { face: FontFace; level: number; from: number; to: number } | null;
  const flush = () => {
    if (current)
      segments.push(
        makeSegment(token.text.slice(current.from, current.to), current.face, current.level, style),
      );
  };
  let offset = 0;
  for (const char of token.text) {
    const cp = char.codePointAt(0) ?? 0;
    const level = levels[token.start + offset] ?? 0;
    const currentFace: FontFace | null = current?.face ?? null;
    const attaches: boolean = currentFace !== null && isAttaching(cp);
    const face: FontFace =
      attaches && currentFace ? currentFace : (scriptFace(cp) ?? pickFace(cp, currentFace, base));
    if (current && (attaches || (current.face === face && current.level === level))) {
      current.to = offset + char.length;
    } else {
      flush();
      current = { face, level, from: offset, to: offset + char.length };
    }
    offset += char.length;
  }
  flush();
  return { ...token, segments, width: segments.reduce((sum, segment) => sum + segment.width, 0) };
}

/** Letters go to the base font first; spaces, digits and punctuation stay in the current run. */
function pickFace(cp: number, current: FontFace | null, base: FontFace): FontFace {
  const char = String.fromCodePoint(cp);
  return fallbackFace(cp, COMMON.test(char) ? current : null, base);
}

function makeSegment(text: string, faceName: FontFace, level: number, style: TextStyle): Segment {
  const face = loadedFace(faceName);
  const rtl = level % 2 === 1;
  const drawn = rtl ? mirror(text) : text;
  const shaped = shapeRun(face, drawn, rtl);
  return { face, text, level, shaped, width: (shaped.width * style.size) / face.unitsPerEm };
}

function mirror(text: string): string {
  let out = '';
  for (const char of text) out += bidi.getMirroredCharacter(char) ?? char;
  return out;
}

/**
 * A word wider than the line (a URL, a long number) is cut between graphemes. Widths are summed
 * per grapheme (each shaped once, then cached), so cutting costs one shaping per piece.
 */
function wrapLongToken(token: Token, maxWidth: number, levels: Uint8Array, style: TextStyle): Token[] {
  if (token.space || token.width <= maxWidth) return [token];
  const pieces: Token[] = [];
  let from = 0;
  let width = 0;
  for (const { segment, index } of graphemes.segment(token.text)) {
    const grapheme = shapeToken({ text: segment, start: token.start + index, space: false }, levels, style);
    // Kerning inside a piece can differ from the sum of its graphemes: keep 3% slack.
    if (width + grapheme.width > maxWidth * 0.97 && index > from) {
      pieces.push(
        shapeToken(
          { text: token.text.slice(from, index), start: token.start + from, space: false },
          levels,
          style,
        ),
      );
      from = index;
      width = 0;
    }
    width += grapheme.width;
  }
  pieces.push(
    shapeToken({ text: token.text.slice(from), start: token.start + from, space: false }, levels, style),
  );
  return pieces;
}

/** Orders a line's segments visually (UAX #9 rule L2) and gives each its x. */
function placeLine(tokens: Token[], maxWidth: number, rtlParagraph: boolean, size: number): TextLine {
  while (tokens.at(-1)?.space) tokens.pop();
  const segments = tokens.flatMap((token) => token.segments);
  const maxLevel = Math.max(0, ...segments.map((segment) => segment.level));
  const lowestOdd = Math.min(
    ...segments.map((segment) => segment.level).filter((level) => level % 2 === 1),
    99,
  );
  for (let level = maxLevel; level >= lowestOdd && level > 0; level--) {
    let i = 0;
    while (i < segments.length) {
      if ((segments[i]?.level ?? 0) < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < segments.length && (segments[j]?.level ?? 0) >= level) j++;
      const reversed = segments.slice(i, j).reverse();
      segments.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  const width = segments.reduce((sum, segment) => sum + segment.width, 0);
  let x = rtlParagraph ? Math.max(0, maxWidth - width) : 0;
  const runs = segments.map((segment) => {
    const placed: PlacedRun = {
      face: segment.face,
      shaped: segment.shaped,
      text: segment.text,
      needsActualText: segment.level % 2 === 0 && !segment.shaped.logicalOrder,
      x,
      width: segment.width,
    };
    x += segment.width;
    return placed;
  });
  return { runs, width, size };
}
