import type OpenAI from 'openai';
import { z } from 'zod';
import {
  type AiOutcome,
  type AiRequest,
  type AiUsage,
  ESCALATE_TOOL,
  escalationFrom,
  failure,
} from './provider.ts';

/**
 * Request bodies and answer parsing for OpenAI's two APIs, pure. Responses is the default: GPT-6.x
 * models call tools only there. Chat Completions serves compatible gateways (docs/decisions/0017).
 * Neither sets a reasoning effort: models differ in which efforts they accept, and a custom id may
 * name a model without any.
 */

export function responsesBody(request: AiRequest): OpenAI.Responses.ResponseCreateParamsNonStreaming {
  return {
    model: request.model,
    instructions: request.system,
    input: request.turns.map((turn) => ({ role: turn.role, content: turn.text })),
    tools: [
      {
        type: 'function',
        name: ESCALATE_TOOL.name,
        description: ESCALATE_TOOL.description,
        parameters: ESCALATE_TOOL.parameters as unknown as Record<string, unknown>,
        strict: true,
      },
    ],
    max_output_tokens: request.maxTokens,
    // We resend the transcript each time; nothing needs to be kept on OpenAI's side.
    store: false,
  };
}

export function chatBody(request: AiRequest): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
  return {
    model: request.model,
    messages: [
      ...(request.system.trim() ? [{ role: 'system' as const, content: request.system }] : []),
      ...request.turns.map((turn) => ({ role: turn.role, content: turn.text })),
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: ESCALATE_TOOL.name,
          description: ESCALATE_TOOL.description,
          parameters: ESCALATE_TOOL.parameters as unknown as Record<string, unknown>,
        },
      },
    ],
    max_completion_tokens: request.maxTokens,
  };
}

export const responseShape = z.object({
  object: z.literal('response'),
  status: z.string().optional(),
  output: z.array(z.looseObject({ type: z.string() })),
  incomplete_details: z.looseObject({ reason: z.string().optional() }).nullable().optional(),
  error: z
    .looseObject({ code: z.string().nullable().optional(), message: z.string().optional() })
    .nullable()
    .optional(),
  usage: z.looseObject({ input_tokens: z.number(), output_tokens: z.number() }).optional(),
});

const outputMessage = z.object({
  type: z.literal('message'),
  phase: z.string().nullable().optional(),
  content: z.array(
    z.looseObject({ type: z.string(), text: z.string().optional(), refusal: z.string().optional() }),
  ),
});
const functionCall = z.object({ type: z.literal('function_call'), name: z.string(), arguments: z.string() });

export function outcomeFromResponse(raw: unknown): AiOutcome {
  const parsed = responseShape.safeParse(raw);
  if (!parsed.success) return failure('malformed', 'the answer is not a Responses API response');
  const response = parsed.data;
  const usage: AiUsage | null = response.usage
    ? { inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens }
    : null;
  if (response.status === 'failed' || response.error) {
    return failure(
      'server',
      `response failed: ${response.error?.code ?? ''} ${response.error?.message ?? ''}`,
    );
  }
  let text = '';
  let refusal = '';
  const calls: Array<z.infer<typeof functionCall>> = [];
  for (const item of response.output) {
    const call = functionCall.safeParse(item);
    if (call.success) calls.push(call.data);
    const message = outputMessage.safeParse(item);
    // 'commentary' is what a model says between tool calls: progress notes, not the answer.
    if (!message.success || message.data.phase === 'commentary') continue;
    for (const part of message.data.content) {
      if (part.type === 'output_text') text += part.text ?? '';
      if (part.type === 'refusal') refusal += part.refusal ?? '';
    }
  }
  const escalation = calls.find((call) => call.name === ESCALATE_TOOL.name);
  if (escalation) return escalationFrom(escalation.arguments, text, usage);
  if (calls.length > 0) return failure('malformed', `call of an unknown tool ${calls[0]?.name}`);
  const incomplete =
    response.status === 'incomplete' ? (response.incomplete_details?.reason ?? 'unknown') : null;
  return finish(
    text.trim(),
    refusal.trim(),
    incomplete === 'max_output_tokens' ? 'length' : incomplete,
    usage,
  );
}

export const chatShape = z.object({
  choices: z
    .array(
      z.looseObject({
        finish_reason: z.string().nullable(),
        message: z.looseObject({
          content: z.string().nullable().optional(),
          refusal: z.string().nullable().optional(),
          tool_calls: z
            .array(z.looseObject({ function: z.looseObject({ name: z.string(), arguments: z.string() }) }))
            .nullable()
            .optional(),
        }),
      }),
    )
    .min(1),
  usage: z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullable().optional(),
});

export function outcomeFromChat(raw: unknown): AiOutcome {
  const parsed = chatShape.safeParse(raw);
  if (!parsed.success) return failure('malformed', 'the answer is not a chat completion');
  const { choices, usage: rawUsage } = parsed.data;
  const choice = choices[0] as (typeof choices)[number];
  const usage: AiUsage | null = rawUsage
    ? { inputTokens: rawUsage.prompt_tokens, outputTokens: rawUsage.completion_tokens }
    : null;
  const text = (choice.message.content ?? '').trim();
  const calls = (choice.message.tool_calls ?? []).map((call) => call.function);
  const escalation = calls.find((call) => call.name === ESCALATE_TOOL.name);
  if (escalation) return escalationFrom(escalation.arguments, text, usage);
  if (calls.length > 0) return failure('malformed', `call of an unknown tool ${calls[0]?.name}`);
  const stop = choice.finish_reason;
  const unfinished = stop === 'length' || stop === 'content_filter' ? stop : null;
  if (stop !== null && stop !== 'stop' && stop !== 'tool_calls' && !unfinished) {
    return failure('malformed', `unexpected finish_reason ${stop}`);
  }
  return finish(text, (choice.message.refusal ?? '').trim(), unfinished, usage);
}

/** The rules both APIs share once the tool calls are out of the way. */
function finish(text: string, refusal: string, unfinished: string | null, usage: AiUsage | null): AiOutcome {
  if (refusal || unfinished === 'content_filter')
    return failure('refusal', refusal ? 'refusal' : 'content_filter');
  if (unfinished === 'length') {
    return text
      ? failure('malformed', 'reply cut off at max tokens; raise max tokens')
      : failure('empty', 'max tokens reached before any reply text; raise max tokens');
  }
  if (unfinished) return failure('malformed', `incomplete answer: ${unfinished}`);
  if (!text) return failure('empty', 'no reply text');
  return { kind: 'reply', text, usage };
}
