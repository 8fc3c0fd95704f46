import { beforeEach, expect, test } from 'bun:test';
import type { RealtimeEvent } from '../../../src/events/events.ts';
import { topics } from '../../../src/events/topics.ts';
import { setBreak } from '../../../src/routing/agents.service.ts';
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

  test('admin/manager assign a queued or parked chat to any eligible agent', async () => {
    const manager = await createStaff(deps, 'manager');
    const agent = await onlineAgent(deps);
    const make = await chatMaker(deps);
    const queued = await make();
    const parked = await make({ status: 'offline', queued_at: null });
    expect(
      await assignByStaff(deps, { conversationId: queued.id, toUserId: agent.id, actorId: manager.id }),
    ).toEqual({
      ok: true,
      value: { assigneeId: agent.id },
    });
    expect(await statusOf(deps, queued.id)).toMatchObject({ status: 'active', assignee_id: agent.id });
    await assignByStaff(deps, { conversationId: parked.id, toUserId: agent.id, actorId: manager.id });
    expect(await statusOf(deps, parked.id)).toMatchObject({ status: 'offline', assignee_id: agent.id });
    await setBreak(deps, agent.id, true);
    const another = await make();
    expect(
      await assignByStaff(deps, { conversationId: another.id, toUserId: agent.id, actorId: manager.id }),
    ).toEqual({
      ok: false,
      code: 'target_on_break',
    });
  });
});
