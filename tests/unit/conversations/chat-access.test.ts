import { describe, expect, test } from 'bun:test';
import { canRead, canWrite, chatAccessFor } from '../../../src/conversations/chat-access.ts';

describe('what an agent may do with a conversation', () => {
  const me = 'AGENT-ME';
  const mate = 'AGENT-MATE';
  test.each([
    ['active', me, 'own'],
    ['offline', me, 'own'],
    ['closed', me, 'own'],
    ['unassigned', null, 'read_only'],
    ['offline', null, 'read_only'],
    ['active', mate, 'read_only'],
    ['offline', mate, 'read_only'],
    ['closed', mate, 'none'],
    ['closed', null, 'none'],
  ] as const)('%s chat of %s → %s', (status, assigneeId, expected) => {
    expect(chatAccessFor(me, { status, assigneeId })).toBe(expected);
  });
  test('only own chats are writable; none is not even readable', () => {
    expect([canRead('own'), canWrite('own')]).toEqual([true, true]);
    expect([canRead('read_only'), canWrite('read_only')]).toEqual([true, false]);
    expect([canRead('none'), canWrite('none')]).toEqual([false, false]);
  });
});
