import { describe, expect, test } from 'bun:test';
import { deliveriesOf, eventAudience, visitorFormOf } from '../../../src/events/audience.ts';
import type { RealtimeEvent } from '../../../src/events/events.ts';
import { topics } from '../../../src/events/topics.ts';
import { visitorEventSchema } from '../../../src/realtime/wire-schemas.ts';
import { sampleEvents } from '../../support/event-samples.ts';

const cast = { conversationId: 'c1', projectId: 'p1', holderId: 'u2', previousId: 'u1', otherId: 'u3' };
const samples: RealtimeEvent[] = Object.values(sampleEvents(cast));

describe('audience table (STYLE 2.6): the one place that picks topics', () => {
  test.each(samples.map((event) => [event.type, event] as const))(
    '%s: the visitor gets only a visitor form, and only when the table names the visitor',
    (type, event) => {
      const toVisitor = deliveriesOf(event).filter((d) => d.topic.startsWith(topics.visitor('')));
      const listed = (eventAudience[type] as readonly string[]).includes('visitor');
      expect(toVisitor.length).toBe(listed ? 1 : 0);
      expect(visitorFormOf(event) === undefined).toBe(!listed);
      for (const delivery of toVisitor)
        expect(visitorEventSchema.safeParse(delivery.event).success).toBe(true);
    },
  );

  test('no event goes to a topic twice', () => {
    for (const event of samples) {
      const topicsOf = deliveriesOf(event).map((d) => d.topic);
      expect(new Set(topicsOf).size).toBe(topicsOf.length);
    }
  });

  test('an assignment reaches consoles and both assignees; the visitor learns only the status', () => {
    const assigned = sampleEvents(cast)['conversation.assigned'];
    expect(deliveriesOf(assigned)).toEqual([
      {
        topic: topics.visitor('c1'),
        event: { type: 'conversation.status_changed', conversationId: 'c1', status: 'active' },
      },
      { topic: topics.staff(), event: assigned },
      { topic: topics.agentInbox('u2'), event: assigned },
      { topic: topics.agentInbox('u1'), event: assigned },
    ]);
  });

  test('a chat event reaches its holder through the conversation, never through an inbox as well', () => {
    const closed = sampleEvents(cast)['conversation.closed'];
    expect(deliveriesOf(closed).map((d) => d.topic)).toEqual([
      topics.visitor('c1'),
      topics.conversation('c1'),
      topics.staff(),
    ]);
  });
});
