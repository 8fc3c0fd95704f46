import { describe, expect, test } from 'bun:test';
import {
  checkTurns,
  estimateTokens,
  type TranscriptMessage,
  trimTranscript,
} from '../../../src/ai/transcript.ts';

const visitor = (body: string): TranscriptMessage => ({ senderKind: 'visitor', body });
const ai = (body: string): TranscriptMessage => ({ senderKind: 'ai', body });
const contact = {
  name: 'Ana Ruiz',
  phone: '+34 600 000 000',
  email: 'ana@example.com',
  project: 'Two chairs',
};
const contactBlock =
  'Contact form filled in by the visitor before the chat:\nName: Ana Ruiz\nPhone: +34 600 000 000\nEmail: ana@example.com\nProject: Two chairs';

describe('estimateTokens', () => {
  test('UTF-8 bytes / 3, rounded up: denser for non-Latin scripts, as tokenizers are', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcdef')).toBe(2);
    expect(estimateTokens('abcdefg')).toBe(3);
    expect(estimateTokens('مرحبا')).toBe(4); // 5 letters × 2 bytes
    expect(estimateTokens('你好')).toBe(2); // 2 × 3 bytes
    expect(estimateTokens('👍')).toBe(2); // 4 bytes
  });
});

describe('trimTranscript', () => {
  test('maps roles, keeps the contact form as the first user turn, and merges same-role neighbours', () => {
    const { turns, omittedMessages } = trimTranscript(
      [
        visitor('Hi'),
        visitor('Do you ship to Spain?'),
        { senderKind: 'system', body: 'AI joined the chat' },
        ai('Yes, we do.'),
        { senderKind: 'agent', body: 'Hello, Marta here.' },
        visitor('Great'),
      ],
      { budgetTokens: 10_000, contact },
    );
    expect(omittedMessages).toBe(0);
    expect(turns).toEqual([
      { role: 'user', text: `${contactBlock}\n\nHi\n\nDo you ship to Spain?` },
      { role: 'assistant', text: 'Yes, we do.\n\nHello, Marta here.' },
      { role: 'user', text: 'Great' },
    ]);
    expect(checkTurns(turns)).toBeNull();
  });

  test('keeps the newest messages that fit the budget less its 10% margin, says older ones were left out, and still starts with the contact', () => {
    // Each message: 27 bytes → 9 tokens + 4 overhead = 13. Fixed: contact 135 bytes → 45 + 4 = 49,
    // plus 19 + 4 held for the left-out note = 72. Budget 167 → usable 150 → 78 for messages → six.
    const messages = Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? visitor : ai)(`message number ${String(i).padStart(2, '0')} padding..`),
    );
    const { turns, includedMessages, omittedMessages, estimatedTokens } = trimTranscript(messages, {
      budgetTokens: 167,
      contact,
    });
    expect(includedMessages).toBe(6);
    expect(omittedMessages).toBe(14);
    expect(estimatedTokens).toBe(150);
    // Newest first: messages 14..19 in chronological order, nothing older, after the opening turn.
    expect(turns[0]).toEqual({
      role: 'user',
      text: `${contactBlock}\n\n[Earlier messages of this chat are left out for length.]`,
    });
    expect(turns.slice(1)).toEqual(
      [14, 15, 16, 17, 18, 19].map((i) => ({
        role: i % 2 ? 'user' : 'assistant',
        text: `message number ${i} padding..`,
      })),
    );
    expect(checkTurns(turns)).toBeNull();
    // One token less and the oldest of the six no longer fits.
    expect(trimTranscript(messages, { budgetTokens: 166, contact }).includedMessages).toBe(5);
  });

  test('the newest message is never dropped: if it alone is over budget, its beginning is kept and marked', () => {
    const huge = 'x'.repeat(10_000);
    const { turns, includedMessages, omittedMessages } = trimTranscript([visitor('earlier'), visitor(huge)], {
      budgetTokens: 300,
      contact: null,
    });
    expect(includedMessages).toBe(1);
    expect(omittedMessages).toBe(1);
    expect(turns).toHaveLength(1);
    const text = turns[0]?.text ?? '';
    expect(text).toStartWith('[Earlier messages of this chat are left out for length.]\n\nxxxx');
    expect(text).toEndWith('x […]');
    // Everything sent stays inside the usable budget (300 less 10%).
    expect(estimateTokens(text) + 4).toBeLessThanOrEqual(270);
  });

  test('without contact data a chat that starts with our greeting gets an opening user turn', () => {
    const { turns } = trimTranscript([ai('Welcome! How can we help?'), visitor('Price list please')], {
      budgetTokens: 1000,
      contact: null,
    });
    expect(turns).toEqual([
      { role: 'user', text: '[The visitor opened the chat.]' },
      { role: 'assistant', text: 'Welcome! How can we help?' },
      { role: 'user', text: 'Price list please' },
    ]);
  });

  test('empty contact fields are left out; a fully empty form adds no block; long fields are capped', () => {
    const partial = trimTranscript([visitor('Hi')], {
      budgetTokens: 1000,
      contact: { name: 'Bo', email: ' ', phone: null },
    });
    expect(partial.turns[0]?.text).toBe(
      'Contact form filled in by the visitor before the chat:\nName: Bo\n\nHi',
    );
    expect(trimTranscript([visitor('Hi')], { budgetTokens: 1000, contact: {} }).turns).toEqual([
      { role: 'user', text: 'Hi' },
    ]);
    const long = trimTranscript([visitor('Hi')], {
      budgetTokens: 5000,
      contact: { project: 'p'.repeat(5000) },
    });
    expect(long.turns[0]?.text.length).toBeLessThan(300);
  });

  test('an image without text becomes a short note; an empty message disappears', () => {
    const { turns } = trimTranscript(
      [
        visitor('Look'),
        { senderKind: 'visitor', body: '', hasAttachment: true },
        { senderKind: 'visitor', body: '  ' },
      ],
      { budgetTokens: 1000, contact: null },
    );
    expect(turns).toEqual([{ role: 'user', text: 'Look\n\n[The visitor sent an image.]' }]);
  });
});

describe('checkTurns (what both providers require)', () => {
  test.each([
    [[], 'empty'],
    [[{ role: 'assistant', text: 'Hi' }], 'start with the visitor'],
    [
      [
        { role: 'user', text: 'a' },
        { role: 'user', text: 'b' },
      ],
      'same role',
    ],
    [
      [
        { role: 'user', text: 'a' },
        { role: 'assistant', text: 'b' },
      ],
      'end with the visitor',
    ],
    [[{ role: 'user', text: ' ' }], 'empty'],
  ] as const)('%j is refused: %s', (turns, problem) => {
    expect(checkTurns(turns)).toContain(problem);
  });
});
