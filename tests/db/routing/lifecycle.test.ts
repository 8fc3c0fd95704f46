import { beforeEach, expect, test } from 'bun:test';
import { topics } from '../../../src/events/topics.ts';
import {
  closeConversation,
  markVisitorBack,
  markVisitorGone,
  releaseAgentChats,
  reopenAsFreshChat,
} from '../../../src/routing/lifecycle.service.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { createStaff, type TestDeps } from '../../support/make-app.ts';
import { chatMaker, disconnectAgent, onlineAgent, statusOf } from './routing-fixtures.ts';

describeEachDialect(`conversation lifecycle`, (fresh) => {
  let deps: TestDeps;
  beforeEach(async () => {
    ({ deps } = await fresh());
  });

  test('closing tells the visitor, frees the slot for the oldest waiting chat, and only once', async () => {
    const agent = await onlineAgent(deps, { activeLimit: 1 });
    const make = await chatMaker(deps);
    const chat = await make({ status: 'active', assignee_id: agent.id, queued_at: null });
    const older = await make();
    const newer = await make();
    expect(await closeConversation(deps, { conversationId: chat.id, actorId: agent.id })).toEqual({
      ok: true,
      value: { conversationId: chat.id },
    });
    expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'closed', closed_by: agent.id });
    expect(deps.publisher.published).toContainEqual({
      topic: topics.visitor(chat.id),
      event: { type: 'conversation.closed', conversationId: chat.id, closedBy: agent.id },
    });
    expect((await statusOf(deps, older.id)).assignee_id).toBe(agent.id);
    expect((await statusOf(deps, newer.id)).assignee_id).toBe(null);
    expect(await closeConversation(deps, { conversationId: chat.id, actorId: agent.id })).toEqual({
      ok: false,
      code: 'closed',
    });
  });

  test('an agent closes only their own chats; admin and manager close any', async () => {
    const owner = await onlineAgent(deps);
    const other = await onlineAgent(deps);
    const qa = await createStaff(deps, 'qa');
    const manager = await createStaff(deps, 'manager');
    const chat = await (await chatMaker(deps))({
      status: 'active',
      assignee_id: owner.id,
      queued_at: null,
    });
    for (const actor of [other, qa]) {
      expect(await closeConversation(deps, { conversationId: chat.id, actorId: actor.id })).toEqual({
        ok: false,
        code: 'not_owner',
      });
    }
    expect((await closeConversation(deps, { conversationId: chat.id, actorId: manager.id })).ok).toBe(true);
  });

  test('visitor gone: the chat parks offline with its online agent below the offline limit', async () => {
    const agent = await onlineAgent(deps, { offlineLimit: 1 });
    const make = await chatMaker(deps);
    const first = await make({ status: 'active', assignee_id: agent.id, queued_at: null });
    const second = await make({ status: 'active', assignee_id: agent.id, queued_at: null });
    expect(await markVisitorGone(deps, first.id)).toEqual({
      ok: true,
      value: { status: 'offline', assigneeId: agent.id },
    });
    // The offline limit (1) is now full: the next one goes back to the queue, unheld.
    expect(await markVisitorGone(deps, second.id)).toEqual({
      ok: true,
      value: { status: 'offline', assigneeId: null },
    });
    expect(await statusOf(deps, second.id)).toMatchObject({ status: 'offline', assignee_id: null });
    expect(await markVisitorGone(deps, second.id)).toEqual({ ok: false, code: 'unchanged' });
  });

  test('visitor gone while their agent is offline: back to the queue', async () => {
    const agent = await onlineAgent(deps);
    await disconnectAgent(deps, agent.id, 'tab-1');
    const chat = await (await chatMaker(deps))({
      status: 'active',
      assignee_id: agent.id,
      queued_at: null,
    });
    expect(await markVisitorGone(deps, chat.id)).toEqual({
      ok: true,
      value: { status: 'offline', assigneeId: null },
    });
  });

  test('visitor back: a parked chat is active again; a released one is routed afresh', async () => {
    const agent = await onlineAgent(deps);
    const make = await chatMaker(deps);
    const parked = await make({ status: 'offline', assignee_id: agent.id, queued_at: null });
    const released = await make({ status: 'offline', queued_at: null });
    expect(await markVisitorBack(deps, parked.id)).toEqual({
      ok: true,
      value: { status: 'active', assigneeId: agent.id },
    });
    expect(await markVisitorBack(deps, released.id)).toEqual({
      ok: true,
      value: { status: 'active', assigneeId: agent.id },
    });
    expect(await markVisitorBack(deps, parked.id)).toEqual({
      ok: true,
      value: { status: 'active', assigneeId: agent.id },
    });
  });

  test('an away agent keeps only gone visitors, up to their offline limit; ONE update releases the rest', async () => {
    const agent = await onlineAgent(deps, { activeLimit: 5, offlineLimit: 2 });
    const make = await chatMaker(deps);
    const parked = await make({ status: 'offline', assignee_id: agent.id, queued_at: null });
    const present = [];
    for (let i = 0; i < 3; i++)
      present.push(await make({ status: 'active', assignee_id: agent.id, queued_at: null }));
    await disconnectAgent(deps, agent.id, 'tab-1');
    expect(await releaseAgentChats(deps, agent.id)).toEqual({ released: 3 });
    expect((await statusOf(deps, parked.id)).assignee_id).toBe(agent.id);
    // Every present visitor waits in the queue again, though the offline limit had room (ADR 0036).
    for (const chat of present) {
      expect(await statusOf(deps, chat.id)).toMatchObject({
        status: 'unassigned',
        assignee_id: null,
        queued_at: deps.clock.now().toISOString(),
      });
    }
    expect(await releaseAgentChats(deps, agent.id)).toEqual({ released: 0 });
  });

  test('a message to a closed chat starts a fresh one carrying the lead data', async () => {
    const agent = await onlineAgent(deps);
    const closed = await (await chatMaker(deps))({
      status: 'closed',
      assignee_id: agent.id,
      queued_at: null,
      visitor_name: 'Asha',
      visitor_phone: '+15550002222',
      visitor_email: 'asha@example.test',
      lead_stage: 'qualified',
      final_remark: 'call back',
    });
    const fresh = await reopenAsFreshChat(deps, closed.id);
    if (!fresh.ok) throw new Error(fresh.code);
    expect(fresh.value.conversationId).not.toBe(closed.id);
    expect(fresh.value.assigneeId).toBe(agent.id);
    const row = await deps.db
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', fresh.value.conversationId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'active',
      visitor_id: closed.visitor_id,
      visitor_name: 'Asha',
      visitor_phone: '+15550002222',
      lead_stage: 'qualified',
      final_remark: 'call back',
    });
    expect(await reopenAsFreshChat(deps, closed.id)).toEqual({
      ok: true,
      value: { conversationId: fresh.value.conversationId, assigneeId: agent.id },
    });
    expect(await reopenAsFreshChat(deps, fresh.value.conversationId)).toEqual({
      ok: false,
      code: 'not_closed',
    });
  });
});
