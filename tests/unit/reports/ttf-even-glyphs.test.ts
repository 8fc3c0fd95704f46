import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from '@pdf-lib/fontkit';
import { padGlyphRecords } from '../../../src/reports/ttf-even-glyphs.ts';

const resolve = createRequire(import.meta.url).resolve;
const fontBytes = (path: string) => new Uint8Array(readFileSync(resolve(path)));
const CJK = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';
const ARABIC = '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf';
const TEXT = '你好我想了解一下你们的价格我们公司有二十个员工请问有折扣吗';

/** Subsets `text`'s glyphs the way the PDF embedder does and counts glyphs whose outline changed. */
async function brokenGlyphsInSubset(bytes: Uint8Array, text: string): Promise<number> {
  const font = fontkit.create(bytes);
  const glyphs = font.glyphsForString(text);
  const subset = font.createSubset();
  const ids = glyphs.map((glyph) => subset.includeGlyph(glyph.id));
  const parts: Uint8Array[] = [];
  await new Promise<void>((done) => {
    subset
      .encodeStream()
      .on('data', (part) => parts.push(part))
      .on('end', () => done());
  });
  const reread = fontkit.create(new Uint8Array(Buffer.concat(parts)));
  let broken = 0;
  glyphs.forEach((glyph, i) => {
    try {
      const copy = reread.getGlyph(ids[i] ?? 0).path;
      if (copy.toSVG() !== glyph.path.toSVG()) broken++;
    } catch {
      broken++;
    }
  });
  return broken;
}

describe('padGlyphRecords', () => {
  test('fontkit subsets of the padded CJK font keep every glyph outline', async () => {
    expect(await brokenGlyphsInSubset(padGlyphRecords(fontBytes(CJK)), TEXT)).toBe(0);
  });

  test('without it the same subset is corrupt (the fontkit bug behind pdf-lib #1232)', async () => {
    // If this starts failing, @pdf-lib/fontkit was fixed and padGlyphRecords can go.
    expect(await brokenGlyphsInSubset(fontBytes(CJK), TEXT)).toBeGreaterThan(0);
  });

  test('every glyph keeps its bytes, at offsets that are multiples of four', () => {
    const original = fontkit.create(fontBytes(CJK));
    const padded = fontkit.create(padGlyphRecords(fontBytes(CJK)));
    expect(padded.numGlyphs).toBe(original.numGlyphs);
    for (const char of '中A😀é') {
      const cp = char.codePointAt(0) ?? 0;
      expect(padded.hasGlyphForCodePoint(cp)).toBe(original.hasGlyphForCodePoint(cp));
    }
    const sample = original.glyphsForString(TEXT);
    for (const glyph of sample) expect(padded.getGlyph(glyph.id).path.toSVG()).toBe(glyph.path.toSVG());
    const loca = (padded as unknown as { loca: { offsets: number[] } }).loca.offsets;
    expect(loca.every((offset) => offset % 4 === 0)).toBe(true);
  });

  test('a font with a short loca (even records already) is returned as it is', () => {
    const arabic = fontBytes(ARABIC);
    expect(padGlyphRecords(arabic)).toBe(arabic);
  });
});
