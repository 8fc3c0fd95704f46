import { type Delivery, deliveriesOf } from './audience.ts';
import type { RealtimeEvent } from './events.ts';

/**
 * How services announce what happened (STYLE 2.6). They name the event only: who hears it is the
 * audience table's decision (audience.ts), applied by the transport behind this interface (Bun
 * topics, Redis across instances). Services never pick topics and never touch sockets.
 */
export interface Publisher {
  publish(event: RealtimeEvent): void;
}

/** Records each event and what every topic would receive: the publisher for tests without sockets. */
export function memoryPublisher(): Publisher & { events: RealtimeEvent[]; published: Delivery[] } {
  const events: RealtimeEvent[] = [];
  const published: Delivery[] = [];
  return {
    events,
    published,
    publish(event) {
      events.push(event);
      published.push(...deliveriesOf(event));
    },
  };
}
