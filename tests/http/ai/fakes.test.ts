import { afterAll, describe, expect, test } from 'bun:test';
import { startFakeAnthropic } from '../../support/fakes/fake-anthropic.ts';
import { startFakeOpenAi } from '../../support/fakes/fake-openai.ts';

/**
 * The provider tests are only as good as the fakes' checks: a fake that accepted anything would
 * let a broken request pass. These send raw HTTP the way a buggy client would and expect the
 * refusal the real API gives.
 */

const KEY = 'sk-test-fakes-123456';

describe('fake Anthropic Messages API refuses what the real one refuses', () => {
  const fake = startFakeAnthropic({ apiKey: KEY });
  afterAll(() => fake.stop());
  const good = { model: 'claude-haiku-5-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] };
  const post = (
    body: unknown,
    headers: Record<string, string> = { 'x-api-key': KEY, 'anthropic-version': '2026-10-21' },
  ) =>
    fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const errorOf = async (response: Response) => {
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    return { status: response.status, type: body.error.type, message: body.error.message };
  };

  test('accepts a well-formed request with x-api-key or a bearer token, in the real answer shape', async () => {
    const headerSets: Array<Record<string, string>> = [
      { 'x-api-key': KEY, 'anthropic-version': '2026-10-21' },
      { authorization: `Bearer ${KEY}`, 'anthropic-version': '2026-10-21' },
    ];
    for (const headers of headerSets) {
      const response = await post(good, headers);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        type: 'message',
        role: 'assistant',
        model: 'claude-haiku-5-5',
        content: [{ type: 'text', text: 'Hello from the fake.' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
      });
    }
  });

  test('no key or a wrong key: 401 authentication_error', async () => {
    expect(await errorOf(await post(good, { 'anthropic-version': '2026-10-21' }))).toMatchObject({
      status: 401,
      type: 'authentication_error',
    });
    expect(
      await errorOf(await post(good, { 'x-api-key': 'nope', 'anthropic-version': '2026-10-21' })),
    ).toMatchObject({
      status: 401,
      type: 'authentication_error',
    });
  });

  test.each([
    ['no anthropic-version header', good, 'anthropic-version'],
    ['max_tokens 0', { ...good, max_tokens: 0 }, 'max_tokens'],
    ['max_tokens not an integer', { ...good, max_tokens: 1.5 }, 'max_tokens'],
    ['no model', { ...good, model: '' }, 'model'],
    ['no messages', { ...good, messages: [] }, 'messages'],
    [
      'an assistant turn first',
      { ...good, messages: [{ role: 'assistant', content: 'Hi' }] },
      'first message',
    ],
    [
      'two user turns in a row',
      {
        ...good,
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
        ],
      },
      'alternate',
    ],
    ['empty content', { ...good, messages: [{ role: 'user', content: '  ' }] }, 'non-empty'],
    ['a system role in messages', { ...good, messages: [{ role: 'system', content: 'x' }] }, 'role'],
    ['an unknown field', { ...good, max_output_tokens: 64 }, 'Extra inputs'],
    [
      'a tool without an object schema',
      { ...good, tools: [{ name: 't', input_schema: { type: 'string' } }] },
      'input_schema',
    ],
    [
      'a tool name with spaces',
      { ...good, tools: [{ name: 'a b', input_schema: { type: 'object' } }] },
      'name',
    ],
  ])('%s: 400 invalid_request_error', async (label, body, mentions) => {
    const headers = label === 'no anthropic-version header' ? { 'x-api-key': KEY } : undefined;
    const error = await errorOf(await post(body, headers));
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect(error.message).toContain(mentions);
  });
});

describe('fake OpenAI API refuses what the real one refuses', () => {
  const fake = startFakeOpenAi({ apiKey: KEY });
  afterAll(() => fake.stop());
  const call = (path: string, body: unknown, key = KEY) =>
    fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
  const strictTool = {
    type: 'function',
    name: 'escalate_to_human',
    parameters: {
      type: 'object',
      properties: { a: { type: 'string' } },
      required: ['a'],
      additionalProperties: false,
    },
    strict: true,
  };
  const goodResponses = {
    model: 'gpt-6-luna',
    input: [{ role: 'user', content: 'Hi' }],
    max_output_tokens: 64,
  };
  const goodChat = {
    model: 'gpt-6-luna',
    messages: [{ role: 'user', content: 'Hi' }],
    max_completion_tokens: 64,
  };
  const messageOf = async (response: Response) => {
    expect(response.status).toBe(400);
    return ((await response.json()) as { error: { message: string } }).error.message;
  };

  test('a wrong bearer key is 401 invalid_api_key on every route', async () => {
    for (const path of ['/responses', '/chat/completions']) {
      const response = await call(path, goodResponses, 'sk-other');
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
    }
  });

  test('well-formed requests get the real answer shapes; GET /models lists models', async () => {
    expect(await (await call('/responses', { ...goodResponses, tools: [strictTool] })).json()).toMatchObject({
      object: 'response',
      status: 'completed',
      output: [
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hello from the fake.' }],
        },
      ],
    });
    expect(await (await call('/chat/completions', goodChat)).json()).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'Hello from the fake.' }, finish_reason: 'stop' }],
    });
    const models = await fetch(`${fake.url}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(await models.json()).toMatchObject({ object: 'list', data: [{ object: 'model' }] });
  });

  test.each([
    ['an unknown field', { ...goodResponses, max_tokens: 64 }, 'Unrecognized request argument'],
    ['max_output_tokens below 16', { ...goodResponses, max_output_tokens: 8 }, 'max_output_tokens'],
    ['an empty input', { ...goodResponses, input: [] }, 'input'],
    ['a tool role in input', { ...goodResponses, input: [{ role: 'tool', content: 'x' }] }, 'role'],
    [
      'a strict tool without additionalProperties: false',
      { ...goodResponses, tools: [{ ...strictTool, parameters: { type: 'object', properties: {} } }] },
      'additionalProperties',
    ],
    [
      'a strict tool with an optional property',
      {
        ...goodResponses,
        tools: [{ ...strictTool, parameters: { ...strictTool.parameters, required: [] } }],
      },
      'required',
    ],
  ])('Responses, %s: 400', async (_label, body, mentions) => {
    expect(await messageOf(await call('/responses', body))).toContain(mentions);
  });

  test.each([
    ['both max_tokens and max_completion_tokens', { ...goodChat, max_tokens: 64 }, 'max_tokens'],
    ['no messages', { ...goodChat, messages: [] }, 'messages'],
    ['no model', { ...goodChat, model: '' }, 'model'],
    ['a tool without a function', { ...goodChat, tools: [{ type: 'function' }] }, 'function'],
    ['an unknown field', { ...goodChat, instructions: 'x' }, 'Unrecognized request argument'],
  ])('Chat Completions, %s: 400', async (_label, body, mentions) => {
    expect(await messageOf(await call('/chat/completions', body))).toContain(mentions);
  });
});
