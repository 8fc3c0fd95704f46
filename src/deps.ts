import type { AiAgentPort } from './ai/ai-agent.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { RealtimeEvent } from './events/events.ts';
import type { Presence } from './events/presence.ts';
import type { Publisher } from './events/publisher.ts';
import type { MessageWriter } from './messages/message-draft.ts';
import type { IpBlockRegistry } from './security/ip-blocks.ts';
import type { SecretBox } from './security/secret-box.ts';
import type { WindowCounter } from './security/window-counter.ts';
import type { Clock } from './shared/clock.ts';
import type { IdGenerator } from './shared/ids.ts';
import type { Logger } from './shared/log.ts';
import type { GeoLookup } from './visitors/geo-ip.ts';

/** Everything a service or route needs, passed explicitly (STYLE 2.1). */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  publisher: Publisher;
  presence: Presence;
  /** Blocked addresses, checked first on every request and WebSocket upgrade (SEC-1). */
  blocks: IpBlockRegistry;
  /** Sliding-window counters for strikes and rate limits, shared through Redis when configured. */
  counters: WindowCounter;
  /** The group commit every message goes through (one per database handle: PERF-3). */
  messageWriter: MessageWriter;
  /** Seals integration credentials before they are stored (never rendered back). */
  secrets: SecretBox;
  /** The AI fallback agent's side of routing and the visitor message path (AI-2..5). */
  aiAgent: AiAgentPort<Deps, RealtimeEvent>;
  /** Visitor geo from the local database at GEOIP_DB_PATH (none without it). */
  geo: GeoLookup;
}
