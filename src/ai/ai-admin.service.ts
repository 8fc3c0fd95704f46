import type { Deps } from '../deps.ts';
import { countAiHeldChats } from './ai.queries.ts';
import type { AiProviderName, AiSettings } from './ai.ts';
import type { AiConsole } from './ai-agent.ts';
import { releaseAllAiChats } from './ai-handover.service.ts';
import {
  apiKeyStatus,
  listAiEvents,
  loadAiSettings,
  loadBreaker,
  storeAiSettings,
} from './ai-settings.service.ts';

/** What /admin/ai shows (ADMIN-5): the settings, the keys as masks, the breaker, the last failures. */
export async function loadAiConsole(deps: Pick<Deps, 'db' | 'secrets'>): Promise<AiConsole> {
  const [settings, anthropic, openai, breaker, events, heldChats] = await Promise.all([
    loadAiSettings(deps),
    apiKeyStatus(deps, 'anthropic'),
    apiKeyStatus(deps, 'openai'),
    loadBreaker(deps),
    listAiEvents(deps),
    countAiHeldChats(deps.db),
  ]);
  const keys: Record<AiProviderName, typeof anthropic> = { anthropic, openai };
  return { settings, keys, breaker: breaker.status, events, heldChats };
}

/**
 * Saves the settings; they hold on every instance for the next chat (read from the database each
 * time). Master off: every chat the AI holds goes to the human queue at once (AI, item 8).
 */
export async function saveAiSettings(
  deps: Deps,
  actorId: string,
  settings: AiSettings,
): Promise<{ released: number }> {
  await storeAiSettings(deps, actorId, settings);
  deps.log.info('ai.settings_saved', { actorId, enabled: settings.enabled, provider: settings.provider });
  return { released: settings.enabled ? 0 : await releaseAllAiChats(deps, 'ai_off') };
}
