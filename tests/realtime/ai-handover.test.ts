import { afterAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { aiWatchdogSweeper } from '../../src/ai/ai.sweepers.ts';
import { AI_AGENT_ID } from '../../src/ai/ai-agent.ts';
import { storeAiSettings } from '../../src/ai/ai-settings.service.ts';
import { makeMessage } from '../support/factories.ts';
import type { FakeServer } from '../support/fakes/fake-behaviour.ts';
import { createStaff } from '../support/make-app.ts';
import { until } from '../support/until.ts';
import {
  type AiLive,
  aiChat,
  aiLiveServer,
  aiMessage,
  aiTestSettings,
  errorFrames,
  flush,
  startFake,
  statusBecomes,
} from './support/ai.ts';
import { openStaff } from './support/live.ts';
import { isEvent } from './support/ws-client.ts';

/**
 * AI-2 handover rules end to end (live server, real sockets, the Anthropic SDK against its fake):
 * a human who becomes eligible takes the AI's chat at the next turn boundary, with its history;
 * cost controls send the chat to humans quietly; a lost reply never leaves a chat stuck.
 */
describe('AI handover to humans', () => {
  const fake: FakeServer = startFake('anthropic');
  let live: AiLive;
  beforeEach(async () => {
    fake.requests.length = 0;
    live = await aiLiveServer('anthropic', fake);
  });
  afterEach(() => live.stop());
  afterAll(() => fake.stop());

  const holderOf = async (id: string) =>
    await live.deps.db
      .selectFrom('conversations')
      .select(['assignee_id', 'status', 'ai_never'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  test("an agent who comes online takes the AI's idle chat at once, with the history, no reset", async () => {
    fake.script({ kind: 'reply', text: 'Hi! How can I help?' });
    const chat = await aiChat(live);
    await chat.say('Hello');
    await chat.visitor.next(aiMessage);
    await until(
      async () => (await holderOf(chat.conversationId)).assignee_id === AI_AGENT_ID,
      'the AI holding',
    );

    const { socket: agent, staff } = await openStaff(live.running, live.deps, 'agent');
    await agent.next((f) => f.type === 'hello');
    // The drain on coming online hands idle AI chats over (a turn boundary: the AI has answered).
    await agent.next(isEvent('conversation.assigned', (e) => e.assigneeId === staff.id));
    expect(await holderOf(chat.conversationId)).toMatchObject({ assignee_id: staff.id, status: 'active' });

    await chat.say('Can I order today?');
    const seen = await agent.next(
      isEvent('message.created', (e) => (e.message as { body: string }).body === 'Can I order today?'),
    );
    expect(seen).toBeTruthy();
    await flush(chat.visitor);
    expect(chat.visitor.frames.filter(aiMessage)).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
    // The visitor's chat never went back to "waiting": one status, active.
    const statuses = chat.visitor.frames.filter(isEvent('conversation.status_changed')).map((f) => f.status);
    expect(statuses).toEqual(['active']);
    expect(errorFrames(chat.visitor)).toEqual([]);
  });

  test("before any drain ran, an eligible agent takes over at the visitor's next message", async () => {
    fake.script({ kind: 'reply', text: 'Hi! How can I help?' });
    const chat = await aiChat(live);
    await chat.say('Hello');
    await chat.visitor.next(aiMessage);
    // Online a moment ago on another instance: presence says so, no drain has run here yet.
    const agent = await createStaff(live.deps, 'agent');
    await live.running.deps.presence.connect(
      { kind: 'staff', id: agent.id },
      'elsewhere',
      live.deps.clock.now(),
    );
    // Handed over while the message is stored, before its ack: no AI reply, no waiting state.
    await chat.say('Can I order today?');
    expect(chat.visitor.frames.filter(statusBecomes('unassigned'))).toEqual([]);
    expect(await holderOf(chat.conversationId)).toMatchObject({ assignee_id: agent.id, status: 'active' });
    expect(fake.requests).toHaveLength(1);
    expect(live.deps.aiAgent.pendingReplies()).toBe(0);
  });

  test('an agent who came online while the AI composed takes the chat right after the reply lands', async () => {
    fake.script({ kind: 'slow', delayMs: 400, followedBy: { kind: 'reply', text: 'One moment, checking.' } });
    const chat = await aiChat(live);
    await chat.say('Do you have it in blue?');
    await until(() => fake.requests.length === 1, 'the provider call');
    const { socket: agent, staff } = await openStaff(live.running, live.deps, 'agent');
    await agent.next((f) => f.type === 'hello');
    // Mid-reply: the drain leaves it with the AI.
    expect((await holderOf(chat.conversationId)).assignee_id).toBe(AI_AGENT_ID);
    await chat.visitor.next(aiMessage);
    await agent.next(isEvent('conversation.assigned', (e) => e.assigneeId === staff.id));
    expect(await holderOf(chat.conversationId)).toMatchObject({
      assignee_id: staff.id,
      status: 'active',
      ai_never: 0,
    });
  });

  test('the reply cap sends the chat quietly to the human queue, flagged, and lists it for the admin', async () => {
    await storeAiSettings(
      live.deps,
      live.admin.id,
      aiTestSettings('anthropic', fake.url, { replyCapPerConversation: 1 }),
    );
    fake.script({ kind: 'reply', text: 'First and only answer.' });
    const chat = await aiChat(live);
    await chat.say('Question one');
    await chat.visitor.next(aiMessage);
    await chat.say('Question two');
    // Decided while the message is stored, before its ack: the visitor sees the waiting state.
    expect(chat.visitor.frames.filter(statusBecomes('unassigned'))).toHaveLength(1);
    expect(await holderOf(chat.conversationId)).toMatchObject({ assignee_id: null, ai_never: 1 });
    const listed = await live.deps.db.selectFrom('ai_errors').select(['reason', 'conversation_id']).execute();
    expect(listed).toEqual([{ reason: 'reply_cap', conversation_id: chat.conversationId }]);
    expect(fake.requests).toHaveLength(1);
    expect(errorFrames(chat.visitor)).toEqual([]);
  });

  test('a lost reply (its instance died) is recovered: the watchdog hands the chat back and the AI answers it', async () => {
    fake.script({ kind: 'reply', text: 'Sorry for the wait, here I am.' });
    const chat = await aiChat(live);
    // A visitor message the instance that received it never answered (it crashed mid-reply).
    const sent = live.deps.clock.now().toISOString();
    await makeMessage(live.deps.db, {
      conversation_id: chat.conversationId,
      seq: 1,
      sender_kind: 'visitor',
      body: 'Hello?',
      created_at: sent,
    });
    await live.deps.db
      .updateTable('conversations')
      .set({ last_seq: 1, last_message_at: sent })
      .where('id', '=', chat.conversationId)
      .execute();
    live.deps.clock.advance(60_000);
    const result = await aiWatchdogSweeper(10_000).tick(live.running.deps, live.deps.clock.now());
    expect(result.processed).toBe(1);
    const reply = await chat.visitor.next(aiMessage);
    expect((reply.message as { body: string }).body).toBe('Sorry for the wait, here I am.');
    expect((await holderOf(chat.conversationId)).assignee_id).toBe(AI_AGENT_ID);
  });
});
