import { beforeEach, expect, test } from 'bun:test';
import { changeLeadStage } from '../../../src/leads/lead-stage.service.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeConversation, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, type TestDeps } from '../../support/make-app.ts';

describeEachDialect('lead stage changes (CRM-2, ADMIN-7 leads.stage)', (fresh) => {
  let deps: TestDeps;
  beforeEach(async () => {
    ({ deps } = await fresh());
  });

  async function chatOf(assigneeId: string | null) {
    const project = await makeProject(deps.db);
    const visitor = await makeVisitor(deps.db, { project_id: project.id });
    return makeConversation(deps.db, {
      project_id: project.id,
      visitor_id: visitor.id,
      status: assigneeId ? 'active' : 'unassigned',
      assignee_id: assigneeId,
    });
  }

  test('every change reports the stage it came from; setting the same stage again writes nothing', async () => {
    const agent = await createStaff(deps, 'agent');
    const chat = await chatOf(agent.id);
    const actor = { id: agent.id, role: agent.role };
    const first = await changeLeadStage(deps, { conversationId: chat.id, stage: 'qualified', actor });
    expect(first).toMatchObject({ ok: true, value: { from: 'new', to: 'qualified', actorId: agent.id } });
    const second = await changeLeadStage(deps, { conversationId: chat.id, stage: 'converted', actor });
    expect(second).toMatchObject({ ok: true, value: { from: 'qualified', to: 'converted' } });
    const again = await changeLeadStage(deps, { conversationId: chat.id, stage: 'converted', actor });
    expect(again).toMatchObject({ ok: true, value: { from: 'converted', to: 'converted' } });
    expect(deps.log.lines.filter((line) => line.msg === 'leads.stage_changed')).toHaveLength(2);
  });

  test('agents change their own chats only; admins and managers any; QA none', async () => {
    const holder = await createStaff(deps, 'agent');
    const teammate = await createStaff(deps, 'agent');
    const manager = await createStaff(deps, 'manager');
    const qa = await createStaff(deps, 'qa');
    const chat = await chatOf(holder.id);
    const change = (who: { id: string; role: typeof holder.role }) =>
      changeLeadStage(deps, { conversationId: chat.id, stage: 'not_qualified', actor: who });
    expect(await change(teammate)).toEqual({ ok: false, code: 'read_only' });
    expect(await change(qa)).toEqual({ ok: false, code: 'not_found' });
    expect(await change(manager)).toMatchObject({ ok: true, value: { from: 'new', to: 'not_qualified' } });
    const row = await deps.db
      .selectFrom('conversations')
      .select('lead_stage')
      .where('id', '=', chat.id)
      .executeTakeFirst();
    expect(row?.lead_stage).toBe('not_qualified');
    expect(await changeLeadStage(deps, { conversationId: 'nope', stage: 'new', actor: manager })).toEqual({
      ok: false,
      code: 'not_found',
    });
  });
});
