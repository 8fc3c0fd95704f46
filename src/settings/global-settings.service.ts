import { writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { loadRoutingSettings, saveRoutingSettings } from '../routing/routing.service.ts';
import { loadAgentDefaults, saveAgentDefaults } from './agent-defaults.service.ts';
import type { GlobalSettings } from './settings.ts';

export async function loadGlobalSettings(deps: Pick<Deps, 'db'>): Promise<GlobalSettings> {
  const [routing, agentDefaults] = await Promise.all([loadRoutingSettings(deps), loadAgentDefaults(deps)]);
  const { mode, visitorGoneMs, agentGoneMs, agentIdleMs } = routing;
  return { mode, visitorGoneMs, agentGoneMs, agentIdleMs, agentDefaults };
}

export async function saveGlobalSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  actorId: string,
  settings: GlobalSettings,
): Promise<void> {
  const { agentDefaults, ...timers } = settings;
  const current = await loadRoutingSettings(deps);
  await writeTransaction(deps.db, async (trx) => {
    const tx = { db: trx, clock: deps.clock };
    await saveRoutingSettings(tx, { ...current, ...timers }, actorId);
    await saveAgentDefaults(tx, actorId, agentDefaults);
  });
}
