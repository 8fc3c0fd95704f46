import type { Clock } from '../shared/clock.ts';
import type { AiSettings, AiTurn } from './ai.ts';
import { modelIdOf } from './ai.ts';
import { createAnthropicProvider } from './anthropic-provider.ts';
import { createOpenAiProvider } from './openai-provider.ts';
import type { AiProvider, AiRequest } from './provider.ts';

/**
 * The provider the settings name. Cheap to build (no connection is opened), so the caller can
 * build one per settings change or per call; the key comes from its own store, never the settings.
 */
export function createAiProvider(input: {
  settings: Pick<AiSettings, 'provider' | 'openaiApi' | 'baseUrl' | 'timeoutMs'>;
  apiKey: string;
  clock: Clock;
  fetch?: typeof fetch;
}): AiProvider {
  const { settings, apiKey, clock } = input;
  const options = {
    apiKey,
    baseUrl: settings.baseUrl,
    timeoutMs: settings.timeoutMs,
    clock,
    ...(input.fetch ? { fetch: input.fetch } : {}),
  };
  return settings.provider === 'openai'
    ? createOpenAiProvider({ ...options, api: settings.openaiApi })
    : createAnthropicProvider(options);
}

/** The request for one reply under these settings. */
export function aiRequestFor(
  settings: Pick<AiSettings, 'model' | 'customModel' | 'maxTokens'>,
  system: string,
  turns: readonly AiTurn[],
  signal?: AbortSignal,
): AiRequest {
  return {
    system,
    turns,
    model: modelIdOf(settings),
    maxTokens: settings.maxTokens,
    ...(signal ? { signal } : {}),
  };
}
