import {
  DEFAULT_REPLY,
  delayedBody,
  type FakeBehaviour,
  type FakeServer,
  garbage,
  isRecord,
  json,
  type RecordedRequest,
  record,
  truncatedJson,
  unknownFields,
  waitOrAbort,
} from './fake-behaviour.ts';
import { chatFormat, type Format, responsesFormat } from './fake-openai-formats.ts';

/**
 * A stand-in for OpenAI on 127.0.0.1: POST /v1/responses, POST /v1/chat/completions, GET
 * /v1/models, through the real SDK by base URL. It checks what the real API checks (bearer key,
 * known fields, message and tool shapes, strict-schema rules, token minimums) and answers in the
 * real shapes. `url` is the SDK's baseURL (with /v1).
 */
export function startFakeOpenAi(options: { apiKey: string }): FakeServer {
  const requests: RecordedRequest[] = [];
  const queue: FakeBehaviour[] = [];
  let counter = 0;

  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(request) {
      const recorded = await record(request, requests);
      if (recorded.headers.authorization !== `Bearer ${options.apiKey}`) {
        return apiError(401, 'invalid_request_error', 'Incorrect API key provided.', 'invalid_api_key');
      }
      const route = `${request.method} ${recorded.path}`;
      if (route === 'GET /v1/models') return json(200, { object: 'list', data: [model('gpt-6-luna')] });
      const api =
        route === 'POST /v1/responses' ? 'responses' : route === 'POST /v1/chat/completions' ? 'chat' : null;
      if (!api) return apiError(404, 'invalid_request_error', `Invalid URL (${route})`, 'unknown_url');
      const body = recorded.body;
      if (!isRecord(body)) return invalid('We could not parse the JSON body of your request.');
      const refused = api === 'responses' ? checkResponses(body) : checkChat(body);
      if (refused) return refused;
      counter += 1;
      const format = api === 'responses' ? responsesFormat : chatFormat;
      return answer(queue.shift() ?? DEFAULT_REPLY, format, body, counter, request.signal);
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    requests,
    script: (...next) => queue.push(...next),
    stop: () => server.stop(true),
  };
}

const model = (id: string) => ({ id, object: 'model', created: 1_790_000_000, owned_by: 'openai' });

const apiError = (status: number, type: string, message: string, code: string | null, headers = {}) =>
  json(status, { error: { message, type, param: null, code } }, headers);

const invalid = (message: string) => apiError(400, 'invalid_request_error', message, null);

const RESPONSES_FIELDS = [
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'max_output_tokens',
  'store',
  'reasoning',
  'text',
  'metadata',
  'parallel_tool_calls',
  'previous_response_id',
  'temperature',
  'top_p',
  'truncation',
  'user',
  'stream',
];
const CHAT_FIELDS = [
  'model',
  'messages',
  'tools',
  'tool_choice',
  'max_completion_tokens',
  'max_tokens',
  'reasoning_effort',
  'temperature',
  'top_p',
  'stream',
  'user',
  'metadata',
  'parallel_tool_calls',
  'response_format',
  'store',
];

function checkCommon(body: Record<string, unknown>, allowed: readonly string[]): Response | null {
  const extra = unknownFields(body, allowed);
  if (extra.length > 0) return invalid(`Unrecognized request argument supplied: ${extra[0]}`);
  if (typeof body.model !== 'string' || body.model === '')
    return invalid("Missing required parameter: 'model'.");
  if (body.stream === true) return invalid('this fake answers only non-streaming requests');
  return null;
}

function checkResponses(body: Record<string, unknown>): Response | null {
  const common = checkCommon(body, RESPONSES_FIELDS);
  if (common) return common;
  if (body.instructions !== undefined && typeof body.instructions !== 'string') {
    return invalid("Invalid type for 'instructions': expected a string.");
  }
  const max = body.max_output_tokens;
  if (max !== undefined && (!Number.isInteger(max) || (max as number) < 16)) {
    return invalid("Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16.");
  }
  const input = body.input;
  if (typeof input !== 'string') {
    if (!Array.isArray(input) || input.length === 0) return invalid("Invalid 'input': empty array.");
    for (const [index, item] of input.entries()) {
      const roleOk =
        isRecord(item) && ['user', 'assistant', 'system', 'developer'].includes(String(item.role));
      if (!roleOk) return invalid(`Invalid value for 'input[${index}].role'.`);
      if (typeof item.content !== 'string' && !Array.isArray(item.content)) {
        return invalid(`Invalid type for 'input[${index}].content'.`);
      }
    }
  }
  return checkToolList(body.tools, (tool, index) => {
    if (tool.type !== 'function' || typeof tool.name !== 'string')
      return `Missing required parameter: 'tools[${index}].name'.`;
    return schemaProblem(tool.parameters, tool.strict === true, `tools[${index}].parameters`);
  });
}

