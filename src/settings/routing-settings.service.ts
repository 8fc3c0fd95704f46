import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { findSettingValue, saveSetting } from './settings.queries.ts';

/**
 * Global routing settings (ROUTE-5..9, BEYOND-1), edited on the admin Settings page and read by
 * routing: settings key 'routing', one JSON document of this shape.
 */
export const ROUTING_SETTINGS_KEY = 'routing';

export interface RoutingSettings {
  mode: 'round_robin' | 'balanced';
  visitorGraceMs: number;
  agentGraceMs: number;
  idleLogoutMs: number;
  defaultActiveLimit: number;
  defaultOfflineLimit: number;
}

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = {
  mode: 'round_robin',
  visitorGraceMs: 15_000,
  agentGraceMs: 30_000,
  idleLogoutMs: 5 * 60_000,
  defaultActiveLimit: 5,
  defaultOfflineLimit: 10,
};

/** Stored values over the defaults, so a key added later still has a value. */
export async function loadRoutingSettings(deps: Pick<Deps, 'db'>): Promise<RoutingSettings> {
  const stored = await findSettingValue(deps.db, ROUTING_SETTINGS_KEY);
  return { ...DEFAULT_ROUTING_SETTINGS, ...(stored ? (JSON.parse(stored) as Partial<RoutingSettings>) : {}) };
}

export async function saveRoutingSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  actorId: string,
  settings: RoutingSettings,
): Promise<void> {
  await saveSetting(deps.db, {
    key: ROUTING_SETTINGS_KEY,
    value: JSON.stringify(settings),
    now: toIso(deps.clock.now()),
    updatedBy: actorId,
  });
}
