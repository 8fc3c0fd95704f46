import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { renderTranscriptPdf } from '../../../src/reports/transcript-pdf.ts';
import { HEADER, SAMPLE_TEXTS, sampleMessage, sampleMessages } from './transcript-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'transcript-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GENERATED_AT = new Date('2026-12-02T10:00:00Z');
const render = (count: number, overrides: Partial<Parameters<typeof renderTranscriptPdf>[0]> = {}) =>
  renderTranscriptPdf({
    header: HEADER,
    messages: sampleMessages(count),
    timeZone: 'Asia/Kolkata',
    locale: 'en-GB',
    generatedAt: GENERATED_AT,
    ...overrides,
  });

function run(command: string[]): { stdout: string; stderr: string; exitCode: number } {
  const result = Bun.spawnSync(command, { stdout: 'pipe', stderr: 'pipe' });
  return { stdout: result.stdout.toString(), stderr: result.stderr.toString(), exitCode: result.exitCode };
}

/** Every /Link annotation's URI, per page. */
function linkUris(doc: PDFDocument): string[][] {
  return doc.getPages().map((page) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annots) return [];
    return annots.asArray().map((ref) => {
      const annot = doc.context.lookup(ref, PDFDict);
      expect(annot.get(PDFName.of('Subtype'))).toBe(PDFName.of('Link'));
      const action = annot.lookup(PDFName.of('A'), PDFDict);
      return action.lookup(PDFName.of('URI'), PDFString).decodeText();
    });
  });
}

describe('renderTranscriptPdf: a 500-message chat in every script', () => {
  const file = join(dir, 'chat-500.pdf');
  let bytes: Uint8Array;
  let doc: PDFDocument;
  let text: string;
  let renderMs = 0;

  beforeAll(async () => {
    await render(5); // fonts load once per process; time the render itself
    const started = performance.now();
    bytes = await render(500);
    renderMs = performance.now() - started;
    writeFileSync(file, bytes);
    doc = await PDFDocument.load(bytes);
    text = run(['pdftotext', '-enc', 'UTF-8', file, '-']).stdout;
  });

  test('renders fast and small, as several A4 pages', () => {
    console.log(
      `500 messages: ${renderMs.toFixed(0)} ms, ${(bytes.length / 1024).toFixed(0)} KB, ${doc.getPageCount()} pages`,
    );
    expect(renderMs).toBeLessThan(10_000); // measured ≈ 0.2-0.3 s here; the bound only catches a collapse
    expect(bytes.length).toBeLessThan(1_500_000);
    expect(doc.getPageCount()).toBeGreaterThan(20);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 1);
      expect(page.getHeight()).toBeCloseTo(841.89, 1);
    }
  });

  test('pdftoppm renders every page without an error', () => {
    const out = join(dir, 'page');
    const result = run(['pdftoppm', '-r', '50', '-png', file, out]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const pngs = readdirSync(dir).filter((name) => name.startsWith('page') && name.endsWith('.png'));
    expect(pngs.length).toBe(doc.getPageCount());
  });

  test('every font is embedded as a Unicode subset', () => {
    const fonts = run(['pdffonts', file]).stdout.split('\n').slice(2).filter(Boolean);
    const names = fonts.map((line) => line.split(/\s+/)[0]);
    for (const face of [
      'NotoSans-Regular',
      'NotoSans-Bold',
      'NotoSansDevanagari',
      'NotoSansArabic',
      'NotoSansSC',
      'NotoEmoji',
    ]) {
      expect(names.some((name) => name?.includes(face))).toBe(true);
    }
    for (const line of fonts) expect(line).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });

  test('pdftotext finds the Latin, accented, Devanagari and other scripts as text', () => {
    const words = [
      'Premium plan for twelve users',
      'Zürich, São Paulo, Ångström, Łódź',
      'नमस्ते',
      'प्रीमियम',
      'हिंदी',
      'क्षत्रिय',
      'श्रीमान',
      'धर्म',
      '你好',
      'Привет',
      'رقم',
      'حجز',
      'שלום',
      '😀',
    ];
    for (const word of words) expect(text).toContain(word);
    expect(text).toContain(SAMPLE_TEXTS.hindi.slice(0, 40));
  });

  test('the header names the visitor, contact, agent and attribution', () => {
    const first = run(['pdftotext', '-layout', '-f', '1', '-l', '1', file, '-']).stdout;
    expect(first).toMatch(/Visitor\s+Priya Sharma/);
    expect(first).toMatch(/Phone\s+\+91 98765 43210/);
    expect(first).toMatch(/Agent\s+Daniel Okafor/);
    expect(first).toMatch(/Lead stage\s+Qualified/);
    expect(first).toMatch(/Campaign\s+winter_sale_2026/);
    expect(first).toMatch(/Device\s+Mobile · Android 15 · Chrome 131/);
  });

  test("times are in the viewer's zone", () => {
    expect(text).toContain('30 Nov 2026, 14:45'); // 09:15 UTC in Asia/Kolkata
    expect(text).toContain('Generated 2 Dec 2026, 15:30 GMT+5:30');
    expect(text).not.toContain('30 Nov 2026, 09:15');
  });

  test('every page says "Page N of M"', () => {
    const total = doc.getPageCount();
    const pages = text.split('\f').filter((page) => page.trim());
    expect(pages.length).toBe(total);
    for (const [i, page] of pages.entries()) expect(page).toContain(`Page ${i + 1} of ${total}`);
  });

  test('each attachment is a real link annotation to its URL', () => {
    const expected = Array.from({ length: 500 }, (_, i) => sampleMessage(i).attachment?.url).filter(Boolean);
    const uris = linkUris(doc).flat();
    expect(uris).toEqual(expected as string[]);
    for (const page of doc.getPages()) {
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? [];
      for (const ref of annots) {
        const [x1, y1, x2, y2] = doc.context
          .lookup(ref, PDFDict)
          .lookup(PDFName.of('Rect'), PDFArray)
          .asArray()
          .map((n) => Number(n.toString()));
        expect(x1).toBeGreaterThanOrEqual(48);
        expect(x2).toBeLessThanOrEqual(595.28 - 48);
        expect(y1).toBeGreaterThan(40);
        expect(y2).toBeLessThan(841.89 - 40);
      }
    }
  });
});

