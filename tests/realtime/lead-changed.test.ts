import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { EventOf } from '../../src/events/events.ts';
import type { RunningServer } from '../../src/server.ts';
import { makeLead } from '../support/factories.ts';
import { createStaff, type TestDeps, type TestStaff } from '../support/make-app.ts';
import { liveServer, makeVisitorChat } from './support/live.ts';
import { eventOf, isEvent, openSocket, type TestSocket } from './support/ws-client.ts';

/**
 * CRM-2 "published live to the consoles that show the lead" (issue 14 item 3, ADR 0045): every
 * lead change made over real HTTP reaches, over real sockets, the overseers and the agents who may
 * read the lead, once, and nobody else.
 */
let running: RunningServer;
let deps: TestDeps;
let people: Record<'manager' | 'qa' | 'owner' | 'otherAgent' | 'noCrm' | 'noCrmOwner', TestStaff>;
let sockets: Record<keyof typeof people, TestSocket>;
let chat: Awaited<ReturnType<typeof makeVisitorChat>>;
let chatLeadId: string;
let webLeadId: string;
let noCrmLeadId: string;

async function settle(socket: TestSocket): Promise<void> {
  socket.send({ type: 'ping' });
  await socket.next((frame) => frame.type === 'pong');
}

const post = (member: TestStaff, path: string, form: Record<string, string>) =>
  fetch(`${running.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Cookie: member.cookie,
      Origin: running.url,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
  });

type LeadChanged = EventOf<'lead.changed'>;

/** Does a change, then says which sockets got a `lead.changed` for the lead, and how often. */
async function heardBy(leadId: string, act: () => Promise<Response>): Promise<Record<string, number>> {
  const marks = Object.fromEntries(Object.entries(sockets).map(([who, s]) => [who, s.frames.length]));
  const res = await act();
  expect(res.status).toBeLessThan(400);
  // The manager hears every lead change: once it has, the others have had their chance too.
  await sockets.manager.next(isEvent('lead.changed', (e) => e.leadId === leadId));
  await Promise.all(Object.values(sockets).map(settle));
  return Object.fromEntries(
    Object.entries(sockets).map(([who, s]) => [
      who,
      s.frames
        .slice(marks[who])
        .filter((f) => eventOf(f).type === 'lead.changed' && eventOf(f).leadId === leadId).length,
    ]),
  );
}

const lastEvent = (socket: TestSocket) =>
  eventOf(
    socket.frames.filter((f) => eventOf(f).type === 'lead.changed').at(-1) ?? {},
  ) as unknown as LeadChanged;

beforeAll(async () => {
  ({ running, deps } = await liveServer());
  people = {
    manager: await createStaff(deps, 'manager'),
    qa: await createStaff(deps, 'qa'),
    owner: await createStaff(deps, 'agent', { crm: true }),
    otherAgent: await createStaff(deps, 'agent', { crm: true }),
    noCrm: await createStaff(deps, 'agent', { crm: false }),
    noCrmOwner: await createStaff(deps, 'agent', { crm: false }),
  };
  chat = await makeVisitorChat(deps.db, { assignee_id: people.owner.id });
  chatLeadId = chat.visitor.id;
  await makeLead(deps.db, {
    id: chatLeadId,
    source: 'chat',
    visitor_id: chat.visitor.id,
    project_id: chat.project.id,
    assignee_id: people.owner.id,
  });
  webLeadId = (await makeLead(deps.db, { project_id: chat.project.id, assignee_id: people.owner.id })).id;
  noCrmLeadId = (await makeLead(deps.db, { project_id: chat.project.id, assignee_id: people.noCrmOwner.id }))
    .id;
  const open = (member: TestStaff) =>
    openSocket(running.wsUrl, { Cookie: member.cookie, Origin: running.url });
  sockets = {
    manager: await open(people.manager),
    qa: await open(people.qa),
    owner: await open(people.owner),
    otherAgent: await open(people.otherAgent),
    noCrm: await open(people.noCrm),
    noCrmOwner: await open(people.noCrmOwner),
  };
  for (const member of Object.values(people)) {
    for (let tries = 0; !(await deps.presence.isOnline({ kind: 'staff', id: member.id })); tries++) {
      if (tries > 200) throw new Error('staff socket never came online');
      await Bun.sleep(5);
    }
  }
  await Promise.all(Object.values(sockets).map(settle));
});

afterAll(() => running?.stop());

const overseersAndOwner = { manager: 1, qa: 1, owner: 1, otherAgent: 0, noCrm: 0, noCrmOwner: 0 };

describe('lead.changed reaches who may read the lead, once', () => {
  test('a manager’s stage change on the lead page: the manager, QA and the owner holding the chat', async () => {
    const heard = await heardBy(chatLeadId, () =>
      post(people.manager, `/manager/leads/${chatLeadId}/stage`, { stage: 'qualified' }),
    );
    expect(heard).toEqual(overseersAndOwner);
    expect(lastEvent(sockets.owner)).toEqual({
      type: 'lead.changed',
      leadId: chatLeadId,
      projectId: chat.project.id,
      chatId: chat.conversation.id,
      ownerId: people.owner.id,
      stage: 'qualified',
      change: 'stage',
      agentIds: [people.owner.id],
    });
  });

  test('the agent’s stage change from the chat pane goes through the same service and is heard alike', async () => {
    const heard = await heardBy(chatLeadId, () =>
      post(people.owner, `/agent/conversations/${chat.conversation.id}/stage`, { stage: 'not_qualified' }),
    );
    expect(heard).toEqual(overseersAndOwner);
    expect(lastEvent(sockets.manager)).toMatchObject({ stage: 'not_qualified', change: 'stage' });
  });

  test('a note and a follow-up on a web lead reach its owner and the overseers', async () => {
    expect(
      await heardBy(webLeadId, () =>
        post(people.manager, `/manager/leads/${webLeadId}/notes`, { body: 'Called' }),
      ),
    ).toEqual(overseersAndOwner);
    expect(lastEvent(sockets.owner)).toMatchObject({ leadId: webLeadId, change: 'note', chatId: null });
    expect(
      await heardBy(webLeadId, () =>
        post(people.owner, `/agent/leads/${webLeadId}/follow-up`, { follow_up_on: '2026-12-10' }),
      ),
    ).toEqual(overseersAndOwner);
    expect(lastEvent(sockets.qa)).toMatchObject({ leadId: webLeadId, change: 'follow_up' });
  });

  test('a web lead’s stage change from the board (no chat) is heard alike', async () => {
    expect(
      await heardBy(webLeadId, () =>
        post(people.manager, `/manager/leads/${webLeadId}/board-stage`, { stage: 'qualified' }),
      ),
    ).toEqual(overseersAndOwner);
  });

  test('a reassignment reaches the new owner and the previous one', async () => {
    const heard = await heardBy(webLeadId, () =>
      post(people.manager, `/manager/leads/${webLeadId}/assign`, { assignee: people.otherAgent.id }),
    );
    expect(heard).toEqual({ ...overseersAndOwner, otherAgent: 1 });
    expect(lastEvent(sockets.otherAgent)).toMatchObject({ ownerId: people.otherAgent.id, change: 'owner' });
  });

  test('an owner without CRM Leads, who may not read the lead, is not told', async () => {
    const heard = await heardBy(noCrmLeadId, () =>
      post(people.manager, `/manager/leads/${noCrmLeadId}/notes`, { body: 'Left a voicemail' }),
    );
    expect(heard).toEqual({ ...overseersAndOwner, owner: 0 });
    expect(lastEvent(sockets.manager)).toMatchObject({ ownerId: people.noCrmOwner.id, agentIds: [] });
  });

  test('an unassigned lead is heard by every agent with CRM Leads (their inboxes list it to pick), and so is its taking', async () => {
    const open = (await makeLead(deps.db, { project_id: chat.project.id, assignee_id: null })).id;
    const everyCrmAgent = { ...overseersAndOwner, otherAgent: 1 };
    expect(
      await heardBy(open, () =>
        post(people.manager, `/manager/leads/${open}/notes`, { body: 'Web form, no owner' }),
      ),
    ).toEqual(everyCrmAgent);
    // Taken: the others must see it leave their unassigned list.
    expect(
      await heardBy(open, () =>
        post(people.manager, `/manager/leads/${open}/assign`, { assignee: people.owner.id }),
      ),
    ).toEqual(everyCrmAgent);
    // From now on it is the owner's alone.
    expect(
      await heardBy(open, () =>
        post(people.manager, `/manager/leads/${open}/notes`, { body: 'Owner calls back' }),
      ),
    ).toEqual(overseersAndOwner);
  });

  test('a refused change publishes nothing', async () => {
    const marks = sockets.manager.frames.length;
    const res = await post(people.otherAgent, `/agent/leads/${noCrmLeadId}/notes`, { body: 'Not mine' });
    expect(res.status).toBe(404);
    await Promise.all(Object.values(sockets).map(settle));
    expect(sockets.manager.frames.slice(marks).filter(isEvent('lead.changed'))).toEqual([]);
  });
});
