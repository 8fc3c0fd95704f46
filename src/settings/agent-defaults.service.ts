import type { Deps } from '../deps.ts';
import { MAX_CHAT_LIMIT } from '../routing/eligibility.ts';
import { toIso } from '../shared/clock.ts';
import { findSettingValue, saveSetting } from './settings.queries.ts';
import type { AgentDefaults } from './settings.ts';

/**
 * Limits a new agent starts with (ROUTE-5), set on the Settings page. Kept beside routing's own
 * 'routing' settings document (routing-settings.ts), which holds the mode and timers.
 */
export const AGENT_DEFAULTS_KEY = 'agent_defaults';

export const DEFAULT_AGENT_LIMITS: AgentDefaults = { activeLimit: 5, offlineLimit: 10 };

const limit = (value: unknown, fallback: number) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_CHAT_LIMIT
    ? (value as number)
    : fallback;

export async function loadAgentDefaults(deps: Pick<Deps, 'db'>): Promise<AgentDefaults> {
  const stored = await findSettingValue(deps.db, AGENT_DEFAULTS_KEY);
  let value: Partial<AgentDefaults> = {};
  try {
    value = stored ? (JSON.parse(stored) as Partial<AgentDefaults>) : {};
  } catch {
    value = {};
  }
  return {
    activeLimit: limit(value.activeLimit, DEFAULT_AGENT_LIMITS.activeLimit),
    offlineLimit: limit(value.offlineLimit, DEFAULT_AGENT_LIMITS.offlineLimit),
  };
}

export async function saveAgentDefaults(
  deps: Pick<Deps, 'db' | 'clock'>,
  actorId: string,
  defaults: AgentDefaults,
): Promise<void> {
  await saveSetting(deps.db, {
    key: AGENT_DEFAULTS_KEY,
    value: JSON.stringify(defaults),
    now: toIso(deps.clock.now()),
    updatedBy: actorId,
  });
}
