import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import type { Db } from '../../../src/db/database.ts';
import { makeConversation, makeLead, makeMessage, makeProject } from '../../support/factories.ts';

/**
 * A small dashboard dataset with its figures worked out by hand (the manual clock stands at
 * 2026-11-23T10:00Z, so "7 days" is 17–23 Nov). Two projects; seven chats, one just before the
 * period; five leads, one before it.
 */
export async function seedDashboard(db: Db) {
  const alpha = await makeProject(db, { title: 'Alpha' });
  const beta = await makeProject(db, { title: 'Beta' });
  const touch = async (id: string, campaign: string) => {
    await db
      .insertInto('attributions')
      .values({ id, utm_source: 'google', utm_campaign: campaign, created_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    return id;
  };
  const spring1 = await touch('ATTR-SPRING-1', 'spring');
  const spring2 = await touch('ATTR-SPRING-2', 'spring');
  const spring3 = await touch('ATTR-SPRING-3', 'spring');
  const chat = (project: string, createdAt: string, more: Parameters<typeof makeConversation>[1] = {}) =>
    makeConversation(db, { project_id: project, created_at: createdAt, queued_at: createdAt, ...more });
  const reply = (
    conversationId: string,
    seq: number,
    at: string,
    kind = 'agent',
    sender: string | null = null,
  ) =>
    makeMessage(db, {
      conversation_id: conversationId,
      seq,
      created_at: at,
      sender_kind: kind,
      sender_user_id: sender,
    });

  // 1: Alpha, today, converted 100 from "spring", answered after 60 s.
  const c1 = await chat(alpha.id, '2026-11-23T09:00:00.000Z', {
    status: 'closed',
    lead_stage: 'converted',
    conversion_value: 100,
    attribution_id: spring1,
    visitor_name: 'Chat One',
  });
  await reply(c1.id, 1, '2026-11-23T09:00:10.000Z', 'visitor');
  await reply(c1.id, 2, '2026-11-23T09:01:00.000Z');
  // 2: Alpha, today, waiting since 09:55 (5 min at 10:00), never answered.
  await chat(alpha.id, '2026-11-23T08:00:00.000Z', {
    queued_at: '2026-11-23T09:55:00.000Z',
    visitor_name: 'Waiting Wanda',
  });
  // 3: Alpha, yesterday, converted 50.5 from "spring"; the AI answered after 20 s, an agent later.
  const c3 = await chat(alpha.id, '2026-11-22T12:00:00.000Z', {
    status: 'active',
    lead_stage: 'converted',
    conversion_value: 50.5,
    attribution_id: spring2,
  });
  await reply(c3.id, 1, '2026-11-22T12:00:20.000Z', 'ai', AI_AGENT_ID);
  await reply(c3.id, 2, '2026-11-22T12:05:00.000Z');
  // 4: Beta, yesterday, converted without a value or a campaign; an admin answered after 120 s.
  const c4 = await chat(beta.id, '2026-11-22T13:00:00.000Z', { status: 'closed', lead_stage: 'converted' });
  await reply(c4.id, 1, '2026-11-22T13:02:00.000Z', 'admin');
  // 5: Beta, 20 Nov, qualified, waiting since 09:58 (2 min).
  await chat(beta.id, '2026-11-20T10:00:00.000Z', {
    lead_stage: 'qualified',
    queued_at: '2026-11-23T09:58:00.000Z',
    visitor_name: 'Patient Pat',
  });
  // 6: Beta, the last millisecond before the period: counted nowhere in the period.
  await chat(beta.id, '2026-11-16T23:59:59.999Z', {
    status: 'closed',
    lead_stage: 'converted',
    conversion_value: 999,
    attribution_id: spring3,
  });
  // 7: Alpha, the period's first millisecond; an agent answered after 10 min.
  const c7 = await chat(alpha.id, '2026-11-17T00:00:00.000Z', { status: 'offline' });
  await reply(c7.id, 1, '2026-11-17T00:10:00.000Z');

  await makeLead(db, { project_id: alpha.id, created_at: '2026-11-23T09:00:00.000Z' });
  await makeLead(db, { project_id: alpha.id, created_at: '2026-11-22T08:00:00.000Z' });
  await makeLead(db, { project_id: beta.id, created_at: '2026-11-17T00:00:00.000Z' });
  await makeLead(db, { project_id: beta.id, created_at: '2026-11-16T12:00:00.000Z' });
  await makeLead(db, { project_id: null, created_at: '2026-11-21T15:00:00.000Z' });
  return { alpha, beta };
}
