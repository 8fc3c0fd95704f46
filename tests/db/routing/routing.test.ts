import { beforeEach, expect, test } from 'bun:test';
import { revokeUserSessions } from '../../../src/auth/sessions.queries.ts';
import { memoryPresence } from '../../../src/events/presence.ts';
import { topics } from '../../../src/events/topics.ts';
import { setAgentLimits, setBreak } from '../../../src/routing/agents.service.ts';
import {
  loadRoutingSettings,
  routeConversation,
  saveRoutingSettings,
} from '../../../src/routing/routing.service.ts';
import { toIso } from '../../../src/shared/clock.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeTestDeps, type TestDeps } from '../../support/make-app.ts';
import type { TestDatabase } from '../../support/test-db.ts';
import { activeCounts, chatMaker, connectAgent, onlineAgent, statusOf } from './routing-fixtures.ts';

describeEachDialect(`routeConversation (ROUTE-2, ROUTE-3)`, (fresh) => {
  let database: TestDatabase;
  let deps: TestDeps;
  beforeEach(async () => {
    ({ database, deps } = await fresh());
  });

  test('assigns a queued chat to an online agent and tells the inbox and the staff', async () => {
    const agent = await onlineAgent(deps);
    const chat = await (await chatMaker(deps))();
    const result = await routeConversation(deps, chat.id);
    expect(result).toEqual({ ok: true, value: { assigneeId: agent.id } });
    const row = await statusOf(deps, chat.id);
    expect(row).toMatchObject({ status: 'active', assignee_id: agent.id, queued_at: null });
    const assigned = deps.publisher.published.filter((p) => p.event.type === 'conversation.assigned');
    expect(assigned.map((p) => p.topic).sort()).toEqual([topics.agentInbox(agent.id), topics.staff()].sort());
    expect(assigned[0]?.event).toEqual({
      type: 'conversation.assigned',
      conversationId: chat.id,
      assigneeId: agent.id,
      previousAssigneeId: null,
      status: 'active',
    });
    expect(deps.publisher.published).toContainEqual({
      topic: topics.agentInbox(agent.id),
      event: { type: 'inbox.changed', userId: agent.id },
    });
  });

  test('nobody eligible: the chat stays queued with its queue time set', async () => {
    await onlineAgent(deps, { online: false });
    await onlineAgent(deps, { liveChat: false });
    const onBreak = await onlineAgent(deps);
    await setBreak(deps, onBreak.id, true);
    const loggedOut = await onlineAgent(deps);
    await revokeUserSessions(deps.db, loggedOut.id, toIso(deps.clock.now()));
    const chat = await (await chatMaker(deps))({ queued_at: null });
    expect(await routeConversation(deps, chat.id)).toEqual({ ok: false, code: 'queued' });
    expect(await statusOf(deps, chat.id)).toMatchObject({
      status: 'unassigned',
      assignee_id: null,
      queued_at: toIso(deps.clock.now()),
    });
  });

  test('closed, missing and already-held chats are answered without a change', async () => {
    const agent = await onlineAgent(deps);
    const chat = await chatMaker(deps);
    const closed = await chat({ status: 'closed', queued_at: null });
    const held = await chat({ status: 'active', assignee_id: agent.id, queued_at: null });
    expect(await routeConversation(deps, closed.id)).toEqual({ ok: false, code: 'closed' });
    expect(await routeConversation(deps, 'missing')).toEqual({ ok: false, code: 'not_found' });
    expect(await routeConversation(deps, held.id)).toEqual({ ok: true, value: { assigneeId: agent.id } });
    expect(deps.publisher.published).toEqual([]);
  });

  test('round robin rotates and its pointer survives a restart', async () => {
    const created = [await onlineAgent(deps), await onlineAgent(deps), await onlineAgent(deps)];
    const agents: string[] = created.map((a) => a.id).sort();
    const chat = await chatMaker(deps);
    const first = await routeConversation(deps, (await chat()).id);
    const second = await routeConversation(deps, (await chat()).id);
    expect([first, second].map((r) => (r.ok ? r.value.assigneeId : r.code))).toEqual(agents.slice(0, 2));

    // A new process: fresh memory, same database; the agents reconnect.
    const restarted = await makeTestDeps({ db: database.db });
    restarted.presence = memoryPresence();
    for (const id of agents) await connectAgent(restarted, id, 'tab-2');
    const third = await routeConversation(restarted, (await chat()).id);
    const fourth = await routeConversation(restarted, (await chat()).id);
    expect([third, fourth].map((r) => (r.ok ? r.value.assigneeId : r.code))).toEqual([
      ...agents.slice(2),
      ...agents.slice(0, 1),
    ]);
  });

  test('balanced mode gives the chat to the least loaded agent', async () => {
    const busy = await onlineAgent(deps);
    const idle = await onlineAgent(deps);
    const chat = await chatMaker(deps);
    await chat({ status: 'active', assignee_id: busy.id, queued_at: null });
    await saveRoutingSettings(deps, { ...(await loadRoutingSettings(deps)), mode: 'balanced' }, null);
    expect((await loadRoutingSettings(deps)).mode).toBe('balanced');
    const picks: string[] = [];
    for (const _ of [1, 2, 3]) {
      const result = await routeConversation(deps, (await chat()).id);
      if (result.ok) picks.push(result.value.assigneeId);
    }
    // 1 vs 0 → the idle one; 1 vs 1 → the one never assigned by routing; 2 vs 1 → the idle one.
    expect(picks).toEqual([idle.id, busy.id, idle.id]);
  });

  test('a returning phone number goes to the agent who holds it, or skips them at their limit', async () => {
    const [a, b] = [await onlineAgent(deps, { activeLimit: 2 }), await onlineAgent(deps, { activeLimit: 2 })];
    const holder = a.id > b.id ? a : b; // the rotation would start with the other one
    const chat = await chatMaker(deps);
    await chat({
      status: 'offline',
      assignee_id: holder.id,
      visitor_phone: '+15550001111',
      queued_at: null,
    });
    const again = await chat({ visitor_phone: '+15550001111' });
    expect(await routeConversation(deps, again.id)).toEqual({ ok: true, value: { assigneeId: holder.id } });

    await chat({ status: 'active', assignee_id: holder.id, queued_at: null });
    const third = await chat({ visitor_phone: '+15550001111' });
    const other = holder.id === a.id ? b : a;
    expect(await routeConversation(deps, third.id)).toEqual({ ok: true, value: { assigneeId: other.id } });
  });

  test('on break an agent keeps their chats and gets none; leaving break drains the queue to them', async () => {
    const agent = await onlineAgent(deps);
    const chat = await chatMaker(deps);
    const kept = await chat({ status: 'active', assignee_id: agent.id, queued_at: null });
    await setBreak(deps, agent.id, true);
    const waiting = [await chat(), await chat()];
    for (const w of waiting)
      expect(await routeConversation(deps, w.id)).toEqual({ ok: false, code: 'queued' });
    expect((await statusOf(deps, kept.id)).assignee_id).toBe(agent.id);

    await setBreak(deps, agent.id, false);
    for (const w of waiting) expect((await statusOf(deps, w.id)).assignee_id).toBe(agent.id);
  });

  test('raising an agent limit drains the queue up to the new limit (ROUTE-5)', async () => {
    const agent = await onlineAgent(deps, { activeLimit: 1 });
    const chat = await chatMaker(deps);
    const chats = [await chat(), await chat(), await chat()];
    for (const c of chats) await routeConversation(deps, c.id);
    expect(await activeCounts(deps)).toEqual({ [agent.id]: 1 });
    expect(await setAgentLimits(deps, { userId: agent.id, activeLimit: 2, offlineLimit: 4 })).toEqual({
      ok: true,
      value: { activeLimit: 2, offlineLimit: 4 },
    });
    expect(await activeCounts(deps)).toEqual({ [agent.id]: 2 });
    expect(await setAgentLimits(deps, { userId: agent.id, activeLimit: -1, offlineLimit: 4 })).toEqual({
      ok: false,
      code: 'invalid_limit',
    });
  });
});
