import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import {
  type AiOutcome,
  type AiProvider,
  type AiRequest,
  type AiUsage,
  CONNECTION_TEST,
  classifySdkError,
  ESCALATE_TOOL,
  escalationFrom,
  failure,
  type ProviderOptions,
  precheck,
  runCall,
  toConnectionCheck,
} from './provider.ts';

/** Passed explicitly so an ANTHROPIC_BASE_URL in the environment can never redirect our traffic. */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

/**
 * The Messages API through @anthropic-ai/sdk. Thinking is left at the model's default (current
 * models always think adaptively; some refuse `thinking: disabled`), so maxTokens must leave room
 * for it: a reply cut at max_tokens is a failure, never half a sentence to the visitor.
 */
export function createAnthropicProvider(options: ProviderOptions): AiProvider {
  const client = new Anthropic({
    // Never empty: the SDK would look for credentials in the environment. precheck() answers
    // 'auth' for a missing key before any request is made.
    apiKey: options.apiKey || 'unset',
    baseURL: options.baseUrl || ANTHROPIC_DEFAULT_BASE_URL,
    timeout: options.timeoutMs,
    maxRetries: 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const classify = (error: unknown) => classifySdkError(error, Anthropic, options.clock.now());

  const call = (request: AiRequest, read: (raw: unknown) => AiOutcome): Promise<AiOutcome> => {
    const refused = precheck(request, options);
    if (refused) return Promise.resolve(refused);
    return runCall(
      request,
      options,
      async (signal) =>
        read(await client.messages.create(messageBody(request), { signal, timeout: options.timeoutMs })),
      classify,
    );
  };

  return {
    name: 'anthropic',
    complete: (request) => call(request, outcomeFromMessage),
    async testConnection({ model, signal }) {
      const started = options.clock.now().getTime();
      const outcome = await call({ ...CONNECTION_TEST, model, ...(signal ? { signal } : {}) }, (raw) =>
        messageShape.safeParse(raw).success
          ? { kind: 'reply', text: 'ok', usage: null }
          : failure('malformed', 'the answer is not a Messages API message'),
      );
      return toConnectionCheck(outcome, model, options.clock.now().getTime() - started);
    },
  };
}

export function messageBody(request: AiRequest): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    ...(request.system.trim() ? { system: request.system } : {}),
    messages: request.turns.map((turn) => ({ role: turn.role, content: turn.text })),
    tools: [
      {
        name: ESCALATE_TOOL.name,
        description: ESCALATE_TOOL.description,
        input_schema: ESCALATE_TOOL.parameters as unknown as Anthropic.Tool.InputSchema,
      },
    ],
  };
}

/** Validated by hand: the SDK returns whatever JSON the server sent, unchecked. */
const messageShape = z.object({
  type: z.literal('message'),
  content: z.array(z.looseObject({ type: z.string() })),
  stop_reason: z.string().nullable(),
  usage: z.looseObject({ input_tokens: z.number(), output_tokens: z.number() }).optional(),
});

const textBlock = z.object({ type: z.literal('text'), text: z.string() });
const toolUseBlock = z.object({ type: z.literal('tool_use'), name: z.string(), input: z.unknown() });

/** stop_reason values that end a normal turn; anything else the model did is not a reply. */
const FINISHED = new Set(['end_turn', 'stop_sequence', 'tool_use']);

export function outcomeFromMessage(raw: unknown): AiOutcome {
  const parsed = messageShape.safeParse(raw);
  if (!parsed.success) return failure('malformed', 'the answer is not a Messages API message');
  const message = parsed.data;
  const usage: AiUsage | null = message.usage
    ? { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens }
    : null;
  if (message.stop_reason === 'refusal') return failure('refusal', 'stop_reason refusal');
  // Text blocks only: current models put their thinking in thinking blocks, never shown.
  const text = message.content
    .flatMap((block) => {
      const parsedText = textBlock.safeParse(block);
      return parsedText.success ? [parsedText.data.text] : [];
    })
    .join('')
    .trim();
  const tools = message.content.flatMap((block) => {
    const tool = toolUseBlock.safeParse(block);
    return tool.success ? [tool.data] : [];
  });
  const escalation = tools.find((tool) => tool.name === ESCALATE_TOOL.name);
  if (escalation) return escalationFrom(escalation.input, text, usage);
  if (tools.length > 0) return failure('malformed', `call of an unknown tool ${tools[0]?.name}`);
  if (message.stop_reason === 'max_tokens') {
    return text
      ? failure('malformed', 'reply cut off at max_tokens; raise max tokens')
      : failure('empty', 'max_tokens reached before any reply text; raise max tokens');
  }
  if (message.stop_reason === 'model_context_window_exceeded') {
    return failure('rejected', 'the transcript exceeds the model context window');
  }
  if (message.stop_reason !== null && !FINISHED.has(message.stop_reason)) {
    return failure('malformed', `unexpected stop_reason ${message.stop_reason}`);
  }
  if (!text) return failure('empty', 'no reply text');
  return { kind: 'reply', text, usage };
}
