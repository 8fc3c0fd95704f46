import './fontkit-regenerator-shim.ts';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as fontkit from '@pdf-lib/fontkit';
import { padGlyphRecords } from './ttf-even-glyphs.ts';

/**
 * The Unicode fonts of the PDF transcript, one per script (docs/decisions/0020). All are Noto
 * TrueType files (OFL-1.1) from the npm registry; pdf-lib cannot read the WOFF/WOFF2 files most
 * font packages ship.
 */
export type FontFace = 'sans' | 'sansBold' | 'devanagari' | 'arabic' | 'hebrew' | 'cjk' | 'emoji';

const FONT_FILES: Record<FontFace, string> = {
  sans: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  sansBold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  devanagari: '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
  arabic: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  hebrew: '@expo-google-fonts/noto-sans-hebrew/400Regular/NotoSansHebrew_400Regular.ttf',
  cjk: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  emoji: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf',
};

/** Where a character has no script font of its own, the first of these that has it draws it. */
const FALLBACK_CHAIN: readonly FontFace[] = ['sans', 'cjk', 'emoji', 'arabic', 'devanagari', 'hebrew'];

export interface LoadedFace {
  face: FontFace;
  font: fontkit.Font;
  unitsPerEm: number;
  postscriptName: string;
}

const resolveModule = createRequire(import.meta.url).resolve;
const loading = new Map<FontFace, Promise<LoadedFace>>();
const loaded = new Map<FontFace, LoadedFace>();

/** Reads, repairs and parses a face once per process; documents share the parsed font. */
export function loadFace(face: FontFace): Promise<LoadedFace> {
  let pending = loading.get(face);
  if (!pending) {
    pending = readFile(resolveModule(FONT_FILES[face])).then((bytes) => {
      const font = fontkit.create(padGlyphRecords(new Uint8Array(bytes)));
      const ready = { face, font, unitsPerEm: font.unitsPerEm, postscriptName: font.postscriptName ?? face };
      loaded.set(face, ready);
      return ready;
    });
    pending.catch(() => loading.delete(face));
    loading.set(face, pending);
  }
  return pending;
}

export function loadedFace(face: FontFace): LoadedFace {
  const ready = loaded.get(face);
  if (!ready) throw new Error(`font ${face} used before loadFaces()`);
  return ready;
}

export async function loadFaces(faces: Iterable<FontFace>): Promise<void> {
  await Promise.all([...new Set(faces)].map(loadFace));
}

const EXTENDED_PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

/** The face a script demands, or null for Latin, Greek, Cyrillic, common and other characters. */
export function scriptFace(cp: number): FontFace | null {
  if ((cp >= 0x0900 && cp <= 0x097f) || (cp >= 0xa8e0 && cp <= 0xa8ff) || (cp >= 0x1cd0 && cp <= 0x1cff)) {
    return 'devanagari';
  }
  if (
    (cp >= 0x0600 && cp <= 0x06ff) ||
    (cp >= 0x0750 && cp <= 0x077f) ||
    (cp >= 0x08a0 && cp <= 0x08ff) ||
    (cp >= 0xfb50 && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfeff)
  ) {
    return 'arabic';
  }
  if ((cp >= 0x0590 && cp <= 0x05ff) || (cp >= 0xfb1d && cp <= 0xfb4f)) return 'hebrew';
  if (
    (cp >= 0x2e80 && cp <= 0x2fff) ||
    (cp >= 0x3000 && cp <= 0x31ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x2ffff)
  ) {
    return 'cjk';
  }
  if (cp >= 0x1f000 && EXTENDED_PICTOGRAPHIC.test(String.fromCodePoint(cp))) return 'emoji';
  if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return 'emoji'; // regional indicators (flags)
  return null;
}

/**
 * Characters that belong to the character before them: combining marks, joiners, variation
 * selectors, skin-tone modifiers, keycap. They stay in that character's run and font.
 */
export function isAttaching(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    cp === 0x200c ||
    cp === 0x200d ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    cp === 0x20e3 ||
    (cp >= 0xe0020 && cp <= 0xe007f)
  );
}

/** Faces a text may need, so they can be loaded before the synchronous layout runs. */
export function facesFor(text: string, bold: boolean): Set<FontFace> {
  const faces = new Set<FontFace>([bold ? 'sansBold' : 'sans', 'sans']);
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    const face = scriptFace(cp);
    if (face) faces.add(face);
    else if (cp > 0x024f && !isAttaching(cp)) for (const fallback of FALLBACK_CHAIN) faces.add(fallback);
  }
  return faces;
}

/** The face for one character when no script decides: the current run's, else the chain's first. */
export function fallbackFace(cp: number, current: FontFace | null, base: FontFace): FontFace {
  if (current && loadedFace(current).font.hasGlyphForCodePoint(cp)) return current;
  if (loadedFace(base).font.hasGlyphForCodePoint(cp)) return base;
  for (const face of FALLBACK_CHAIN) {
    const ready = loaded.get(face);
    if (ready?.font.hasGlyphForCodePoint(cp)) return face;
  }
  return base; // no font has it: the base font's .notdef box, the text stays searchable
}
