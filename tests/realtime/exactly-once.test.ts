import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { visitorFormOf } from '../../src/events/audience.ts';
import type { RealtimeEvent, RealtimeEventType } from '../../src/events/events.ts';
import type { RunningServer } from '../../src/server.ts';
import { sampleEvents } from '../support/event-samples.ts';
import { createStaff, type TestDeps } from '../support/make-app.ts';
import { liveServer, makeVisitorChat, openVisitor } from './support/live.ts';
import { eventOf, openSocket, type TestSocket } from './support/ws-client.ts';

/**
 * Every event type, over live sockets of every role around one conversation: each socket receives
 * each event exactly once or not at all, as this table says. The table is keyed by the event
 * union, so a new event type does not compile until someone decides who hears it.
 */
const ROLES = ['visitor', 'holder', 'otherAgent', 'previousAssignee', 'admin', 'manager', 'qa'] as const;
type Role = (typeof ROLES)[number];

type Heard = Record<Role, 0 | 1>;
const staffAndVisitor: Heard = {
  visitor: 1,
  holder: 1,
  otherAgent: 0,
  previousAssignee: 0,
  admin: 1,
  manager: 1,
  qa: 1,
};
const staffWithHolder: Heard = { ...staffAndVisitor, visitor: 0 };
const overseersOnly: Heard = { ...staffWithHolder, holder: 0 };
const nobody: Heard = { ...overseersOnly, admin: 0, manager: 0, qa: 0 };

const hears = {
  // The chat moves from the previous assignee to the holder; the visitor learns only its status.
  'conversation.assigned': { ...staffAndVisitor, previousAssignee: 1 },
  'message.created': staffAndVisitor,
  'receipt.updated': staffAndVisitor,
  'typing.changed': staffAndVisitor,
  'presence.changed': staffWithHolder,
  'conversation.status_changed': staffAndVisitor,
  'conversation.closed': staffAndVisitor,
  'conversation.created': overseersOnly,
  'inbox.changed': { ...nobody, holder: 1 },
  'ai.status_changed': staffWithHolder,
  // The lead's owner (also its chat's holder) once, through their inbox; other agents never.
  'lead.changed': { ...overseersOnly, holder: 1 },
  // Matched to a waiting socket by its key, never published to a topic.
  'socket.bound': nobody,
  // Last: it closes the other agent's sockets.
  'staff.removed': { ...nobody, otherAgent: 1 },
} satisfies Record<RealtimeEventType, Heard>;

const ORDER = Object.keys(hears) as RealtimeEventType[];

let running: RunningServer;
let deps: TestDeps;
let sockets: Record<Role, TestSocket>;
let samples: ReturnType<typeof sampleEvents>;

/** A ping answered means every frame published before it reached this socket. */
async function settle(socket: TestSocket): Promise<void> {
  socket.send({ type: 'ping' });
  await socket.next((frame) => frame.type === 'pong');
}

beforeAll(async () => {
  const live = await liveServer();
  running = live.running;
  deps = live.deps;
  const staff = {
    holder: await createStaff(deps, 'agent'),
    otherAgent: await createStaff(deps, 'agent'),
    previousAssignee: await createStaff(deps, 'agent'),
    admin: await createStaff(deps, 'admin'),
    manager: await createStaff(deps, 'manager'),
    qa: await createStaff(deps, 'qa'),
  };
  const chat = await makeVisitorChat(deps.db, { assignee_id: staff.previousAssignee.id });
  const staffSocket = (member: { cookie: string }) =>
    openSocket(running.wsUrl, { Cookie: member.cookie, Origin: running.url });
  const visitor = await openVisitor(running, chat.project.id, chat.token);
  visitor.send({ type: 'join', conversationId: chat.conversation.id, afterSeq: 0 });
  await visitor.next((frame) => frame.type === 'joined');
  sockets = {
    visitor,
    holder: await staffSocket(staff.holder),
    otherAgent: await staffSocket(staff.otherAgent),
    previousAssignee: await staffSocket(staff.previousAssignee),
    admin: await staffSocket(staff.admin),
    manager: await staffSocket(staff.manager),
    qa: await staffSocket(staff.qa),
  };
  // Each staff socket subscribed what it may see when it opened (the previous assignee: the chat).
  for (const member of Object.values(staff)) {
    for (let tries = 0; !(await deps.presence.isOnline({ kind: 'staff', id: member.id })); tries++) {
      if (tries > 200) throw new Error('staff socket never came online');
      await Bun.sleep(5);
    }
  }
  await Promise.all(Object.values(sockets).map(settle));
  samples = sampleEvents({
    conversationId: chat.conversation.id,
    projectId: chat.project.id,
    holderId: staff.holder.id,
    previousId: staff.previousAssignee.id,
    otherId: staff.otherAgent.id,
  });
});

afterAll(() => running?.stop());

describe('each socket receives each event exactly once (RT-1, the audience table)', () => {
  for (const type of ORDER) {
    test(`${type}: heard once by ${ROLES.filter((role) => hears[type][role] === 1).join(', ')}`, async () => {
      const sample: RealtimeEvent = samples[type];
      const marks = Object.fromEntries(ROLES.map((role) => [role, sockets[role].frames.length]));
      running.deps.publisher.publish(sample);
      const closing = type === 'staff.removed' ? ['otherAgent'] : [];
      await Promise.all(ROLES.filter((role) => !closing.includes(role)).map((role) => settle(sockets[role])));
      if (closing.length > 0) expect((await sockets.otherAgent.closed).code).toBe(4001);

      const received = Object.fromEntries(
        ROLES.map((role) => {
          const form = role === 'visitor' ? visitorFormOf(sample) : sample;
          const copies = sockets[role].frames
            .slice(marks[role])
            .filter((frame) => Bun.deepEquals(eventOf(frame), form));
          return [role, copies.length];
        }),
      );
      expect(received).toEqual(hears[type]);
    });
  }
});
