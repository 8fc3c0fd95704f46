import { beforeEach, expect, test } from 'bun:test';
import { changeLeadStage, changeStandaloneLeadStage } from '../../../src/leads/lead-stage.service.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeConversation, makeLead, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, type TestDeps } from '../../support/make-app.ts';

/** What a lead change announces (ADR 0045), read from the committed rows on every dialect. */
describeEachDialect('lead.changed from the stage services', (fresh) => {
  let deps: TestDeps;
  beforeEach(async () => {
    ({ deps } = await fresh());
  });

  const leadEvents = () => deps.publisher.events.filter((event) => event.type === 'lead.changed');

  test('a chat lead names its newest chat, that chat’s holder and its owner; a repeat of the stage announces nothing', async () => {
    const [owner, holder, manager] = [
      await createStaff(deps, 'agent', { crm: true }),
      await createStaff(deps, 'agent'),
      await createStaff(deps, 'manager'),
    ];
    const project = await makeProject(deps.db);
    const visitor = await makeVisitor(deps.db, { project_id: project.id });
    await makeLead(deps.db, {
      id: visitor.id,
      source: 'chat',
      visitor_id: visitor.id,
      project_id: project.id,
      assignee_id: owner.id,
    });
    const chat = (at: string, assigneeId: string | null) =>
      makeConversation(deps.db, {
        project_id: project.id,
        visitor_id: visitor.id,
        status: assigneeId ? 'active' : 'closed',
        assignee_id: assigneeId,
        created_at: at,
      });
    await chat('2026-11-20T10:00:00.000Z', owner.id);
    const newest = await chat('2026-11-23T10:00:00.000Z', holder.id);
    const actor = { id: manager.id, role: manager.role };

    await changeLeadStage(deps, { conversationId: newest.id, stage: 'qualified', actor });
    await changeLeadStage(deps, { conversationId: newest.id, stage: 'qualified', actor });

    expect(leadEvents()).toHaveLength(1);
    const [event] = leadEvents();
    expect(event).toMatchObject({
      leadId: visitor.id,
      projectId: project.id,
      chatId: newest.id,
      ownerId: owner.id,
      stage: 'qualified',
      change: 'stage',
    });
    expect(event?.type === 'lead.changed' ? [...event.agentIds].sort() : []).toEqual(
      [holder.id, owner.id].sort(),
    );
  });

  test('a lead without a chat names no chat, and its stage as stored after the commit', async () => {
    const manager = await createStaff(deps, 'manager');
    const lead = await makeLead(deps.db, { source: 'csv' });
    const actor = { id: manager.id, role: manager.role };
    const changed = await changeStandaloneLeadStage(deps, { leadId: lead.id, stage: 'converted', actor });
    expect(changed.ok).toBe(true);
    expect(leadEvents()).toEqual([
      {
        type: 'lead.changed',
        leadId: lead.id,
        projectId: null,
        chatId: null,
        ownerId: null,
        stage: 'converted',
        change: 'stage',
        agentIds: [],
      },
    ]);
  });
});
