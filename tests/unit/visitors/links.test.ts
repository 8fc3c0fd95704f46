import { describe, expect, test } from 'bun:test';
import { splitLinks } from '../../../client/visitor/links.ts';

describe('message links (VIS-12)', () => {
  test('http and https URLs become links, trailing punctuation stays text', () => {
    expect(splitLinks('See https://acme.example/a?b=1. Or http://x.example!')).toEqual([
      { text: 'See ' },
      { text: 'https://acme.example/a?b=1', href: 'https://acme.example/a?b=1' },
      { text: '. Or ' },
      { text: 'http://x.example', href: 'http://x.example/' },
      { text: '!' },
    ]);
  });

  test('other schemes and markup are never links: everything else is plain text', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      '<a href="https://evil.example">x</a>',
      'ftp://files.example/x',
      'mailto:a@b.c',
    ]) {
      const pieces = splitLinks(text);
      const links = pieces.filter((piece) => 'href' in piece);
      for (const link of links) expect(link.href).toMatch(/^https?:\/\//);
      expect(pieces.map((piece) => piece.text).join('')).toBe(text);
    }
    expect(splitLinks('javascript:alert(1)')).toEqual([{ text: 'javascript:alert(1)' }]);
  });
});
