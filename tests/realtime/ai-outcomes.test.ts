import { afterAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { AI_AGENT_ID } from '../../src/ai/ai-agent.ts';
import { routeConversation } from '../../src/routing/routing.service.ts';
import type { FakeBehaviour, FakeServer } from '../support/fakes/fake-behaviour.ts';
import {
  AI_TEST_KEY,
  type AiLive,
  aiChat,
  aiLiveServer,
  aiMessage,
  errorFrames,
  FAKE_TARGETS,
  flush,
  startFake,
  statusBecomes,
} from './support/ai.ts';
import { makeVisitorChat } from './support/live.ts';
import { isEvent } from './support/ws-client.ts';

/**
 * Issue 17, tests that must exist: the AI through the real SDKs (by base URL) against fake
 * Anthropic / OpenAI servers, end to end through a live server and real sockets. Every provider
 * outcome ends as a reply, an escalation or a silent failover to the human queue, and the
 * visitor's socket never sees an error.
 */
for (const target of FAKE_TARGETS) {
  describe(`AI agent end to end: ${target}`, () => {
    const fake: FakeServer = startFake(target);
    let live: AiLive;

    beforeEach(async () => {
      fake.requests.length = 0;
      live = await aiLiveServer(target, fake);
    });
    afterEach(() => live.stop());
    afterAll(() => fake.stop());

    const conversationRow = (id: string) =>
      live.deps.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    test('a normal reply reaches the visitor from "AI", and the AI keeps the chat', async () => {
      fake.script({ kind: 'reply', text: 'Hello Ana, yes we ship to Spain.' });
      const chat = await aiChat(live);
      await chat.say('Do you ship to Spain?');
      const frame = await chat.visitor.next(aiMessage);
      expect(frame.message).toMatchObject({
        body: 'Hello Ana, yes we ship to Spain.',
        senderKind: 'ai',
        senderName: 'AI',
        senderUserId: AI_AGENT_ID,
      });
      const row = await conversationRow(chat.conversationId);
      expect(row).toMatchObject({ status: 'active', assignee_id: AI_AGENT_ID, ai_active: 1, ai_never: 0 });
      // The provider saw our key, the chat with the visitor's question last, and the hand-off tool.
      expect(fake.requests).toHaveLength(1);
      const body = JSON.stringify(fake.requests[0]?.body);
      expect(body).toContain('Do you ship to Spain?');
      expect(body).toContain('escalate_to_human');
      expect(errorFrames(chat.visitor)).toEqual([]);
    });

    test('a tool-call escalation: the handover line once, the chat to the human queue, flagged, a summary note', async () => {
      fake.script({
        kind: 'escalate',
        handoverMessage: 'Let me bring in a colleague for the quote.',
        summary: 'Wants two chairs delivered to Spain; asked for a quote.',
      });
      const chat = await aiChat(live);
      await chat.say('I want to talk to a person');
      const line = await chat.visitor.next(aiMessage);
      expect((line.message as { body: string }).body).toBe('Let me bring in a colleague for the quote.');
      await chat.visitor.next(statusBecomes('unassigned'));
      const row = await conversationRow(chat.conversationId);
      expect(row).toMatchObject({ status: 'unassigned', assignee_id: null, ai_never: 1 });
      const notes = await live.deps.db
        .selectFrom('lead_notes')
        .selectAll()
        .where('conversation_id', '=', chat.conversationId)
        .execute();
      expect(notes.map((n) => [n.author_id, n.body])).toEqual([
        [AI_AGENT_ID, 'Wants two chairs delivered to Spain; asked for a quote.'],
      ]);

      // Flagged: with every human offline the AI still never takes it back, and stays silent.
      expect(await routeConversation(live.running.deps, chat.conversationId)).toEqual({
        ok: false,
        code: 'queued',
      });
      await chat.say('Hello? Anyone?');
      await flush(chat.visitor);
      expect(live.deps.aiAgent.pendingReplies()).toBe(0);
      const aiLines = await live.deps.db
        .selectFrom('messages')
        .select('body')
        .where('conversation_id', '=', chat.conversationId)
        .where('sender_kind', '=', 'ai')
        .execute();
      expect(aiLines).toHaveLength(1);
      expect(fake.requests).toHaveLength(1);
      expect(errorFrames(chat.visitor)).toEqual([]);
    });

    test('an escalation without a line sends the default handover line', async () => {
      fake.script({ kind: 'escalate_garbled' });
      const chat = await aiChat(live);
      await chat.say('Person please');
      const line = await chat.visitor.next(aiMessage);
      expect((line.message as { body: string }).body).toContain('member of our team');
      await chat.visitor.next(statusBecomes('unassigned'));
      expect((await conversationRow(chat.conversationId)).ai_never).toBe(1);
    });

    const failures: Array<{ name: string; behaviour: FakeBehaviour; reason: string; requests: number }> = [
      {
        name: '429 with retry-after',
        behaviour: { kind: 'rate_limited', retryAfterSeconds: 30 },
        reason: 'rate_limited',
        requests: 1,
      },
      { name: '401', behaviour: { kind: 'unauthorized' }, reason: 'auth', requests: 1 },
      { name: '500 (retried once)', behaviour: { kind: 'server_error' }, reason: 'server', requests: 2 },
      {
        name: 'slower than the deadline',
        behaviour: { kind: 'slow', delayMs: 4000 },
        reason: 'timeout',
        requests: 1,
      },
      { name: 'truncated JSON', behaviour: { kind: 'truncated' }, reason: 'malformed', requests: 1 },
      { name: 'garbage instead of JSON', behaviour: { kind: 'garbage' }, reason: 'malformed', requests: 1 },
      { name: 'an empty reply', behaviour: { kind: 'empty' }, reason: 'empty', requests: 1 },
    ];
    for (const { name, behaviour, reason, requests } of failures) {
      test(`${name} → silent failover to the human queue, logged as ${reason}`, async () => {
        fake.script(...Array.from({ length: requests }, () => behaviour));
        const chat = await aiChat(live);
        await chat.say('Hi, what does it cost?');
        await chat.visitor.next(statusBecomes('unassigned'), 8000);
        const row = await conversationRow(chat.conversationId);
        expect(row).toMatchObject({ status: 'unassigned', assignee_id: null, ai_never: 1 });
        expect(fake.requests).toHaveLength(requests);
        const logged = await live.deps.db.selectFrom('ai_errors').selectAll().execute();
        expect(logged.map((e) => [e.reason, e.conversation_id])).toEqual([[reason, chat.conversationId]]);
        expect(logged[0]?.detail).not.toContain(AI_TEST_KEY);
        // The visitor saw typing start and stop, then the waiting state: no AI line, no error.
        const typing = chat.visitor.frames.filter(isEvent('typing.changed')).map((f) => f.typing);
        expect(typing).toEqual([true, false]);
        expect(chat.visitor.frames.filter(aiMessage)).toEqual([]);
        expect(errorFrames(chat.visitor)).toEqual([]);
      });
    }

    test('repeated failures open the breaker: the next chat goes straight to humans without a request', async () => {
      for (let i = 0; i < 3; i++) {
        fake.script({ kind: 'unauthorized' });
        const chat = await aiChat(live);
        await chat.say(`attempt ${i}`);
        await chat.visitor.next(statusBecomes('unassigned'));
      }
      const before = fake.requests.length;
      const next = await makeVisitorChat(live.deps.db);
      expect(await routeConversation(live.running.deps, next.conversation.id)).toEqual({
        ok: false,
        code: 'queued',
      });
      expect(fake.requests).toHaveLength(before);
      // After the cool-down one chat is the probe; success closes the breaker again.
      live.deps.clock.advance(61_000);
      fake.script({ kind: 'reply', text: 'Back again.' });
      const probe = await aiChat(live);
      await probe.say('Still there?');
      await probe.visitor.next(aiMessage);
      const after = await live.deps.db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'ai_breaker')
        .executeTakeFirst();
      expect(JSON.parse(after?.value ?? '{}').status).toBe('closed');
    });
  });
}
