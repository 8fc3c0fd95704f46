import { z } from 'zod';
import type { RoutingMode } from './round-robin.ts';

/**
 * Every routing and lifecycle duration in one object (ROUTE-11 "all timings configurable").
 * Stored as JSON under the settings key `routing`; anything missing or invalid falls back to these
 * defaults, so an older stored object keeps working when a field is added.
 */
export interface RoutingSettings {
  mode: RoutingMode;
  /** ROUTE-6: no visitor socket this long → the chat goes offline. */
  visitorGoneMs: number;
  /** ROUTE-7: all of an agent's sockets closed this long → their chats are released. */
  agentGoneMs: number;
  /** ROUTE-9: no heartbeat or other activity this long while holding chats → logged out. */
  agentIdleMs: number;
  /** How often each sweeper runs. */
  visitorGoneSweepMs: number;
  agentGoneSweepMs: number;
  agentIdleSweepMs: number;
  queueDrainSweepMs: number;
  sessionPurgeSweepMs: number;
  /** Rows a sweeper handles per batch. */
  batchSize: number;
}

export const ROUTING_SETTINGS_KEY = 'routing';

export const defaultRoutingSettings: RoutingSettings = Object.freeze({
  mode: 'round_robin',
  visitorGoneMs: 15_000,
  agentGoneMs: 30_000,
  agentIdleMs: 5 * 60_000,
  visitorGoneSweepMs: 5_000,
  agentGoneSweepMs: 5_000,
  agentIdleSweepMs: 30_000,
  queueDrainSweepMs: 10_000,
  sessionPurgeSweepMs: 60 * 60_000,
  batchSize: 100,
});

const ms = z
  .number()
  .int()
  .min(1)
  .max(24 * 60 * 60_000);

export const routingSettingsSchema = z.object({
  mode: z.enum(['round_robin', 'balanced']).catch(defaultRoutingSettings.mode),
  visitorGoneMs: ms.catch(defaultRoutingSettings.visitorGoneMs),
  agentGoneMs: ms.catch(defaultRoutingSettings.agentGoneMs),
  agentIdleMs: ms.catch(defaultRoutingSettings.agentIdleMs),
  visitorGoneSweepMs: ms.catch(defaultRoutingSettings.visitorGoneSweepMs),
  agentGoneSweepMs: ms.catch(defaultRoutingSettings.agentGoneSweepMs),
  agentIdleSweepMs: ms.catch(defaultRoutingSettings.agentIdleSweepMs),
  queueDrainSweepMs: ms.catch(defaultRoutingSettings.queueDrainSweepMs),
  sessionPurgeSweepMs: ms.catch(defaultRoutingSettings.sessionPurgeSweepMs),
  batchSize: z.number().int().min(1).max(1000).catch(defaultRoutingSettings.batchSize),
});

/** Parses the stored JSON; a missing, corrupt or partial value never stops routing. */
export function parseRoutingSettings(stored: string | undefined): RoutingSettings {
  if (!stored) return defaultRoutingSettings;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return defaultRoutingSettings;
  }
  const parsed = routingSettingsSchema.safeParse(typeof value === 'object' && value !== null ? value : {});
  return parsed.success ? parsed.data : defaultRoutingSettings;
}
