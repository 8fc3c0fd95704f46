/**
 * Splits message text into plain runs and links (VIS-12). Only http(s) URLs become links; the
 * caller puts every piece into the DOM with textContent, so no text is ever parsed as HTML.
 */
export type TextPiece = { text: string } | { text: string; href: string };

const CANDIDATE = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function splitLinks(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const raw = match[0].replace(TRAILING, '');
    const start = match.index;
    let href: string | undefined;
    try {
      const url = new URL(raw);
      href = url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      href = undefined;
    }
    if (!href || raw === '') continue;
    if (start > last) pieces.push({ text: text.slice(last, start) });
    pieces.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/** Appends the text to `parent` as text nodes and safe anchors. */
export function appendLinkedText(parent: HTMLElement, text: string): void {
  for (const piece of splitLinks(text)) {
    if ('href' in piece) {
      const a = document.createElement('a');
      a.href = piece.href;
      a.textContent = piece.text;
      a.target = '_blank';
      a.rel = 'noopener noreferrer nofollow ugc';
      parent.append(a);
    } else {
      parent.append(document.createTextNode(piece.text));
    }
  }
}
