import type { Deps } from '../deps.ts';
import { findSettingValue, saveSetting } from '../settings/settings.queries.ts';
import { toIso } from '../shared/clock.ts';
import { type AiFailureReason, type AiProviderName, type AiSettings, maskApiKey, modelIdOf } from './ai.ts';
import type { AiEvent, AiEventReason, ApiKeyStatus } from './ai-agent.ts';
import { parseStoredAiSettings } from './ai-settings.forms.ts';
import { insertAiError, listAiErrors, replaceSettingIf } from './ai-settings.queries.ts';
import {
  type BreakerEvent,
  type BreakerState,
  breakerAllows,
  closedBreaker,
  countsAgainstBreaker,
  nextBreakerState,
} from './circuit-breaker.ts';
import type { AiProvider, ConnectionCheck } from './provider.ts';
import { createAiProvider } from './providers.ts';

/**
 * The AI settings (ADMIN-5, AI-1) and the state beside them: the sealed API keys, the shared
 * circuit breaker (AI-5) and the failure list. Everything is read from the database when it is
 * needed (one primary-key read), so a change saved on one instance holds on every instance for
 * the next chat, without a restart or a cache to expire.
 */
export const AI_SETTINGS_KEY = 'ai';
export const AI_BREAKER_KEY = 'ai_breaker';
const keySetting = (provider: AiProviderName) => `ai_key:${provider}`;

let parsed: { raw: string | undefined; settings: AiSettings } | undefined;

/** The saved settings (defaults when none: the AI is off). Parsed again only when the row changed. */
export async function loadAiSettings(deps: Pick<Deps, 'db'>): Promise<AiSettings> {
  const raw = await findSettingValue(deps.db, AI_SETTINGS_KEY);
  if (parsed === undefined || parsed.raw !== raw) {
    parsed = { raw, settings: parseStoredAiSettings(raw === undefined ? null : parseJson(raw)) };
  }
  return parsed.settings;
}

const store = (deps: Pick<Deps, 'db' | 'clock'>, actorId: string, key: string, value: string) =>
  saveSetting(deps.db, { key, value, now: toIso(deps.clock.now()), updatedBy: actorId });

export const storeAiSettings = (deps: Pick<Deps, 'db' | 'clock'>, actorId: string, settings: AiSettings) =>
  store(deps, actorId, AI_SETTINGS_KEY, JSON.stringify(settings));

export type ApiKeyError = 'ai.key_required' | 'ai.key_invalid';

/** A key as pasted: trimmed; one line of printable characters. */
export function checkApiKey(input: string): { ok: true; key: string } | { ok: false; code: ApiKeyError } {
  const key = input.trim();
  if (key === '') return { ok: false, code: 'ai.key_required' };
  if (key.length < 8 || key.length > 500 || !/^[\x21-\x7e]+$/.test(key)) {
    return { ok: false, code: 'ai.key_invalid' };
  }
  return { ok: true, key };
}

/** Seals and stores a provider's key (SecretBox): the database never holds it in the clear. */
export async function saveApiKey(
  deps: Pick<Deps, 'db' | 'clock' | 'secrets'>,
  actorId: string,
  provider: AiProviderName,
  key: string,
): Promise<void> {
  await store(deps, actorId, keySetting(provider), deps.secrets.seal(key));
}

export async function removeApiKey(
  deps: Pick<Deps, 'db' | 'clock'>,
  actorId: string,
  provider: AiProviderName,
): Promise<void> {
  await store(deps, actorId, keySetting(provider), '');
}

/** The key in the clear, for the provider call only; '' when none is saved or it cannot be opened. */
export async function loadApiKey(
  deps: Pick<Deps, 'db' | 'secrets'>,
  provider: AiProviderName,
): Promise<string> {
  const sealed = await findSettingValue(deps.db, keySetting(provider));
  return sealed ? (deps.secrets.open(sealed) ?? '') : '';
}

