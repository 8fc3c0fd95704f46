import type { RealtimeEvent } from './events.ts';

/** Services publish through this; transport (Bun topics, Redis) is behind it (STYLE 2.6). */
export interface Publisher {
  publish(topic: string, event: RealtimeEvent): void;
}

/** Records what was published: the publisher for tests that do not open sockets. */
export function memoryPublisher(): Publisher & { published: Array<{ topic: string; event: RealtimeEvent }> } {
  const published: Array<{ topic: string; event: RealtimeEvent }> = [];
  return { published, publish: (topic, event) => void published.push({ topic, event }) };
}
