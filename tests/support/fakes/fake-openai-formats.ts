/**
 * The fake OpenAI's answers in the real wire shapes: a Responses API response and a chat
 * completion, for a text, a tool call or a refusal.
 */

/** One behaviour in one API's wire format. */
export interface Format {
  text(body: Record<string, unknown>, n: number, text: string, cut?: boolean): unknown;
  toolCall(body: Record<string, unknown>, n: number, name: string, args: string): unknown;
  refusal(body: Record<string, unknown>, n: number): unknown;
}

export const responsesFormat: Format = {
  text: (body, n, text, cut) =>
    response(
      body,
      n,
      [outputMessage(n, [{ type: 'output_text', text, annotations: [] }])],
      cut ? 'incomplete' : 'completed',
    ),
  toolCall: (body, n, name, args) =>
    response(body, n, [
      {
        type: 'function_call',
        id: `fc_${n}`,
        call_id: `call_${n}`,
        name,
        arguments: args,
        status: 'completed',
      },
    ]),
  refusal: (body, n) =>
    response(body, n, [outputMessage(n, [{ type: 'refusal', refusal: 'I cannot help with that.' }])]),
};

const outputMessage = (n: number, content: unknown[]) => ({
  type: 'message',
  id: `msg_${n}`,
  status: 'completed',
  role: 'assistant',
  phase: 'final_answer',
  content,
});

function response(body: Record<string, unknown>, n: number, output: unknown[], status = 'completed') {
  return {
    id: `resp_fake_${n}`,
    object: 'response',
    created_at: 1_790_000_000,
    status,
    model: body.model,
    output,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: body.tools ?? [],
    temperature: 1,
    top_p: 1,
    metadata: {},
    usage: { input_tokens: 120, output_tokens: 24, total_tokens: 144 },
  };
}

export const chatFormat: Format = {
  text: (body, n, text, cut) =>
    completion(body, n, { content: text, refusal: null }, cut ? 'length' : 'stop'),
  toolCall: (body, n, name, args) =>
    completion(
      body,
      n,
      {
        content: null,
        refusal: null,
        tool_calls: [{ id: `call_${n}`, type: 'function', function: { name, arguments: args } }],
      },
      'tool_calls',
    ),
  refusal: (body, n) => completion(body, n, { content: null, refusal: 'I cannot help with that.' }, 'stop'),
};

function completion(
  body: Record<string, unknown>,
  n: number,
  message: Record<string, unknown>,
  finish: string,
) {
  return {
    id: `chatcmpl-fake${n}`,
    object: 'chat.completion',
    created: 1_790_000_000,
    model: body.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', annotations: [], ...message },
        finish_reason: finish,
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 120, completion_tokens: 24, total_tokens: 144 },
  };
}
