import { beforeEach, expect, test } from 'bun:test';
import { aiWatchdogSweeper } from '../../../src/ai/ai.sweepers.ts';
import type { AiSettings } from '../../../src/ai/ai.ts';
import { defaultAiSettings, type TimeWindow, WEEKDAYS, type Weekday } from '../../../src/ai/ai.ts';
import { saveAiSettings } from '../../../src/ai/ai-admin.service.ts';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { saveApiKey, storeAiSettings } from '../../../src/ai/ai-settings.service.ts';
import { setBreak } from '../../../src/routing/agents.service.ts';
import { drainQueue, routeConversation } from '../../../src/routing/routing.service.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeMessage } from '../../support/factories.ts';
import type { TestDeps } from '../../support/make-app.ts';
import { chatMaker, onlineAgent, statusOf } from '../routing/routing-fixtures.ts';

/**
 * AI-2 at the routing level: the AI takes a new or re-queued chat only when it is on, within its
 * hours, the chat is not flagged, and no eligible human exists at that moment (ROUTE-2 rules);
 * humans get the AI's chats back at a turn boundary when they become eligible.
 */
const on = (overrides: Partial<AiSettings> = {}): AiSettings => ({
  ...defaultAiSettings,
  enabled: true,
  // A closed port: nothing in this file may reach a provider (no chat here waits for a reply).
  baseUrl: 'http://127.0.0.1:9',
  ...overrides,
});

const allWeek = (from: string, to: string): AiSettings['availability']['weekly'] => {
  const week: Partial<Record<Weekday, TimeWindow[]>> = {};
  for (const day of WEEKDAYS) week[day] = [{ from, to }];
  return week as Record<Weekday, TimeWindow[]>;
};

