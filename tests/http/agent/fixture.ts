import { makeConversation, makeMessage } from '../../support/factories.ts';
import { createStaff, makeTestApp } from '../../support/make-app.ts';

/** Alice's own chats in every status, one waiting chat, and Bob's chats (Others / closed). */
const at = (minute: number) => `2026-11-23T09:${String(minute).padStart(2, '0')}:00.000Z`;

export async function agentFixture() {
  const { app, deps } = await makeTestApp();
  const alice = await createStaff(deps, 'agent');
  const bob = await createStaff(deps, 'agent');
  const chat = (name: string, overrides: Parameters<typeof makeConversation>[1]) =>
    makeConversation(deps.db, { visitor_name: name, ...overrides });
  const mineActive = await chat('Anna Active', {
    assignee_id: alice.id,
    status: 'active',
    last_message_at: at(5),
    last_seq: 2,
  });
  const mineOffline = await chat('Olga Offline', {
    assignee_id: alice.id,
    status: 'offline',
    last_message_at: at(4),
    visitor_phone: '+14155550123',
  });
  const mineClosed = await chat('Carl Closed', {
    assignee_id: alice.id,
    status: 'closed',
    last_message_at: at(3),
  });
  const waiting = await chat('Uma Unassigned', { status: 'unassigned', last_message_at: at(2) });
  const bobs = await chat('Bert Bobs', { assignee_id: bob.id, status: 'active', last_message_at: at(1) });
  const bobsClosed = await chat('Zed Closed', {
    assignee_id: bob.id,
    status: 'closed',
    last_message_at: at(0),
  });
  // Two unread visitor messages in Anna's chat, one of Alice's own replies (never unread).
  await makeMessage(deps.db, { conversation_id: mineActive.id, seq: 1, sender_kind: 'visitor' });
  await makeMessage(deps.db, { conversation_id: mineActive.id, seq: 2, sender_kind: 'visitor' });
  await makeMessage(deps.db, {
    conversation_id: mineActive.id,
    seq: 3,
    sender_kind: 'agent',
    sender_user_id: alice.id,
  });
  return { app, deps, alice, bob, mineActive, mineOffline, mineClosed, waiting, bobs, bobsClosed };
}
