import { beforeAll, describe, expect, test } from 'bun:test';
import { facesFor, loadFaces } from '../../../src/reports/pdf-fonts.ts';
import { layoutText, type TextLine } from '../../../src/reports/pdf-text.ts';

const STYLE = { size: 10, bold: false };

beforeAll(async () => {
  await loadFaces(facesFor('Hello 你好 नमस्ते 😀 مرحبا שלום', false));
});

/** The characters a line's glyphs stand for, run by run in visual order. */
const glyphText = (line: TextLine) =>
  line.runs.map((run) => String.fromCodePoint(...run.shaped.codePoints.flat()));

describe('layoutText', () => {
  test('each script gets its own font run', () => {
    const [line] = layoutText('Hello 你好 नमस्ते 😀', 500, STYLE);
    const faces = line?.runs.filter((run) => run.text.trim()).map((run) => run.face.face) ?? [];
    expect(faces.filter((face, i) => face !== faces[i - 1])).toEqual(['sans', 'cjk', 'devanagari', 'emoji']);
  });

  test('digits inside Arabic keep their order and stand left of the words before them', () => {
    const [line] = layoutText('رقم 4821', 500, STYLE);
    const runs = line?.runs ?? [];
    const digits = runs.find((run) => run.text === '4821');
    const word = runs.find((run) => run.text === 'رقم');
    expect(digits && word).toBeTruthy();
    expect(String.fromCodePoint(...(digits?.shaped.codePoints.flat() ?? []))).toBe('4821');
    expect(digits?.x ?? 0).toBeLessThan(word?.x ?? 0); // RTL: what comes later sits further left
    // fontkit draws the Arabic word right to left: last letter first.
    expect(word?.shaped.codePoints.flat().at(0)).toBe('م'.codePointAt(0));
  });

  test('an RTL paragraph is right-aligned, an LTR one left-aligned', () => {
    const [rtl] = layoutText('שלום', 300, STYLE);
    const [ltr] = layoutText('Hello', 300, STYLE);
    expect(rtl?.runs[0]?.x).toBeCloseTo(300 - (rtl?.width ?? 0), 5);
    expect(ltr?.runs[0]?.x).toBe(0);
  });

  test('brackets are mirrored in right-to-left runs', () => {
    const [line] = layoutText('مرحبا (نعم) شكرا', 500, STYLE);
    const drawn = glyphText(line as TextLine).join('');
    // Visually the opening bracket of the logical text is drawn on the right, as ")" mirrored to "(".
    expect(drawn.indexOf('(')).toBeLessThan(drawn.indexOf(')'));
  });

  test('a long URL is cut between characters and nothing is lost', () => {
    const url = `https://shop.example.com/${'segment/'.repeat(30)}?utm_campaign=${'x'.repeat(80)}`;
    const lines = layoutText(`Open ${url} now`, 200, STYLE);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(200.01);
    const rebuilt = lines.map((line) => line.runs.map((run) => run.text).join('')).join('');
    expect(rebuilt.replace(/\s/g, '')).toBe(`Open${url}now`);
  });

  test('Chinese wraps between characters, closing punctuation stays with its character', () => {
    const text = '你好，我想了解一下你们的价格。我们公司有二十个员工，请问有折扣吗？'.repeat(3);
    const lines = layoutText(text, 120, STYLE);
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) {
      expect(line.width).toBeLessThanOrEqual(120.01);
      expect(line.runs[0]?.text.charAt(0)).not.toMatch(/[，。？]/);
    }
  });

  test('Devanagari is shaped: reordered glyphs carry their text for copy and search', () => {
    const [line] = layoutText('हिंदी', 500, STYLE);
    const run = line?.runs[0];
    // The vowel sign ि is drawn before the consonant it follows in the text.
    expect(run?.shaped.codePoints[0]).toContain('ि'.codePointAt(0));
    expect(run?.needsActualText).toBe(true);
    expect(run?.text).toBe('हिंदी');
  });

  test('line breaks make paragraphs; control characters are dropped', () => {
    const lines = layoutText('one\r\ntwo\n\nthree\u0007', 500, STYLE);
    expect(lines.map((line) => line.runs.map((run) => run.text).join(''))).toEqual([
      'one',
      'two',
      '',
      'three',
    ]);
  });
});
