import { describe, expect, test } from 'bun:test';
import { AI_AGENT_ID } from '../../src/ai/ai-agent.ts';
import { saveApiKey, storeAiSettings } from '../../src/ai/ai-settings.service.ts';
import { routeConversation } from '../../src/routing/routing.service.ts';
import { createStaff } from '../support/make-app.ts';
import { until } from '../support/until.ts';
import { aiTestSettings, flush } from './support/ai.ts';
import { makeVisitorChat, openVisitor } from './support/live.ts';
import { postgresUrl, redisUrl, twoInstances } from './support/two-instances.ts';
import { isEvent } from './support/ws-client.ts';

/**
 * Several instances (OPS-5): the instance that received the visitor's message composes the AI's
 * reply; a person's message on another instance reaches it through Redis and cancels the reply at
 * once, and the AI never speaks after it.
 */
describe.if(Boolean(postgresUrl && redisUrl))('the AI agent across two instances', () => {
  test("an admin's reply on instance B cancels the reply instance A is composing", async () => {
    const pair = await twoInstances();
    try {
      const admin = await createStaff(pair.b.deps, 'admin');
      // The longest read pause the settings allow: the reply is still pending on A when B's
      // message arrives, and only the event from B (not A's own re-check 10 s later) can stop it.
      const settings = aiTestSettings('anthropic', 'http://127.0.0.1:9', {
        pacing: { readDelayMs: 10_000, typingMsPerChar: 0, typingMinMs: 0, typingMaxMs: 0 },
      });
      await storeAiSettings(pair.a.deps, admin.id, settings);
      await saveApiKey(pair.a.deps, admin.id, 'anthropic', 'sk-ant-test-0000000000');
      const chat = await makeVisitorChat(pair.db);
      expect(await routeConversation(pair.a.running.deps, chat.conversation.id)).toEqual({
        ok: true,
        value: { assigneeId: AI_AGENT_ID },
      });

      const visitor = await openVisitor(pair.a.running, chat.project.id, chat.token);
      visitor.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
      await visitor.next((f) => f.type === 'joined');
      visitor.send({
        type: 'send',
        conversationId: chat.conversation.id,
        clientMessageId: 'v-1',
        body: 'Hi',
      });
      await visitor.next((f) => f.type === 'ack');
      expect(pair.a.deps.aiAgent.pendingReplies()).toBe(1);
      expect(pair.b.deps.aiAgent.pendingReplies()).toBe(0);

      const reply = await fetch(`${pair.b.running.url}/admin/chats/${chat.conversation.id}/reply`, {
        method: 'POST',
        headers: {
          Cookie: admin.cookie,
          Origin: pair.b.running.url,
          'HX-Request': 'true',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ body: 'Hello, Maria here.' }),
      });
      expect(reply.status).toBe(200);
      await visitor.next(
        isEvent('message.created', (e) => (e.message as { senderKind: string }).senderKind === 'admin'),
      );
      await until(() => pair.a.deps.aiAgent.pendingReplies() === 0, "A's pending reply cancelled", 4000);
      await flush(visitor);
      expect(visitor.frames.filter(isEvent('typing.changed'))).toEqual([]);
      visitor.close();
    } finally {
      await pair.stop();
    }
  });
});