function checkChat(body: Record<string, unknown>): Response | null {
  const common = checkCommon(body, CHAT_FIELDS);
  if (common) return common;
  if (body.max_tokens !== undefined && body.max_completion_tokens !== undefined) {
    return invalid("Use only one of 'max_tokens' and 'max_completion_tokens'.");
  }
  const max = body.max_completion_tokens;
  if (max !== undefined && (!Number.isInteger(max) || (max as number) < 1)) {
    return invalid("Invalid 'max_completion_tokens': expected an integer >= 1.");
  }
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return invalid("Invalid 'messages': empty array.");
  for (const [index, message] of messages.entries()) {
    const role = isRecord(message) ? String(message.role) : '';
    if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(role)) {
      return invalid(`Invalid value for 'messages[${index}].role'.`);
    }
    const content = (message as Record<string, unknown>).content;
    if (typeof content !== 'string' && !Array.isArray(content)) {
      return invalid(`Invalid type for 'messages[${index}].content'.`);
    }
  }
  return checkToolList(body.tools, (tool, index) => {
    const fn = tool.function;
    if (tool.type !== 'function' || !isRecord(fn) || typeof fn.name !== 'string') {
      return `Missing required parameter: 'tools[${index}].function'.`;
    }
    return schemaProblem(fn.parameters, fn.strict === true, `tools[${index}].function.parameters`);
  });
}

function checkToolList(
  tools: unknown,
  check: (tool: Record<string, unknown>, index: number) => string | null,
): Response | null {
  if (tools === undefined) return null;
  if (!Array.isArray(tools)) return invalid("Invalid type for 'tools': expected an array.");
  for (const [index, tool] of tools.entries()) {
    const problem = isRecord(tool) ? check(tool, index) : `Invalid type for 'tools[${index}]'.`;
    if (problem) return invalid(problem);
  }
  return null;
}

/** Strict mode needs additionalProperties: false and every property listed as required. */
function schemaProblem(schema: unknown, strict: boolean, where: string): string | null {
  if (!isRecord(schema) || schema.type !== 'object')
    return `Invalid schema for '${where}': type must be 'object'.`;
  if (!strict) return null;
  if (schema.additionalProperties !== false) {
    return `Invalid schema for '${where}': 'additionalProperties' is required to be supplied and to be false.`;
  }
  const required = Array.isArray(schema.required) ? schema.required : [];
  const missing = Object.keys(isRecord(schema.properties) ? schema.properties : {}).filter(
    (k) => !required.includes(k),
  );
  return missing.length
    ? `Invalid schema for '${where}': 'required' must include every property (${missing[0]}).`
    : null;
}

function definesEscalation(body: Record<string, unknown>): boolean {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  return tools.some(
    (tool) =>
      isRecord(tool) && (tool.name ?? (tool.function as { name?: string })?.name) === 'escalate_to_human',
  );
}

async function answer(
  behaviour: FakeBehaviour,
  format: Format,
  body: Record<string, unknown>,
  n: number,
  signal: AbortSignal,
): Promise<Response> {
  const ok = (payload: unknown) => json(200, payload);
  switch (behaviour.kind) {
    case 'reply':
      return ok(format.text(body, n, behaviour.text));
    case 'escalate': {
      if (!definesEscalation(body))
        return apiError(500, 'server_error', 'fake: escalation scripted but no tool sent', null);
      const args = JSON.stringify({
        handover_message: behaviour.handoverMessage,
        summary: behaviour.summary,
      });
      return ok(format.toolCall(body, n, 'escalate_to_human', args));
    }
    case 'escalate_garbled':
      return ok(
        format.toolCall(body, n, 'escalate_to_human', '{"handover_message": "Let me get a colleague'),
      );
    case 'unknown_tool':
      return ok(format.toolCall(body, n, 'book_meeting', '{"when":"tomorrow"}'));
    case 'rate_limited':
      return apiError(429, 'requests', 'Rate limit reached for requests.', 'rate_limit_exceeded', {
        'retry-after': String(behaviour.retryAfterSeconds),
      });
    case 'unauthorized':
      return apiError(401, 'invalid_request_error', 'Incorrect API key provided.', 'invalid_api_key');
    case 'server_error':
      return apiError(500, 'server_error', 'The server had an error while processing your request.', null);
    case 'overloaded':
      return apiError(
        503,
        'server_error',
        'The engine is currently overloaded, please try again later.',
        null,
      );
    case 'slow':
      await waitOrAbort(behaviour.delayMs, signal);
      return answer(behaviour.followedBy ?? DEFAULT_REPLY, format, body, n, signal);
    case 'slow_body':
      return new Response(
        delayedBody(JSON.stringify(format.text(body, n, 'Late but complete.')), behaviour.delayMs, signal),
        {
          headers: { 'content-type': 'application/json' },
        },
      );
    case 'truncated':
      return truncatedJson(format.text(body, n, 'This answer is cut in the middle.'));
    case 'garbage':
      return garbage();
    case 'wrong_shape':
      return ok({ ok: true, answer: 'hello' });
    case 'empty':
      return ok(format.text(body, n, ''));
    case 'refusal':
      return ok(format.refusal(body, n));
    case 'max_tokens':
      return ok(format.text(body, n, behaviour.text, true));
  }
}
