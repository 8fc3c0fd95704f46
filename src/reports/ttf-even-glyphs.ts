/**
 * @pdf-lib/fontkit's TrueType subsetter writes a short `loca` table (offsets / 2) whenever the
 * subset is under 64 KB, but copies each glyph record at its original length. A font with a long
 * `loca` (Noto Sans, Noto Sans SC, Noto Emoji) may store odd-length records; one of them shifts
 * every later offset and glyphs come out blank or garbled (pdf-lib #1232, the "lost CJK glyphs").
 * Rewriting such a font once, at load, with every record padded to 4 bytes makes each subset
 * valid. Fonts with a short `loca` already have even records and are returned unchanged.
 */
export function padGlyphRecords(font: Uint8Array): Uint8Array {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = readTableDirectory(view);
  const head = tables.get('head');
  const maxp = tables.get('maxp');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  if (!head || !maxp || !loca || !glyf) return font;
  if (view.getInt16(head.offset + 50) === 0) return font; // short loca: records are even already

  const glyphCount = view.getUint16(maxp.offset + 4);
  let glyfSize = 0;
  for (let gid = 0; gid < glyphCount; gid++)
    glyfSize += pad4(locaAt(view, loca.offset, gid + 1) - locaAt(view, loca.offset, gid));
  const newGlyf = new Uint8Array(glyfSize);
  const newLoca = new DataView(new ArrayBuffer((glyphCount + 1) * 4));
  let at = 0;
  for (let gid = 0; gid < glyphCount; gid++) {
    const start = locaAt(view, loca.offset, gid);
    const end = locaAt(view, loca.offset, gid + 1);
    newLoca.setUint32(gid * 4, at);
    newGlyf.set(font.subarray(glyf.offset + start, glyf.offset + end), at);
    at += pad4(end - start);
  }
  newLoca.setUint32(glyphCount * 4, at);

  const replaced = new Map<string, Uint8Array>([
    ['glyf', newGlyf],
    ['loca', new Uint8Array(newLoca.buffer)],
  ]);
  return writeFont(font, tables, replaced);
}

interface TableRecord {
  offset: number;
  length: number;
}

function readTableDirectory(view: DataView): Map<string, TableRecord> {
  const tables = new Map<string, TableRecord>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + i * 16;
    const tag = String.fromCharCode(
      view.getUint8(record),
      view.getUint8(record + 1),
      view.getUint8(record + 2),
      view.getUint8(record + 3),
    );
    tables.set(tag, { offset: view.getUint32(record + 8), length: view.getUint32(record + 12) });
  }
  return tables;
}

const locaAt = (view: DataView, locaOffset: number, gid: number) => view.getUint32(locaOffset + gid * 4);
const pad4 = (n: number) => (n + 3) & ~3;

function writeFont(
  font: Uint8Array,
  tables: Map<string, TableRecord>,
  replaced: Map<string, Uint8Array>,
): Uint8Array {
  const entries = [...tables].map(([tag, record]) => ({
    tag,
    data: replaced.get(tag) ?? font.subarray(record.offset, record.offset + record.length),
  }));
  const headerSize = 12 + entries.length * 16;
  const total = entries.reduce((size, entry) => size + pad4(entry.data.length), headerSize);
  const out = new Uint8Array(total);
  const outView = new DataView(out.buffer);
  out.set(font.subarray(0, 12)); // sfnt version, table count and search fields are unchanged
  outView.setUint16(4, entries.length);
  let at = headerSize;
  entries.forEach((entry, i) => {
    const record = 12 + i * 16;
    for (let c = 0; c < 4; c++) outView.setUint8(record + c, entry.tag.charCodeAt(c));
    out.set(entry.data, at);
    outView.setUint32(record + 4, checksum(out, at, entry.data.length));
    outView.setUint32(record + 8, at);
    outView.setUint32(record + 12, entry.data.length);
    at += pad4(entry.data.length);
  });
  return out;
}

function checksum(bytes: Uint8Array, offset: number, length: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  let sum = 0;
  for (let i = 0; i < pad4(length); i += 4) sum = (sum + view.getUint32(offset + i)) >>> 0;
  return sum;
}
