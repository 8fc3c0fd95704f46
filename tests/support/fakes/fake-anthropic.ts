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

/**
 * A stand-in for the Anthropic Messages API on 127.0.0.1, driven through the real SDK by base URL.
 * It checks what the real API checks before answering (key, version header, body shape, roles,
 * tool schemas) and answers in the real shapes. `url` is the SDK's baseURL (no /v1).
 */
export function startFakeAnthropic(options: { apiKey: string }): FakeServer {
  const requests: RecordedRequest[] = [];
  const queue: FakeBehaviour[] = [];
  let counter = 0;

  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(request) {
      const recorded = await record(request, requests);
      if (request.method !== 'POST' || recorded.path !== '/v1/messages') {
        return apiError(404, 'not_found_error', `${request.method} ${recorded.path} not found`);
      }
      const refused = checkRequest(recorded, options.apiKey);
      if (refused) return refused;
      counter += 1;
      return answer(
        queue.shift() ?? DEFAULT_REPLY,
        recorded.body as MessagesBody,
        `msg_fake_${counter}`,
        request.signal,
      );
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    script: (...next) => queue.push(...next),
    stop: () => server.stop(true),
  };
}

interface MessagesBody {
  model: string;
  max_tokens: number;
  tools?: Array<{ name: string }>;
}

const ALLOWED_FIELDS = [
  'model',
  'max_tokens',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'metadata',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'thinking',
  'output_config',
  'service_tier',
  'container',
  'cache_control',
  'inference_geo',
  'speed',
  'diagnostics',
];

const apiError = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
  json(status, { type: 'error', error: { type, message }, request_id: 'req_fake' }, headers);

const invalid = (message: string) => apiError(400, 'invalid_request_error', message);

function checkRequest(recorded: RecordedRequest, apiKey: string): Response | null {
  const { headers, body } = recorded;
  // SDK 1.x sends the key as a bearer token; older clients send x-api-key. The API takes either.
  const presented = headers['x-api-key'] ?? headers.authorization?.replace(/^Bearer /, '');
  if (!presented) return apiError(401, 'authentication_error', 'x-api-key header is required');
  if (presented !== apiKey) return apiError(401, 'authentication_error', 'invalid x-api-key');
  if (!headers['anthropic-version']) return invalid('anthropic-version: header is required');
  if (!isRecord(body)) return invalid('The request body is not valid JSON.');
  const extra = unknownFields(body, ALLOWED_FIELDS);
  if (extra.length > 0) return invalid(`${extra[0]}: Extra inputs are not permitted`);
  if (typeof body.model !== 'string' || body.model === '') return invalid('model: Field required');
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
    return invalid('max_tokens: Input should be an integer greater than or equal to 1');
  }
  if (body.stream === true) return invalid('stream: this fake answers only non-streaming requests');
  return checkSystem(body.system) ?? checkMessages(body.messages) ?? checkTools(body.tools);
}

function checkSystem(system: unknown): Response | null {
  if (system === undefined || typeof system === 'string') return null;
  const blocks =
    Array.isArray(system) &&
    system.every((b) => isRecord(b) && b.type === 'text' && typeof b.text === 'string');
  return blocks ? null : invalid('system: Input should be a valid string or a list of text blocks');
}

function checkMessages(messages: unknown): Response | null {
  if (!Array.isArray(messages) || messages.length === 0)
    return invalid('messages: at least one message is required');
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || (message.role !== 'user' && message.role !== 'assistant')) {
      return invalid(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    }
    if (index === 0 && message.role !== 'user')
      return invalid('messages: first message must use the "user" role');
    if (index > 0 && (messages[index - 1] as { role: string }).role === message.role) {
      return invalid('messages: roles must alternate between "user" and "assistant"');
    }
    const content = message.content;
    const empty =
      typeof content === 'string'
        ? content.trim() === ''
        : !Array.isArray(content) ||
          content.length === 0 ||
          content.some((b) => !isRecord(b) || b.text === '');
    if (empty) return invalid(`messages.${index}: all messages must have non-empty content`);
  }
  return null;
}

