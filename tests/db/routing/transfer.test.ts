import { beforeEach, expect, test } from 'bun:test';
import type { RealtimeEvent } from '../../../src/events/events.ts';
import { topics } from '../../../src/events/topics.ts';
import { setBreak } from '../../../src/routing/agents.service.ts';
import { routeConversation } from '../../../src/routing/routing.service.ts';
import {
  assignByStaff,
  type HandOverError,
  transferConversation,
} from '../../../src/routing/transfer.service.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { createStaff, type TestDeps } from '../../support/make-app.ts';
import { chatMaker, onlineAgent, statusOf } from './routing-fixtures.ts';

describeEachDialect(`transfer and assign (ROUTE-8)`, (fresh) => {
  let deps: TestDeps;
  beforeEach(async () => {
    ({ deps } = await fresh());
  });

  async function heldChat() {
    const from = await onlineAgent(deps);
    const chat = await (await chatMaker(deps))({ status: 'active', assignee_id: from.id, queued_at: null });
    return { from, chat };
  }

  test('hands the chat over live: the new agent receives it, the old one loses it', async () => {
    const { from, chat } = await heldChat();
    const to = await onlineAgent(deps);
    const result = await transferConversation(deps, {
      conversationId: chat.id,
      fromUserId: from.id,
      toUserId: to.id,
    });
    expect(result).toEqual({ ok: true, value: { assigneeId: to.id } });
    expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'active', assignee_id: to.id });
    const event: RealtimeEvent = {
      type: 'conversation.assigned',
      conversationId: chat.id,
      assigneeId: to.id,
      previousAssigneeId: from.id,
      status: 'active',
    };
    // Both agents through their inboxes only: the old one still follows the chat topic, so
    // sending there too would give them the event twice.
    const topicsOf = deps.publisher.published
      .filter((p) => Bun.deepEquals(p.event, event))
      .map((p) => p.topic);
    expect(topicsOf.sort()).toEqual(
      [topics.agentInbox(to.id), topics.agentInbox(from.id), topics.staff()].sort(),
    );
  });

  test('refuses a target who is offline, on break, at their limit or without Live Chat', async () => {
    const { from, chat } = await heldChat();
    const offline = await onlineAgent(deps, { online: false });
    const onBreak = await onlineAgent(deps);
    await setBreak(deps, onBreak.id, true);
    const full = await onlineAgent(deps, { activeLimit: 1 });
    await (await chatMaker(deps))({ status: 'active', assignee_id: full.id, queued_at: null });
    const noLiveChat = await onlineAgent(deps, { liveChat: false });
    const manager = await createStaff(deps, 'manager');
    const cases: Array<[string, HandOverError]> = [
      [offline.id, 'target_offline'],
      [onBreak.id, 'target_on_break'],
      [full.id, 'target_at_limit'],
      [noLiveChat.id, 'target_no_live_chat'],
      [manager.id, 'target_no_live_chat'],
      ['nobody', 'target_no_live_chat'],
    ];
    for (const [toUserId, code] of cases) {
      const result = await transferConversation(deps, {
        conversationId: chat.id,
        fromUserId: from.id,
        toUserId,
      });
      expect({ toUserId, result }).toEqual({ toUserId, result: { ok: false, code } });
    }
    expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'active', assignee_id: from.id });
    expect(deps.publisher.published.filter((p) => p.event.type === 'conversation.assigned')).toEqual([]);
  });

  test('only the holder may transfer, and never a closed or missing chat', async () => {
    const { from, chat } = await heldChat();
    const other = await onlineAgent(deps);
    const closed = await (await chatMaker(deps))({
      status: 'closed',
      assignee_id: from.id,
      queued_at: null,
    });
    const attempt = (conversationId: string, fromUserId: string) =>
      transferConversation(deps, { conversationId, fromUserId, toUserId: other.id });
    expect(await attempt(chat.id, other.id)).toEqual({ ok: false, code: 'not_owner' });
    expect(await attempt(closed.id, from.id)).toEqual({ ok: false, code: 'closed' });
    expect(await attempt('missing', from.id)).toEqual({ ok: false, code: 'not_found' });
    expect(
      await transferConversation(deps, { conversationId: chat.id, fromUserId: from.id, toUserId: from.id }),
    ).toEqual({ ok: false, code: 'same_agent' });
  });

  test('the freed slot of the previous holder takes the oldest waiting chat', async () => {
    const from = await onlineAgent(deps, { activeLimit: 1 });
    const make = await chatMaker(deps);
    const chat = await make({ status: 'active', assignee_id: from.id, queued_at: null });
    const waiting = await make();
    const to = await onlineAgent(deps, { activeLimit: 1 });
    await transferConversation(deps, { conversationId: chat.id, fromUserId: from.id, toUserId: to.id });
    expect(await statusOf(deps, waiting.id)).toMatchObject({ status: 'active', assignee_id: from.id });
  });

  test('admin/manager assign a queued or parked chat to an available agent', async () => {
    const manager = await createStaff(deps, 'manager');
    const agent = await onlineAgent(deps);
    const make = await chatMaker(deps);
    const queued = await make();
    const parked = await make({ status: 'offline', queued_at: null });
    expect(
      await assignByStaff(deps, { conversationId: queued.id, toUserId: agent.id, actorId: manager.id }),
    ).toEqual({
      ok: true,
      value: { assigneeId: agent.id, status: 'active', waitsFor: null, overLimit: false },
    });
    expect(await statusOf(deps, queued.id)).toMatchObject({ status: 'active', assignee_id: agent.id });
    await assignByStaff(deps, { conversationId: parked.id, toUserId: agent.id, actorId: manager.id });
    expect(await statusOf(deps, parked.id)).toMatchObject({ status: 'offline', assignee_id: agent.id });
  });

  test('admin/manager may assign an offline or on-break agent: the chat waits with them, and they are told live', async () => {
    const manager = await createStaff(deps, 'manager');
    const away = await onlineAgent(deps, { online: false });
    const resting = await onlineAgent(deps);
    await setBreak(deps, resting.id, true);
    const make = await chatMaker(deps);
    const present = await make();
    const gone = await make({ status: 'offline', queued_at: null });
    const assign = (conversationId: string, toUserId: string) =>
      assignByStaff(deps, { conversationId, toUserId, actorId: manager.id });

    expect(await assign(present.id, away.id)).toEqual({
      ok: true,
      value: { assigneeId: away.id, status: 'active', waitsFor: 'offline', overLimit: false },
    });
    expect(await assign(gone.id, resting.id)).toEqual({
      ok: true,
      value: { assigneeId: resting.id, status: 'offline', waitsFor: 'on_break', overLimit: false },
    });
    expect(await statusOf(deps, present.id)).toMatchObject({ status: 'active', assignee_id: away.id });
    expect(await statusOf(deps, gone.id)).toMatchObject({ status: 'offline', assignee_id: resting.id });
    const told = deps.publisher.published.filter(
      (p) => p.topic === topics.agentInbox(away.id) && p.event.type === 'conversation.assigned',
    );
    expect(told).toHaveLength(1);
    // Routing itself still never gives them a chat.
    const queued = await make();
    expect(await routeConversation(deps, queued.id)).toEqual({ ok: false, code: 'queued' });
  });

  test('an agent at their limit takes the chat only with an explicit over-limit override', async () => {
    const manager = await createStaff(deps, 'manager');
    const full = await onlineAgent(deps, { activeLimit: 1 });
    const make = await chatMaker(deps);
    await make({ status: 'active', assignee_id: full.id, queued_at: null });
    const chat = await make();
    const input = { conversationId: chat.id, toUserId: full.id, actorId: manager.id };
    expect(await assignByStaff(deps, input)).toEqual({ ok: false, code: 'target_at_limit' });
    expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'unassigned', assignee_id: null });
    expect(await assignByStaff(deps, { ...input, overLimit: true })).toEqual({
      ok: true,
      value: { assigneeId: full.id, status: 'active', waitsFor: null, overLimit: true },
    });
    expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'active', assignee_id: full.id });
  });

  test('never to someone who takes no live chats, and never a closed chat', async () => {
    const manager = await createStaff(deps, 'manager');
    const noLiveChat = await onlineAgent(deps, { liveChat: false });
    const make = await chatMaker(deps);
    const chat = await make();
    const closed = await make({ status: 'closed', queued_at: null });
    const assign = (conversationId: string, toUserId: string) =>
      assignByStaff(deps, { conversationId, toUserId, actorId: manager.id, overLimit: true });
    expect(await assign(chat.id, noLiveChat.id)).toEqual({ ok: false, code: 'target_no_live_chat' });
    expect(await assign(chat.id, manager.id)).toEqual({ ok: false, code: 'target_no_live_chat' });
    expect(await assign(chat.id, 'nobody')).toEqual({ ok: false, code: 'target_no_live_chat' });
    expect(await assign(closed.id, (await onlineAgent(deps)).id)).toEqual({ ok: false, code: 'closed' });
    expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'unassigned', assignee_id: null });
  });
});
