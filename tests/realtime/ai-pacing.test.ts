import { afterAll, afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { typingDurationMs } from '../../src/ai/ai.ts';
import { TYPING_REFRESH_MS } from '../../src/ai/ai-agent.ts';
import type { FakeServer } from '../support/fakes/fake-behaviour.ts';
import { until } from '../support/until.ts';
import { type AiLive, aiChat, aiLiveServer, aiMessage, errorFrames, flush, startFake } from './support/ai.ts';
import { eventOf, isEvent } from './support/ws-client.ts';

/**
 * AI-3 on the manual clock: the visitor's messages are marked read at the read pause, typing
 * starts with it, and the reply lands once typing has lasted as long as a person would need; a
 * person's message or a close cancels a pending reply. Every step is driven by advancing the
 * clock, so the timings are exact.
 */
const PACING = { readDelayMs: 1000, typingMsPerChar: 30, typingMinMs: 1500, typingMaxMs: 6000 };
const REPLY = 'Yes, we deliver on Saturdays.';

describe('AI pacing on the manual clock', () => {
  const fake: FakeServer = startFake('anthropic');
  let live: AiLive;
  const timers = () => {
    if (!live.timers) throw new Error('manual timers expected');
    return live.timers;
  };

  beforeEach(async () => {
    fake.requests.length = 0;
    live = await aiLiveServer('anthropic', fake, { manualTimers: true, settings: { pacing: PACING } });
  });
  afterEach(() => live.stop());
  afterAll(() => fake.stop());

  test('receipts flip, then typing starts at 1 s, then the reply lands after the typing time, in that order', async () => {
    fake.script({ kind: 'reply', text: REPLY });
    const chat = await aiChat(live);
    const seq = await chat.say('Do you deliver on Saturdays?');
    const from = chat.visitor.frames.length;
    expect(timers().pendingDelays()).toEqual([PACING.readDelayMs]);

    timers().advance(PACING.readDelayMs - 1);
    await flush(chat.visitor);
    expect(chat.visitor.frames.slice(from).filter((f) => f.type !== 'pong')).toEqual([]);
    expect(fake.requests).toHaveLength(0);

    timers().advance(1);
    const receipt = await chat.visitor.next(isEvent('receipt.updated'));
    expect(receipt).toMatchObject({ side: 'staff', readSeq: seq, deliveredSeq: seq });
    const typing = await chat.visitor.next(isEvent('typing.changed'));
    expect(typing).toMatchObject({ side: 'staff', typing: true, name: 'AI' });

    // The model answered at once (the clock did not move): typing lasts the whole typing time.
    const typingMs = typingDurationMs(PACING, REPLY.length);
    await until(() => timers().pendingDelays().includes(typingMs), 'the reply waiting for the typing time');
    timers().advance(typingMs - 1);
    await flush(chat.visitor);
    expect(chat.visitor.frames.filter(aiMessage)).toEqual([]);

    timers().advance(1);
    const reply = await chat.visitor.next(aiMessage);
    expect(reply.message).toMatchObject({ body: REPLY, senderName: 'AI' });
    await chat.visitor.next(isEvent('typing.changed', (e) => e.typing === false));

    const sequence = chat.visitor.frames
      .slice(from)
      .filter((f) => f.type !== 'pong')
      .map((f) => {
        const event = eventOf(f);
        return event.type === 'typing.changed' ? `typing:${event.typing}` : event.type;
      });
    expect(sequence).toEqual(['receipt.updated', 'typing:true', 'message.created', 'typing:false']);
    expect(live.deps.aiAgent.pendingReplies()).toBe(0);
    expect(errorFrames(chat.visitor)).toEqual([]);
  });

  test('a slow model counts against the typing time, and typing is repeated while it composes', async () => {
    fake.script({ kind: 'slow', delayMs: 300, followedBy: { kind: 'reply', text: REPLY } });
    const chat = await aiChat(live);
    await chat.say('Hello?');
    timers().advance(PACING.readDelayMs);
    await chat.visitor.next(isEvent('typing.changed', (e) => e.typing === true));
    await until(() => fake.requests.length === 1, 'the provider call');
    // 5 s pass on the clock while the model still works: typing is announced again before the
    // visitor page's 6 s safety clear, then the reply lands at once (typing already lasted long enough).
    timers().advance(TYPING_REFRESH_MS);
    await chat.visitor.next(isEvent('typing.changed', (e) => e.typing === true));
    timers().advance(1000);
    await until(() => timers().pendingDelays().includes(0), 'the reply with no typing time left');
    timers().advance(0);
    await chat.visitor.next(aiMessage);
  });

  test("a person's message cancels the pending reply: typing stops, the AI never sends it", async () => {
    fake.script({ kind: 'reply', text: REPLY });
    const chat = await aiChat(live);
    await chat.say('Is anyone there?');
    timers().advance(PACING.readDelayMs);
    await chat.visitor.next(isEvent('typing.changed', (e) => e.typing === true));
    await until(
      () => timers().pendingDelays().includes(typingDurationMs(PACING, REPLY.length)),
      'the composed reply',
    );

    // An admin answers from the chat modal while the AI is still "typing".
    const reply = await fetch(`${live.running.url}/admin/chats/${chat.conversationId}/reply`, {
      method: 'POST',
      headers: {
        Cookie: live.admin.cookie,
        Origin: live.running.url,
        'HX-Request': 'true',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ body: 'Hi, I am Maria from the team.' }),
    });
    expect(reply.status).toBe(200);
    await chat.visitor.next(
      isEvent('message.created', (e) => (e.message as { senderKind: string }).senderKind === 'admin'),
    );
    await chat.visitor.next(isEvent('typing.changed', (e) => e.typing === false));
    expect(live.deps.aiAgent.pendingReplies()).toBe(0);

    timers().advance(60_000);
    await flush(chat.visitor);
    expect(chat.visitor.frames.filter(aiMessage)).toEqual([]);
    // The next visitor message is not the AI's either: a person has stepped in.
    await chat.say('Great, thanks Maria');
    timers().advance(60_000);
    await flush(chat.visitor);
    expect(chat.visitor.frames.filter(aiMessage)).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  test('closing the chat during the read pause cancels the reply before anything shows', async () => {
    const chat = await aiChat(live);
    await chat.say('Hi');
    const close = await fetch(`${live.running.url}/admin/chats/${chat.conversationId}/close`, {
      method: 'POST',
      headers: { Cookie: live.admin.cookie, Origin: live.running.url, 'HX-Request': 'true' },
    });
    expect(close.status).toBe(200);
    await chat.visitor.next(isEvent('conversation.closed'));
    expect(live.deps.aiAgent.pendingReplies()).toBe(0);
    timers().advance(60_000);
    await flush(chat.visitor);
    expect(chat.visitor.frames.filter(isEvent('typing.changed'))).toEqual([]);
    expect(chat.visitor.frames.filter(aiMessage)).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  test('a second visitor message while the AI waits restarts the pause, and one reply answers both', async () => {
    fake.script({ kind: 'reply', text: REPLY });
    const chat = await aiChat(live);
    await chat.say('Hi');
    timers().advance(600);
    const second = await chat.say('Do you deliver on Saturdays?');
    timers().advance(600);
    await flush(chat.visitor);
    expect(fake.requests).toHaveLength(0);
    timers().advance(400);
    const receipt = await chat.visitor.next(isEvent('receipt.updated'));
    expect(receipt).toMatchObject({ readSeq: second });
    await until(() => fake.requests.length === 1, 'the provider call');
    const sent = JSON.stringify(fake.requests[0]?.body);
    expect(sent).toContain('Hi');
    expect(sent).toContain('Do you deliver on Saturdays?');
  });
});
