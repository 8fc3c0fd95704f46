import { afterAll, beforeEach, describe, expect, test } from 'bun:test';
import type { AiTurn } from '../../../src/ai/ai.ts';
import { createAnthropicProvider } from '../../../src/ai/anthropic-provider.ts';
import type { AiOutcome, AiRequest } from '../../../src/ai/provider.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import { startFakeAnthropic } from '../../support/fakes/fake-anthropic.ts';
import type { RecordedRequest } from '../../support/fakes/fake-behaviour.ts';
import { API_KEY, TIMEOUT_MS, targets } from './provider-targets.ts';

/**
 * Both providers through their real SDKs (@anthropic-ai/sdk, openai) against fakes on 127.0.0.1
 * that check what the real APIs check. Every case ends as reply, escalation or a failure the
 * caller routes silently to humans; and the fake saw exactly the requests we meant to send.
 */

const turns: AiTurn[] = [
  {
    role: 'user',
    text: 'Contact form filled in by the visitor before the chat:\nName: Ana\n\nHi, do you ship to Spain?',
  },
  { role: 'assistant', text: 'Hello Ana! Yes, we do. What would you like to order?' },
  { role: 'user', text: 'Two chairs. How much is delivery?' },
];

const elapsedOf = async (run: () => Promise<AiOutcome>) => {
  const started = performance.now();
  const outcome = await run();
  return { outcome, elapsed: performance.now() - started };
};