describe('renderTranscriptPdf: input edges', () => {
  test('messages are read one at a time and not kept once drawn', async () => {
    const refs: WeakRef<object>[] = [];
    let aliveEarly = -1;
    async function* messages() {
      for (let i = 0; i < 3000; i++) {
        if (i === 2500) {
          Bun.gc(true);
          aliveEarly = refs.slice(0, 2000).filter((ref) => ref.deref()).length;
        }
        const message = sampleMessage(i);
        refs.push(new WeakRef(message));
        yield message;
      }
    }
    const bytes = await render(0, { messages: messages() });
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThan(100);
    expect(aliveEarly).toBeLessThan(10); // drawn messages were collected while later ones streamed in
  }, 60_000);

  test('an empty chat is one page that says so', async () => {
    const file = join(dir, 'empty.pdf');
    writeFileSync(file, await render(0));
    const text = run(['pdftotext', file, '-']).stdout;
    expect(text).toContain('This chat has no messages.');
    expect(text).toContain('Page 1 of 1');
  });

  test('an attachment URL that is not http(s) is printed, never linked', async () => {
    const message = {
      ...sampleMessage(0),
      attachment: { url: 'javascript:alert(1)', name: 'x.png', contentType: 'image/png' },
    };
    async function* one() {
      yield message;
    }
    const bytes = await render(0, { messages: one() });
    const doc = await PDFDocument.load(bytes);
    expect(linkUris(doc).flat()).toEqual([]);
    const file = join(dir, 'nolink.pdf');
    writeFileSync(file, bytes);
    expect(run(['pdftotext', file, '-']).stdout).toContain('x.png (image/png) — link unavailable');
  });

  test('non-Latin names in the header are drawn and searchable', async () => {
    const header = { ...HEADER, visitorName: 'राहुल शर्मा', agentName: 'Zoë Ångström', project: '上海分店' };
    const file = join(dir, 'names.pdf');
    writeFileSync(file, await render(3, { header }));
    const first = run(['pdftotext', '-layout', '-f', '1', '-l', '1', file, '-']).stdout;
    expect(first).toMatch(/Visitor\s+राहुल शर्मा/);
    expect(first).toMatch(/Agent\s+Zoë Ångström/);
    expect(first).toContain('上海分店');
  });

  test('an unknown time zone is refused before anything is drawn', async () => {
    await expect(render(1, { timeZone: 'Mars/Olympus_Mons' })).rejects.toThrow(
      /unknown time zone "Mars\/Olympus_Mons"/,
    );
  });
});