describeEachDialect('AI in routing (AI-2)', (fresh) => {
  let deps: TestDeps;
  let chat: Awaited<ReturnType<typeof chatMaker>>;
  const configure = async (settings: AiSettings) => storeAiSettings(deps, AI_AGENT_ID, settings);

  beforeEach(async () => {
    ({ deps } = await fresh());
    chat = await chatMaker(deps);
    await saveApiKey(deps, AI_AGENT_ID, 'anthropic', 'sk-ant-test-key-000000');
  });

  test('no human online: the AI takes the chat, as its own agent, and says so to the consoles', async () => {
    await configure(on());
    const c = await chat();
    expect(await routeConversation(deps, c.id)).toEqual({ ok: true, value: { assigneeId: AI_AGENT_ID } });
    expect(await statusOf(deps, c.id)).toMatchObject({
      status: 'active',
      assignee_id: AI_AGENT_ID,
      queued_at: null,
    });
    const row = await deps.db
      .selectFrom('conversations')
      .select('ai_active')
      .where('id', '=', c.id)
      .executeTakeFirst();
    expect(row?.ai_active).toBe(1);
    expect(deps.publisher.events).toContainEqual({
      type: 'ai.status_changed',
      conversationId: c.id,
      active: true,
    });
    expect(deps.publisher.events).toContainEqual({
      type: 'conversation.assigned',
      conversationId: c.id,
      assigneeId: AI_AGENT_ID,
      previousAssigneeId: null,
      status: 'active',
    });
  });

  test('an eligible agent takes the chat before the AI', async () => {
    await configure(on());
    const agent = await onlineAgent(deps);
    const c = await chat();
    expect(await routeConversation(deps, c.id)).toEqual({ ok: true, value: { assigneeId: agent.id } });
  });

  test('"no eligible human" with an agent online but on break, and one online at their limit', async () => {
    await configure(on());
    const onBreak = await onlineAgent(deps);
    expect((await setBreak(deps, onBreak.id, true)).ok).toBe(true);
    const full = await onlineAgent(deps, { activeLimit: 1 });
    const held = await chat({ status: 'active', assignee_id: full.id, queued_at: null });
    expect(held.assignee_id).toBe(full.id);
    const c = await chat();
    expect(await routeConversation(deps, c.id)).toEqual({ ok: true, value: { assigneeId: AI_AGENT_ID } });
  });

  test('"only when no human is eligible" off: the AI answers first, and keeps its chats', async () => {
    await configure(on({ onlyWhenNoHuman: false }));
    const agent = await onlineAgent(deps);
    const c = await chat();
    expect(await routeConversation(deps, c.id)).toEqual({ ok: true, value: { assigneeId: AI_AGENT_ID } });
    await drainQueue(deps, { freedAgentId: agent.id });
    expect((await statusOf(deps, c.id)).assignee_id).toBe(AI_AGENT_ID);
  });

  test('a flagged chat (escalated before) is never taken by the AI again, even with every human offline', async () => {
    await configure(on());
    const c = await chat({ ai_never: 1 });
    expect(await routeConversation(deps, c.id)).toEqual({ ok: false, code: 'queued' });
    await drainQueue(deps);
    expect((await statusOf(deps, c.id)).assignee_id).toBeNull();
  });

  test('master off: every chat routes as if the AI did not exist', async () => {
    await configure({ ...on(), enabled: false });
    const c = await chat();
    expect(await routeConversation(deps, c.id)).toEqual({ ok: false, code: 'queued' });
    const agent = await onlineAgent(deps);
    await drainQueue(deps, { freedAgentId: agent.id });
    expect((await statusOf(deps, c.id)).assignee_id).toBe(agent.id);
  });

  test('master off on save: every chat the AI holds goes to the human queue at once, to a human if one is eligible', async () => {
    await configure(on());
    const first = await chat();
    const second = await chat();
    await routeConversation(deps, first.id);
    await routeConversation(deps, second.id);
    const agent = await onlineAgent(deps, { activeLimit: 1 });
    // Turn boundary rule aside (both are idle): saving "off" releases them in one go.
    const { released } = await saveAiSettings(deps, AI_AGENT_ID, { ...on(), enabled: false });
    expect(released).toBe(2);
    const rows = [await statusOf(deps, first.id), await statusOf(deps, second.id)];
    expect(rows.map((r) => r.assignee_id).sort()).toEqual([agent.id, null].sort());
    expect(rows.every((r) => r.assignee_id !== AI_AGENT_ID)).toBe(true);
    expect(deps.publisher.events.filter((e) => e.type === 'ai.status_changed' && !e.active)).toHaveLength(2);
  });

  test('without a saved key the AI takes nothing (it could only fail)', async () => {
    await configure(on({ provider: 'openai', model: 'gpt-6-luna' }));
    const c = await chat();
    expect(await routeConversation(deps, c.id)).toEqual({ ok: false, code: 'queued' });
  });

  test('the per-visitor rate limit stops the AI taking a new chat of that visitor', async () => {
    await configure(on({ visitorRateLimit: { limit: 2, windowMs: 3_600_000 } }));
    const earlier = await chat({ status: 'closed', queued_at: null });
    const at = deps.clock.now().toISOString();
    await makeMessage(deps.db, { conversation_id: earlier.id, seq: 1, sender_kind: 'ai', created_at: at });
    await makeMessage(deps.db, { conversation_id: earlier.id, seq: 2, sender_kind: 'ai', created_at: at });
    const c = await chat();
    expect(await routeConversation(deps, c.id)).toEqual({ ok: false, code: 'queued' });
  });

  test('an agent coming online takes the AI chats at a turn boundary, never while the AI composes', async () => {
    await configure(on());
    const idle = await chat();
    const composing = await chat();
    await routeConversation(deps, idle.id);
    await routeConversation(deps, composing.id);
    // The AI answered in one chat; in the other the visitor's message still waits for its reply.
    await makeMessage(deps.db, { conversation_id: idle.id, seq: 1, sender_kind: 'visitor' });
    await makeMessage(deps.db, {
      conversation_id: idle.id,
      seq: 2,
      sender_kind: 'ai',
      sender_user_id: AI_AGENT_ID,
    });
    await makeMessage(deps.db, { conversation_id: composing.id, seq: 1, sender_kind: 'visitor' });
    await deps.db.updateTable('conversations').set({ last_seq: 2 }).where('id', '=', idle.id).execute();
    await deps.db.updateTable('conversations').set({ last_seq: 1 }).where('id', '=', composing.id).execute();
    const agent = await onlineAgent(deps);
    deps.publisher.events.length = 0;
    deps.publisher.published.length = 0;

    const { assigned } = await drainQueue(deps, { freedAgentId: agent.id });
    expect(assigned).toBe(1);
    expect(await statusOf(deps, idle.id)).toMatchObject({ status: 'active', assignee_id: agent.id });
    expect((await statusOf(deps, composing.id)).assignee_id).toBe(AI_AGENT_ID);
    // Smooth for the visitor: straight from the AI to the agent, the chat stays active throughout.
    expect(deps.publisher.events).toContainEqual({
      type: 'conversation.assigned',
      conversationId: idle.id,
      assigneeId: agent.id,
      previousAssigneeId: AI_AGENT_ID,
      status: 'active',
    });
    const visitorStatuses = deps.publisher.published
      .filter((p) => p.topic.startsWith('visitor:') && p.event.type === 'conversation.status_changed')
      .map((p) => (p.event as { status: string }).status);
    expect(visitorStatuses).toEqual(['active']);
  });

  test('the watchdog hands back a chat whose reply was lost (the composing instance died)', async () => {
    await configure(on());
    const c = await chat();
    await routeConversation(deps, c.id);
    const sent = deps.clock.now().toISOString();
    await makeMessage(deps.db, { conversation_id: c.id, seq: 1, sender_kind: 'visitor', created_at: sent });
    await deps.db
      .updateTable('conversations')
      .set({ last_seq: 1, last_message_at: sent })
      .where('id', '=', c.id)
      .execute();
    // An agent is online, but the drain leaves a chat whose visitor waits for the AI's reply.
    const agent = await onlineAgent(deps);
    await drainQueue(deps, { freedAgentId: agent.id });
    expect((await statusOf(deps, c.id)).assignee_id).toBe(AI_AGENT_ID);
    const sweeper = aiWatchdogSweeper(10_000);
    // Not yet: a reply may still be on its way (read pause + deadline + longest typing + slack).
    deps.clock.advance(40_000);
    expect((await sweeper.tick(deps, deps.clock.now())).processed).toBe(0);
    deps.clock.advance(20_000);
    // Lost: back to routing, and the eligible agent takes it with the unanswered message.
    expect((await sweeper.tick(deps, deps.clock.now())).processed).toBe(1);
    expect(await statusOf(deps, c.id)).toMatchObject({ status: 'active', assignee_id: agent.id });
    // Idempotent: a second tick finds nothing.
    expect((await sweeper.tick(deps, deps.clock.now())).processed).toBe(0);
  });

  test('the watchdog releases what the AI still holds once it is off', async () => {
    await configure(on());
    const c = await chat();
    await routeConversation(deps, c.id);
    await configure({ ...on(), enabled: false });
    expect((await aiWatchdogSweeper(10_000).tick(deps, deps.clock.now())).processed).toBe(1);
    expect((await statusOf(deps, c.id)).assignee_id).toBeNull();
  });
});

