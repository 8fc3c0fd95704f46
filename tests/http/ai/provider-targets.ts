import type { AiTurn } from '../../../src/ai/ai.ts';
import { createAnthropicProvider } from '../../../src/ai/anthropic-provider.ts';
import { createOpenAiProvider } from '../../../src/ai/openai-provider.ts';
import type { AiProvider } from '../../../src/ai/provider.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import { startFakeAnthropic } from '../../support/fakes/fake-anthropic.ts';
import type { FakeServer, RecordedRequest } from '../../support/fakes/fake-behaviour.ts';
import { startFakeOpenAi } from '../../support/fakes/fake-openai.ts';

/**
 * The three wire formats the provider tests run against: each with its fake, a provider pointed
 * at it through the real SDK, and a reader that turns the recorded body back into one shape.
 */

export const API_KEY = 'sk-test-0123456789abcdef';
export const TIMEOUT_MS = 600;

/** What the fake received, read back the same way for every wire format. */
export interface Sent {
  model: string;
  maxTokens: number;
  system: string;
  turns: AiTurn[];
  toolNames: string[];
  toolRequired: string[];
}

export interface Target {
  label: string;
  model: string;
  start(): FakeServer;
  make(url: string, overrides?: { apiKey?: string; timeoutMs?: number }): AiProvider;
  read(request: RecordedRequest): Sent;
}

type Turn = { role: 'user' | 'assistant'; content: string };
type Schema = { required: string[] };
interface AnthropicBody {
  model: string;
  max_tokens: number;
  system: string;
  messages: Turn[];
  tools: Array<{ name: string; input_schema: Schema }>;
}
interface ResponsesBody {
  model: string;
  max_output_tokens: number;
  instructions: string;
  input: Turn[];
  tools: Array<{ name: string; parameters: Schema }>;
}
interface ChatBody {
  model: string;
  max_completion_tokens: number;
  messages: Array<{ role: string; content: string }>;
  tools: Array<{ function: { name: string; parameters: Schema } }>;
}
const asTurns = (list: Array<{ role: string; content: string }>) =>
  list.map((m) => ({ role: m.role as AiTurn['role'], text: m.content }));

export const targets: Target[] = [
  {
    label: 'Anthropic Messages API',
    model: 'claude-haiku-5-5',
    start: () => startFakeAnthropic({ apiKey: API_KEY }),
    make: (url, o = {}) =>
      createAnthropicProvider({
        apiKey: API_KEY,
        baseUrl: url,
        timeoutMs: TIMEOUT_MS,
        clock: systemClock,
        ...o,
      }),
    read: ({ body }) => {
      const b = body as AnthropicBody;
      return {
        model: b.model,
        maxTokens: b.max_tokens,
        system: b.system,
        turns: asTurns(b.messages),
        toolNames: b.tools.map((t) => t.name),
        toolRequired: b.tools[0]?.input_schema.required ?? [],
      };
    },
  },
  {
    label: 'OpenAI Responses API',
    model: 'gpt-6-luna',
    start: () => startFakeOpenAi({ apiKey: API_KEY }),
    make: (url, o = {}) =>
      createOpenAiProvider({
        apiKey: API_KEY,
        baseUrl: url,
        timeoutMs: TIMEOUT_MS,
        clock: systemClock,
        api: 'responses',
        ...o,
      }),
    read: ({ body }) => {
      const b = body as ResponsesBody;
      return {
        model: b.model,
        maxTokens: b.max_output_tokens,
        system: b.instructions,
        turns: asTurns(b.input),
        toolNames: b.tools.map((t) => t.name),
        toolRequired: b.tools[0]?.parameters.required ?? [],
      };
    },
  },
  {
    label: 'OpenAI Chat Completions API',
    model: 'gpt-6-luna',
    start: () => startFakeOpenAi({ apiKey: API_KEY }),
    make: (url, o = {}) =>
      createOpenAiProvider({
        apiKey: API_KEY,
        baseUrl: url,
        timeoutMs: TIMEOUT_MS,
        clock: systemClock,
        api: 'chat_completions',
        ...o,
      }),
    read: ({ body }) => {
      const b = body as ChatBody;
      const [system, ...rest] = b.messages;
      return {
        model: b.model,
        maxTokens: b.max_completion_tokens,
        system: system?.role === 'system' ? system.content : '',
        turns: asTurns(rest),
        toolNames: b.tools.map((t) => t.function.name),
        toolRequired: b.tools[0]?.function.parameters.required ?? [],
      };
    },
  },
];
