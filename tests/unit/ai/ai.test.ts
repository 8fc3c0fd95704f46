import { describe, expect, test } from 'bun:test';
import {
  AI_MODELS,
  CUSTOM_MODEL,
  checkReplyAllowance,
  defaultAiSettings,
  defaultModelFor,
  maskApiKey,
  modelIdOf,
  RECOMMENDED_PROVIDER,
  remainingTypingMs,
  typingDurationMs,
} from '../../../src/ai/ai.ts';

describe('model catalogue', () => {
  test('Anthropic is recommended and its first model is the default; a custom id is used as typed', () => {
    expect(RECOMMENDED_PROVIDER).toBe('anthropic');
    expect(defaultAiSettings.model).toBe('claude-haiku-5-5');
    expect(defaultModelFor('openai')).toBe(AI_MODELS.openai[0]?.id ?? '');
    expect(modelIdOf({ model: CUSTOM_MODEL, customModel: '  my-model-7 ' })).toBe('my-model-7');
    expect(modelIdOf({ model: 'claude-sonnet-5-5', customModel: 'ignored' })).toBe('claude-sonnet-5-5');
  });
});

describe('cost controls', () => {
  const settings = { replyCapPerConversation: 3, visitorRateLimit: { limit: 5, windowMs: 3_600_000 } };

  test('the per-conversation cap and the per-visitor rate limit each stop the AI at their limit', () => {
    expect(
      checkReplyAllowance({ aiRepliesInConversation: 2, aiRepliesToVisitorInWindow: 4 }, settings),
    ).toEqual({
      ok: true,
    });
    expect(
      checkReplyAllowance({ aiRepliesInConversation: 3, aiRepliesToVisitorInWindow: 0 }, settings),
    ).toEqual({
      ok: false,
      reason: 'reply_cap',
    });
    expect(
      checkReplyAllowance({ aiRepliesInConversation: 0, aiRepliesToVisitorInWindow: 5 }, settings),
    ).toEqual({
      ok: false,
      reason: 'visitor_rate_limit',
    });
  });
});

describe('pacing (AI-3)', () => {
  const pacing = { readDelayMs: 1000, typingMsPerChar: 30, typingMinMs: 1500, typingMaxMs: 6000 };

  test('typing lasts per character, within the shortest and longest time', () => {
    expect(typingDurationMs(pacing, 10)).toBe(1500);
    expect(typingDurationMs(pacing, 100)).toBe(3000);
    expect(typingDurationMs(pacing, 1000)).toBe(6000);
  });

  test('the time the model took counts as typing: only the rest is waited', () => {
    expect(remainingTypingMs(pacing, 100, 1200)).toBe(1800);
    expect(remainingTypingMs(pacing, 100, 4000)).toBe(0);
  });
});

describe('maskApiKey', () => {
  test('shows the kind of key and its last four characters only', () => {
    expect(maskApiKey('sk-ant-api03-abcdefghijklmnopqrstuvwxyz-WXYZ')).toBe('sk-ant-••••WXYZ');
    expect(maskApiKey('sk-proj-0123456789abcdef9876')).toBe('sk-proj-••••9876');
    expect(maskApiKey('short')).toBe('••••');
    expect(maskApiKey('')).toBe('');
  });
});