describeEachDialect('AI availability at the routing level (AI-1, AI-2)', (fresh) => {
  let deps: TestDeps;
  beforeEach(async () => {
    ({ deps } = await fresh());
    await saveApiKey(deps, AI_AGENT_ID, 'anthropic', 'sk-ant-test-key-000000');
  });

  /** Who gets a new chat at this instant: 'AI' or 'queue'. */
  async function routedAt(iso: string): Promise<'AI' | 'queue'> {
    deps.clock.set(iso);
    const c = await (await chatMaker(deps))();
    const routed = await routeConversation(deps, c.id);
    return routed.ok && routed.value.assigneeId === AI_AGENT_ID ? 'AI' : 'queue';
  }

  test('weekly hours in Europe/Berlin, at the edges, across the spring DST change', async () => {
    await storeAiSettings(deps, AI_AGENT_ID, {
      ...on(),
      availability: { mode: 'hours', timeZone: 'Europe/Berlin', weekly: allWeek('09:00', '17:00') },
    });
    // Saturday 2026-03-28, winter time (UTC+1): 09:00 local is 08:00Z.
    expect(await routedAt('2026-03-28T07:59:59.000Z')).toBe('queue');
    expect(await routedAt('2026-03-28T08:00:00.000Z')).toBe('AI');
    expect(await routedAt('2026-03-28T15:59:59.000Z')).toBe('AI');
    expect(await routedAt('2026-03-28T16:00:00.000Z')).toBe('queue');
    // Sunday 2026-03-29, clocks went forward at 02:00: 09:00 local is now 07:00Z.
    expect(await routedAt('2026-03-29T06:59:59.000Z')).toBe('queue');
    expect(await routedAt('2026-03-29T07:00:00.000Z')).toBe('AI');
    expect(await routedAt('2026-03-29T14:59:59.000Z')).toBe('AI');
    expect(await routedAt('2026-03-29T15:00:00.000Z')).toBe('queue');
  });

  test('overnight hours past midnight, and the autumn DST change in New York', async () => {
    await storeAiSettings(deps, AI_AGENT_ID, {
      ...on(),
      availability: { mode: 'hours', timeZone: 'America/New_York', weekly: allWeek('18:00', '08:00') },
    });
    // Saturday 2026-10-31, EDT (UTC-4): 18:00 local is 22:00Z; 08:00 on Sunday morning is 12:00Z.
    expect(await routedAt('2026-10-31T21:59:00.000Z')).toBe('queue');
    expect(await routedAt('2026-10-31T22:00:00.000Z')).toBe('AI');
    // Sunday 2026-11-01 clocks fell back at 02:00: 08:00 EST is 13:00Z.
    expect(await routedAt('2026-11-01T12:30:00.000Z')).toBe('AI');
    expect(await routedAt('2026-11-01T12:59:00.000Z')).toBe('AI');
    expect(await routedAt('2026-11-01T13:00:00.000Z')).toBe('queue');
  });
});