for (const target of targets) {
  describe(target.label, () => {
    const fake = target.start();
    const provider = target.make(fake.url);
    const request = (over: Partial<AiRequest> = {}): AiRequest => ({
      system: 'You are the assistant of Acme Chairs.',
      turns,
      model: target.model,
      maxTokens: 512,
      ...over,
    });

    beforeEach(() => {
      fake.requests.length = 0;
    });
    afterAll(() => fake.stop());

    test('a normal reply comes back as the reply text, and the fake saw exactly our request', async () => {
      fake.script({ kind: 'reply', text: 'Delivery to Spain is 25 €.' });
      const outcome = await provider.complete(request());
      expect(outcome).toEqual({
        kind: 'reply',
        text: 'Delivery to Spain is 25 €.',
        usage: { inputTokens: 120, outputTokens: 24 },
      });
      expect(fake.requests).toHaveLength(1);
      expect(target.read(fake.requests[0] as RecordedRequest)).toEqual({
        model: target.model,
        maxTokens: 512,
        system: 'You are the assistant of Acme Chairs.',
        turns,
        toolNames: ['escalate_to_human'],
        toolRequired: ['handover_message', 'summary'],
      });
    });

    test('an escalate_to_human tool call is a hand-off with the visitor line and the staff summary', async () => {
      fake.script({
        kind: 'escalate',
        handoverMessage: 'I am bringing in a colleague who can quote delivery.',
        summary: 'Ana wants two chairs delivered to Spain; asked for the delivery price.',
      });
      expect(await provider.complete(request())).toEqual({
        kind: 'escalate',
        handoverMessage: 'I am bringing in a colleague who can quote delivery.',
        summary: 'Ana wants two chairs delivered to Spain; asked for the delivery price.',
        usage: { inputTokens: 120, outputTokens: 24 },
      });
    });

    test('a hand-off with garbled arguments is still a hand-off (the model chose it), with empty fields', async () => {
      fake.script({ kind: 'escalate_garbled' });
      const outcome = await provider.complete(request());
      expect(outcome).toMatchObject({ kind: 'escalate', handoverMessage: '', summary: '' });
    });

    test('a call of a tool we never defined is malformed, not a reply', async () => {
      fake.script({ kind: 'unknown_tool' });
      expect(await provider.complete(request())).toMatchObject({ kind: 'failure', reason: 'malformed' });
    });

    test('429 with retry-after is rate_limited with the wait read, and is not retried', async () => {
      fake.script({ kind: 'rate_limited', retryAfterSeconds: 7 });
      const outcome = await provider.complete(request());
      expect(outcome).toMatchObject({ kind: 'failure', reason: 'rate_limited', retryAfterMs: 7000 });
      expect(fake.requests).toHaveLength(1);
    });

    test('a revoked key (401) is an auth failure, not retried', async () => {
      fake.script({ kind: 'unauthorized' });
      expect(await provider.complete(request())).toMatchObject({ kind: 'failure', reason: 'auth' });
      expect(fake.requests).toHaveLength(1);
    });

    test('a wrong key is refused by the fake itself (auth), and the key never appears in the detail', async () => {
      const wrong = target.make(fake.url, { apiKey: 'sk-wrong-key-9999999999' });
      const outcome = await wrong.complete(request());
      expect(outcome).toMatchObject({ kind: 'failure', reason: 'auth' });
      expect(JSON.stringify(outcome)).not.toContain('sk-wrong-key-9999999999');
    });

    test('500 is retried once, then a server failure: two requests, no more', async () => {
      fake.script({ kind: 'server_error' }, { kind: 'server_error' });
      expect(await provider.complete(request())).toMatchObject({ kind: 'failure', reason: 'server' });
      expect(fake.requests).toHaveLength(2);
    });

    test('one transient 5xx followed by a good answer is a reply', async () => {
      fake.script({ kind: 'overloaded' }, { kind: 'reply', text: 'Back again.' });
      expect(await provider.complete(request())).toMatchObject({ kind: 'reply', text: 'Back again.' });
      expect(fake.requests).toHaveLength(2);
    });

    test('a 5xx too late to retry within the deadline reports the server failure, not a timeout', async () => {
      fake.script({ kind: 'slow', delayMs: TIMEOUT_MS - 250, followedBy: { kind: 'server_error' } });
      const { outcome, elapsed } = await elapsedOf(() => provider.complete(request()));
      expect(outcome).toMatchObject({ kind: 'failure', reason: 'server' });
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 300);
      expect(fake.requests).toHaveLength(1);
    });

    test('a retry that runs out of time is a timeout that still names the first failure', async () => {
      fake.script({ kind: 'server_error' }, { kind: 'slow', delayMs: 5000 });
      const outcome = await provider.complete(request());
      expect(outcome).toMatchObject({ kind: 'failure', reason: 'timeout' });
      expect(outcome.kind === 'failure' && outcome.detail).toContain('retrying after server');
      expect(fake.requests).toHaveLength(2);
    });

    test('an answer slower than the timeout fails as timeout within the deadline, not 600 s', async () => {
      fake.script({ kind: 'slow', delayMs: 5000 });
      const { outcome, elapsed } = await elapsedOf(() => provider.complete(request()));
      expect(outcome).toMatchObject({ kind: 'failure', reason: 'timeout' });
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 700);
      expect(fake.requests).toHaveLength(1);
    });

    test('headers in time but a body that trickles past the deadline is a timeout too', async () => {
      fake.script({ kind: 'slow_body', delayMs: 5000 });
      const { outcome, elapsed } = await elapsedOf(() => provider.complete(request()));
      expect(outcome).toMatchObject({ kind: 'failure', reason: 'timeout' });
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 700);
    });

    test('a body that arrives late but inside the deadline is a reply', async () => {
      fake.script({ kind: 'slow_body', delayMs: 100 });
      expect(await provider.complete(request())).toMatchObject({ kind: 'reply', text: 'Late but complete.' });
    });

    test('closing the conversation aborts the request at once: aborted, not timeout', async () => {
      fake.script({ kind: 'slow', delayMs: 5000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const slowProvider = target.make(fake.url, { timeoutMs: 5000 });
      const { outcome, elapsed } = await elapsedOf(() =>
        slowProvider.complete(request({ signal: controller.signal })),
      );
      expect(outcome).toMatchObject({ kind: 'failure', reason: 'aborted' });
      expect(elapsed).toBeLessThan(1000);
      expect(fake.requests).toHaveLength(1);
    });

    test.each([
      ['truncated JSON', 'truncated'],
      ['an HTML page sent as JSON', 'garbage'],
      ['JSON of the wrong shape', 'wrong_shape'],
    ] as const)('%s is malformed, never a reply, and not retried', async (_label, kind) => {
      fake.script({ kind });
      expect(await provider.complete(request())).toMatchObject({ kind: 'failure', reason: 'malformed' });
      expect(fake.requests).toHaveLength(1);
    });

    test('an empty answer is empty', async () => {
      fake.script({ kind: 'empty' });
      expect(await provider.complete(request())).toMatchObject({ kind: 'failure', reason: 'empty' });
    });

    test('a refusal is refusal', async () => {
      fake.script({ kind: 'refusal' });
      expect(await provider.complete(request())).toMatchObject({ kind: 'failure', reason: 'refusal' });
    });

    test('a reply cut at max tokens is never sent as half a sentence', async () => {
      fake.script({ kind: 'max_tokens', text: 'Delivery to Spain costs' });
      const outcome = await provider.complete(request());
      expect(outcome).toMatchObject({ kind: 'failure', reason: 'malformed' });
      expect(outcome.kind === 'failure' && outcome.detail).toContain('max tokens');
    });

    test('a transcript that ends with our own turn is rejected before any request', async () => {
      const outcome = await provider.complete(request({ turns: turns.slice(0, 2) }));
      expect(outcome).toMatchObject({ kind: 'failure', reason: 'rejected' });
      expect(fake.requests).toHaveLength(0);
    });

    test('no saved key is an auth failure before any request', async () => {
      const keyless = target.make(fake.url, { apiKey: '' });
      expect(await keyless.complete(request())).toMatchObject({ kind: 'failure', reason: 'auth' });
      expect(fake.requests).toHaveLength(0);
    });

    test('test connection: ok with the model and latency; a wrong key says auth', async () => {
      const check = await provider.testConnection({ model: target.model });
      expect(check).toMatchObject({ ok: true, model: target.model });
      expect(check.ok && check.latencyMs).toBeGreaterThanOrEqual(0);
      const wrong = target.make(fake.url, { apiKey: 'sk-wrong-key-9999999999' });
      expect(await wrong.testConnection({ model: target.model })).toMatchObject({
        ok: false,
        reason: 'auth',
      });
    });
  });
}

describe('a provider nobody answers', () => {
  test('connection refused is a network failure, retried once', async () => {
    const fake = startFakeAnthropic({ apiKey: API_KEY });
    const url = fake.url;
    await fake.stop();
    const provider = createAnthropicProvider({
      apiKey: API_KEY,
      baseUrl: url,
      timeoutMs: 2000,
      clock: systemClock,
    });
    const outcome = await provider.complete({
      system: '',
      turns: turns.slice(0, 1),
      model: 'claude-haiku-5-5',
      maxTokens: 64,
    });
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'network' });
  });
});
