import {
  type AiProviderName,
  type AiSettings,
  defaultAiSettings,
  defaultModelFor,
} from '../../../src/ai/ai.ts';
import { saveApiKey, storeAiSettings } from '../../../src/ai/ai-settings.service.ts';
import { routeConversation } from '../../../src/routing/routing.service.ts';
import { type RunningServer, startServer } from '../../../src/server.ts';
import { startFakeAnthropic } from '../../support/fakes/fake-anthropic.ts';
import type { FakeServer } from '../../support/fakes/fake-behaviour.ts';
import { startFakeOpenAi } from '../../support/fakes/fake-openai.ts';
import { createStaff, makeTestDeps, type TestDeps, type TestStaff } from '../../support/make-app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { type ManualTimers, manualTimers } from '../../support/manual-timers.ts';
import { makeVisitorChat, openVisitor } from './live.ts';
import { isEvent, type TestSocket } from './ws-client.ts';

/**
 * The AI agent end to end: a live server (real sockets), the real SDKs pointed by base URL at a
 * fake provider on 127.0.0.1, settings and the sealed key saved through the AI services.
 */
export const AI_TEST_KEY = 'sk-test-0123456789abcdef';

export type FakeTarget = 'anthropic' | 'openai-responses' | 'openai-chat';
export const FAKE_TARGETS: FakeTarget[] = ['anthropic', 'openai-responses', 'openai-chat'];

const providerOf = (target: FakeTarget): AiProviderName => (target === 'anthropic' ? 'anthropic' : 'openai');

export function startFake(target: FakeTarget): FakeServer {
  return target === 'anthropic'
    ? startFakeAnthropic({ apiKey: AI_TEST_KEY })
    : startFakeOpenAi({ apiKey: AI_TEST_KEY });
}

/** The AI on, pointed at the fake, answering at once (pacing 0) unless the test sets pacing. */
export function aiTestSettings(
  target: FakeTarget,
  url: string,
  overrides: Partial<AiSettings> = {},
): AiSettings {
  const provider = providerOf(target);
  return {
    ...defaultAiSettings,
    enabled: true,
    provider,
    model: defaultModelFor(provider),
    openaiApi: target === 'openai-chat' ? 'chat_completions' : 'responses',
    baseUrl: url,
    timeoutMs: 2000,
    pacing: { readDelayMs: 0, typingMsPerChar: 0, typingMinMs: 0, typingMaxMs: 0 },
    ...overrides,
  };
}

export interface AiLive {
  deps: TestDeps;
  running: RunningServer;
  admin: TestStaff;
  /** Set when the test runs the AI's pacing on the manual clock. */
  timers: ManualTimers | undefined;
  stop(): Promise<void>;
}

export async function aiLiveServer(
  target: FakeTarget,
  fake: FakeServer,
  options: { manualTimers?: boolean; settings?: Partial<AiSettings> } = {},
): Promise<AiLive> {
  const clock = manualClock();
  const timers = options.manualTimers ? manualTimers(clock) : undefined;
  const deps = await makeTestDeps({ clock, ...(timers ? { aiTimers: timers } : {}) });
  const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
  const admin = await createStaff(deps, 'admin');
  await storeAiSettings(deps, admin.id, aiTestSettings(target, fake.url, options.settings));
  await saveApiKey(deps, admin.id, providerOf(target), AI_TEST_KEY);
  return { deps, running, admin, timers, stop: () => running.stop() };
}

export interface AiChat {
  conversationId: string;
  projectId: string;
  visitorId: string;
  token: string;
  visitor: TestSocket;
  /** Sends a visitor message and waits for its ack; resolves with its sequence number. */
  say(body: string, clientMessageId?: string): Promise<number>;
}

/** A visitor whose new chat routing gave to the AI (no agent online), with the visitor's socket joined. */
export async function aiChat(live: AiLive): Promise<AiChat> {
  const chat = await makeVisitorChat(live.deps.db);
  const routed = await routeConversation(live.running.deps, chat.conversation.id);
  if (!routed.ok) throw new Error(`the AI did not take the chat: ${routed.code}`);
  const visitor = await openVisitor(live.running, chat.project.id, chat.token);
  visitor.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
  await visitor.next((f) => f.type === 'joined');
  let sent = 0;
  return {
    conversationId: chat.conversation.id,
    projectId: chat.project.id,
    visitorId: chat.visitor.id,
    token: chat.token,
    visitor,
    async say(body, clientMessageId = `v-${++sent}`) {
      visitor.send({ type: 'send', conversationId: chat.conversation.id, clientMessageId, body });
      const ack = await visitor.next((f) => f.type === 'ack' && f.clientMessageId === clientMessageId);
      return (ack.message as { seq: number }).seq;
    },
  };
}

/** A ping answered means every frame published to this socket before it has arrived. */
export async function flush(socket: TestSocket): Promise<void> {
  socket.send({ type: 'ping' });
  await socket.next((f) => f.type === 'pong');
}

export const aiMessage = isEvent(
  'message.created',
  (e) => (e.message as { senderKind: string }).senderKind === 'ai',
);
export const statusBecomes = (status: string) =>
  isEvent('conversation.status_changed', (e) => e.status === status);

/** Frame types in order, for the visitor-facing sequence (events unwrapped). */
export const errorFrames = (socket: TestSocket) => socket.frames.filter((f) => f.type === 'error');