export async function apiKeyStatus(
  deps: Pick<Deps, 'db' | 'secrets'>,
  provider: AiProviderName,
): Promise<ApiKeyStatus> {
  const sealed = await findSettingValue(deps.db, keySetting(provider));
  if (!sealed) return { state: 'none' };
  const key = deps.secrets.open(sealed);
  return key === null ? { state: 'unreadable' } : { state: 'saved', masked: maskApiKey(key) };
}

/** The provider the settings name, with its key. */
export async function providerFor(
  deps: Pick<Deps, 'db' | 'secrets' | 'clock'>,
  settings: AiSettings,
): Promise<AiProvider> {
  return createAiProvider({ settings, apiKey: await loadApiKey(deps, settings.provider), clock: deps.clock });
}

/** The settings page's "Test connection": one tiny real request with the saved settings and key. */
export async function testAiConnection(
  deps: Pick<Deps, 'db' | 'secrets' | 'clock'>,
): Promise<ConnectionCheck> {
  const settings = await loadAiSettings(deps);
  const provider = await providerFor(deps, settings);
  return provider.testConnection({ model: modelIdOf(settings) });
}

/** A failure or cost-control hit: logged (never message bodies) and listed on the settings page. */
export async function recordAiEvent(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'log'>,
  event: { reason: AiEventReason; detail: string; settings: AiSettings; conversationId: string | null },
): Promise<void> {
  const { reason, detail, settings, conversationId } = event;
  deps.log.warn('ai.failure', { reason, detail, conversationId, provider: settings.provider });
  const row: AiEvent = {
    id: deps.ids.next(),
    occurredAt: toIso(deps.clock.now()),
    reason,
    detail,
    provider: settings.provider,
    model: modelIdOf(settings),
    conversationId,
  };
  await insertAiError(deps.db, row);
}

export const listAiEvents = (deps: Pick<Deps, 'db'>, count = 20) => listAiErrors(deps.db, count);

/** AI-5: the breaker is shared by every instance through the database (docs/decisions/0025). */
export async function loadBreaker(deps: Pick<Deps, 'db'>): Promise<BreakerState> {
  return readBreaker(await findSettingValue(deps.db, AI_BREAKER_KEY));
}

export async function breakerAllowsNow(deps: Pick<Deps, 'db' | 'clock'>): Promise<boolean> {
  return breakerAllows(await loadBreaker(deps), deps.clock.now());
}

/**
 * Records an attempt or an outcome: a compare-and-set on the stored state, retried on a lost
 * race, so concurrent failures on several instances are all counted and only one probe starts.
 */
export async function recordBreaker(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  event: BreakerEvent | { failure: AiFailureReason },
): Promise<void> {
  if (typeof event === 'object' && !countsAgainstBreaker(event.failure)) return;
  const kind: BreakerEvent = typeof event === 'object' ? 'failure' : event;
  for (let attempt = 0; attempt < 5; attempt++) {
    const raw = await findSettingValue(deps.db, AI_BREAKER_KEY);
    const current = readBreaker(raw);
    const next = nextBreakerState(current, kind, deps.clock.now());
    const nextRaw = JSON.stringify(next);
    if (nextRaw === JSON.stringify(current)) return;
    const now = toIso(deps.clock.now());
    if (await replaceSettingIf(deps.db, { key: AI_BREAKER_KEY, expected: raw, next: nextRaw, now })) {
      if (next.status !== current.status) deps.log.info('ai.breaker_changed', { status: next.status });
      return;
    }
  }
  deps.log.warn('ai.breaker_contended', { event: kind });
}

function readBreaker(raw: string | undefined): BreakerState {
  const value = raw ? parseJson(raw) : null;
  if (value && typeof value === 'object' && 'status' in value) {
    const status = (value as { status: unknown }).status;
    if (status === 'closed' || status === 'open' || status === 'half_open') return value as BreakerState;
  }
  return closedBreaker;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