function checkTools(tools: unknown): Response | null {
  if (tools === undefined) return null;
  if (!Array.isArray(tools)) return invalid('tools: Input should be a valid list');
  for (const [index, tool] of tools.entries()) {
    if (!isRecord(tool) || typeof tool.name !== 'string' || !/^[a-zA-Z0-9_-]{1,128}$/.test(tool.name)) {
      return invalid(`tools.${index}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    }
    const schema = tool.input_schema;
    if (!isRecord(schema) || schema.type !== 'object') {
      return invalid(`tools.${index}.input_schema.type: Input should be 'object'`);
    }
    if (schema.properties !== undefined && !isRecord(schema.properties)) {
      return invalid(`tools.${index}.input_schema.properties: Input should be an object`);
    }
  }
  return null;
}

function message(id: string, body: MessagesBody, content: unknown[], stopReason: string) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: body.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: {
      input_tokens: 120,
      output_tokens: 24,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: null,
      inference_geo: null,
      server_tool_use: null,
      service_tier: 'standard',
    },
    container: null,
  };
}

const text = (value: string) => ({ type: 'text', text: value, citations: null });
const toolUse = (name: string, input: unknown) => ({
  type: 'tool_use',
  id: 'toolu_fake_1',
  name,
  input,
  caller: { type: 'direct' },
});

async function answer(
  behaviour: FakeBehaviour,
  body: MessagesBody,
  id: string,
  signal: AbortSignal,
): Promise<Response> {
  const normal = (content: unknown[], stop: string) => json(200, message(id, body, content, stop));
  switch (behaviour.kind) {
    case 'reply':
      return normal([text(behaviour.text)], 'end_turn');
    case 'escalate': {
      // The model can only call a tool the request defined.
      if (!body.tools?.some((tool) => tool.name === 'escalate_to_human')) {
        return apiError(500, 'api_error', 'fake: escalation scripted but no escalate_to_human tool was sent');
      }
      const input = { handover_message: behaviour.handoverMessage, summary: behaviour.summary };
      const lead = behaviour.text ? [text(behaviour.text)] : [];
      return normal([...lead, toolUse('escalate_to_human', input)], 'tool_use');
    }
    case 'escalate_garbled':
      return normal([toolUse('escalate_to_human', 'not an object')], 'tool_use');
    case 'unknown_tool':
      return normal([toolUse('book_meeting', { when: 'tomorrow' })], 'tool_use');
    case 'rate_limited':
      return apiError(429, 'rate_limit_error', 'Number of requests has exceeded your rate limit', {
        'retry-after': String(behaviour.retryAfterSeconds),
      });
    case 'unauthorized':
      return apiError(401, 'authentication_error', 'invalid x-api-key');
    case 'server_error':
      return apiError(500, 'api_error', 'Internal server error');
    case 'overloaded':
      return apiError(529, 'overloaded_error', 'Overloaded');
    case 'slow':
      await waitOrAbort(behaviour.delayMs, signal);
      return answer(behaviour.followedBy ?? DEFAULT_REPLY, body, id, signal);
    case 'slow_body': {
      const payload = JSON.stringify(message(id, body, [text('Late but complete.')], 'end_turn'));
      return new Response(delayedBody(payload, behaviour.delayMs, signal), {
        headers: { 'content-type': 'application/json' },
      });
    }
    case 'truncated':
      return truncatedJson(message(id, body, [text('This answer is cut in the middle.')], 'end_turn'));
    case 'garbage':
      return garbage();
    case 'wrong_shape':
      return json(200, { ok: true, answer: 'hello' });
    case 'empty':
      return normal([], 'end_turn');
    case 'refusal':
      return normal([], 'refusal');
    case 'max_tokens':
      return normal([text(behaviour.text)], 'max_tokens');
  }
}
