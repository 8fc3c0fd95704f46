import OpenAI from 'openai';
import type { OpenAiApi } from './ai.ts';
import {
  chatBody,
  chatShape,
  outcomeFromChat,
  outcomeFromResponse,
  responseShape,
  responsesBody,
} from './openai-wire.ts';
import {
  type AiOutcome,
  type AiProvider,
  type AiRequest,
  CONNECTION_TEST,
  classifySdkError,
  failure,
  type ProviderOptions,
  precheck,
  runCall,
  toConnectionCheck,
} from './provider.ts';

/** Passed explicitly so an OPENAI_BASE_URL in the environment can never redirect our traffic. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** OpenAI through the `openai` SDK: the Responses API, or Chat Completions for gateways. */
export function createOpenAiProvider(options: ProviderOptions & { api: OpenAiApi }): AiProvider {
  const client = new OpenAI({
    // Never empty: the SDK throws without a key or reads the environment. precheck() answers
    // 'auth' for a missing key before any request is made.
    apiKey: options.apiKey || 'unset',
    baseURL: options.baseUrl || OPENAI_DEFAULT_BASE_URL,
    // The key is ours alone: no organisation or project from the environment.
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    maxRetries: 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const classify = (error: unknown) => classifySdkError(error, OpenAI, options.clock.now());

  const send = async (request: AiRequest, signal: AbortSignal): Promise<unknown> => {
    const requestOptions = { signal, timeout: options.timeoutMs };
    if (options.api === 'responses') return client.responses.create(responsesBody(request), requestOptions);
    return client.chat.completions.create(chatBody(request), requestOptions);
  };

  const call = (request: AiRequest, read: (raw: unknown) => AiOutcome): Promise<AiOutcome> => {
    const refused = precheck(request, options);
    if (refused) return Promise.resolve(refused);
    return runCall(request, options, async (signal) => read(await send(request, signal)), classify);
  };

  const wellFormed = (raw: unknown) =>
    (options.api === 'responses' ? responseShape : chatShape).safeParse(raw).success;

  return {
    name: 'openai',
    complete: (request) => call(request, options.api === 'responses' ? outcomeFromResponse : outcomeFromChat),
    async testConnection({ model, signal }) {
      const started = options.clock.now().getTime();
      const outcome = await call({ ...CONNECTION_TEST, model, ...(signal ? { signal } : {}) }, (raw) =>
        wellFormed(raw)
          ? { kind: 'reply', text: 'ok', usage: null }
          : failure('malformed', `the answer is not a ${options.api} answer`),
      );
      return toConnectionCheck(outcome, model, options.clock.now().getTime() - started);
    },
  };
}
