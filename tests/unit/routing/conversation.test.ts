import { describe, expect, test } from 'bun:test';
import {
  type ConversationStatus,
  fromStatuses,
  nextStatus,
  type Transition,
  transitions,
} from '../../../src/conversations/conversation.ts';

const held = (status: ConversationStatus) => ({ status, assigneeId: 'agent-1' });
const free = (status: ConversationStatus) => ({ status, assigneeId: null });

describe('conversation state machine (ROUTE-1)', () => {
  test('routing assigns only a queued, unheld chat, which becomes active', () => {
    expect(nextStatus('assign', free('unassigned'))).toBe('active');
    expect(nextStatus('assign', held('unassigned'))).toBeUndefined();
    expect(nextStatus('assign', free('offline'))).toBeUndefined();
    expect(nextStatus('assign', held('active'))).toBeUndefined();
  });

  test('visitor gone: active goes offline, kept by its agent or released unheld', () => {
    expect(nextStatus('visitor_gone_keep', held('active'))).toBe('offline');
    expect(nextStatus('visitor_gone_keep', free('unassigned'))).toBeUndefined();
    expect(nextStatus('visitor_gone_release', held('active'))).toBe('offline');
    expect(nextStatus('visitor_gone_release', free('unassigned'))).toBe('offline');
    expect(nextStatus('visitor_gone_release', held('offline'))).toBeUndefined();
  });

  test('visitor back: a parked chat resumes, a released one re-queues', () => {
    expect(nextStatus('visitor_back_resume', held('offline'))).toBe('active');
    expect(nextStatus('visitor_back_resume', free('offline'))).toBeUndefined();
    expect(nextStatus('visitor_back_requeue', free('offline'))).toBe('unassigned');
    expect(nextStatus('visitor_back_requeue', held('offline'))).toBeUndefined();
  });

  test('release re-queues present visitors and keeps gone ones offline', () => {
    expect(nextStatus('release', held('active'))).toBe('unassigned');
    expect(nextStatus('release', held('offline'))).toBe('offline');
    expect(nextStatus('release', free('unassigned'))).toBeUndefined();
  });

  test('reassign keeps the visitor side of the status; a queued chat becomes active', () => {
    expect(nextStatus('reassign', held('active'))).toBe('active');
    expect(nextStatus('reassign', held('offline'))).toBe('offline');
    expect(nextStatus('reassign', free('unassigned'))).toBe('active');
  });

  test('every open status can close; a closed chat can do nothing at all', () => {
    for (const status of ['unassigned', 'active', 'offline'] as const) {
      expect(nextStatus('close', held(status))).toBe('closed');
    }
    for (const transition of Object.keys(transitions) as Transition[]) {
      expect(nextStatus(transition, held('closed'))).toBeUndefined();
      expect(nextStatus(transition, free('closed'))).toBeUndefined();
    }
  });

  test('the compare-and-set from-statuses come from the same table', () => {
    expect(fromStatuses('release').sort()).toEqual(['active', 'offline']);
    expect(fromStatuses('close').sort()).toEqual(['active', 'offline', 'unassigned']);
  });
});
