import { describe, expect, test } from 'bun:test';
import Papa from 'papaparse';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { loadCrmAnalytics } from '../../../src/reports/analytics.service.ts';
import { percentile } from '../../../src/reports/analytics.ts';
import { makeMessage } from '../../support/factories.ts';
import { seedReports } from './report-seed.ts';

/**
 * CRM analytics (REP-1) on the report seed (report-seed.ts) plus these messages and closes:
 * - Asha (Ann, new, 10 Nov 09:00): Ann answers at 09:02 and 09:05 → first response 2m.
 * - Bela (Bob, converted 1,500.50, 12 Nov 08:00, closed 09:00): Bob at 08:00:30, an admin at 08:10.
 * - Chen (AI, qualified, 12 Nov 18:00): the AI at 18:00:05.
 * - Emre (Ann, not qualified, 20 Nov 23:30, closed 21 Nov 00:30): Ann at 23:40 → 10m.
 * - Dara: unassigned, unanswered.
 */
async function seed() {
  const ctx = await seedReports();
  const { deps, admin, ann } = ctx;
  const { asha, bela, chen, emre } = ctx.chats;
  const staff = async (chat: { id: string }, seq: number, at: string, sender: string, kind = 'agent') =>
    makeMessage(deps.db, {
      conversation_id: chat.id,
      seq,
      created_at: at,
      sender_kind: kind,
      sender_user_id: sender,
    });
  await makeMessage(deps.db, { conversation_id: asha.id, seq: 1, created_at: '2026-11-10T09:00:00.000Z' });
  await staff(asha, 2, '2026-11-10T09:02:00.000Z', ann.id);
  await staff(asha, 3, '2026-11-10T09:05:00.000Z', ann.id);
  await staff(bela, 1, '2026-11-12T08:00:30.000Z', ctx.bob.id);
  await staff(bela, 2, '2026-11-12T08:10:00.000Z', admin.id, 'admin');
  await staff(chen, 1, '2026-11-12T18:00:05.000Z', AI_AGENT_ID, 'ai');
  await staff(emre, 1, '2026-11-20T23:40:00.000Z', ann.id);
  await deps.db
    .updateTable('conversations')
    .set({ closed_at: '2026-11-12T09:00:00.000Z', conversion_value: 1500.5, conversion_currency: 'INR' })
    .where('id', '=', bela.id)
    .execute();
  await deps.db
    .updateTable('conversations')
    .set({ closed_at: '2026-11-21T00:30:00.000Z' })
    .where('id', '=', emre.id)
    .execute();
  return ctx;
}

describe('CRM analytics (REP-1)', async () => {
  const ctx = await seed();
  const { deps, admin, ann, bob, alpha, beta, app } = ctx;

  test('per agent (the AI included): chats, messages, first response, resolution, stages, conversion', async () => {
    const data = await loadCrmAnalytics(deps, {});
    expect(data.chats).toBe(5);
    expect(data.capped).toBe(false);
    const byId = Object.fromEntries(data.agents.map((a) => [a.agentId, a]));
    expect(byId[ann.id]).toEqual({
      agentId: ann.id,
      chats: 2,
      messagesSent: 3,
      firstResponse: { p50: 120_000, p90: 600_000 },
      resolution: { p50: 3_600_000, count: 1 },
      stages: { new: 1, qualified: 0, not_qualified: 1, converted: 0 },
      conversionRate: 0,
    });
    expect(byId[bob.id]).toMatchObject({
      chats: 1,
      messagesSent: 1,
      firstResponse: { p50: 30_000, p90: 30_000 },
      conversionRate: 1,
    });
    expect(byId[AI_AGENT_ID]).toMatchObject({ chats: 1, messagesSent: 1, firstResponse: { p50: 5_000 } });
    // The admin replied without holding a chat: messages, no chats, no rate.
    expect(byId[admin.id]).toMatchObject({ chats: 0, messagesSent: 1, conversionRate: null });
    expect(data.names[AI_AGENT_ID]).toBe('AI');
  });

  test('the funnel by stage, project and campaign with converted value; daily volume with gaps', async () => {
    const data = await loadCrmAnalytics(deps, {});
    expect(data.stages).toEqual({ new: 2, qualified: 1, not_qualified: 1, converted: 1 });
    expect(data.convertedValue).toBe(1500.5);
    expect(data.byProject).toEqual([
      {
        key: alpha.id,
        chats: 3,
        stages: { new: 1, qualified: 0, not_qualified: 1, converted: 1 },
        convertedValue: 1500.5,
      },
      {
        key: beta.id,
        chats: 2,
        stages: { new: 1, qualified: 1, not_qualified: 0, converted: 0 },
        convertedValue: 0,
      },
    ]);
    expect(data.byCampaign.map((row) => [row.key, row.chats])).toEqual([
      ['', 4],
      ['spring', 1],
    ]);
    expect(data.daily.length).toBe(11);
    expect(data.daily.filter((d) => d.chats > 0)).toEqual([
      { day: '2026-11-10', chats: 1 },
      { day: '2026-11-12', chats: 2 },
      { day: '2026-11-15', chats: 1 },
      { day: '2026-11-20', chats: 1 },
    ]);
  });

  test('the filters narrow the figures; a cap is said, not hidden', async () => {
    const mine = await loadCrmAnalytics(deps, { agentId: ann.id });
    expect(mine.chats).toBe(2);
    expect(mine.agents.map((a) => a.agentId)).toEqual([ann.id]);
    const capped = await loadCrmAnalytics(deps, {}, 3);
    expect([capped.chats, capped.capped]).toEqual([3, true]);
    expect((await loadCrmAnalytics(deps, {}, 5)).capped).toBe(false);
  });

  test('the page shows the charts and tables; the CSV has one row per agent', async () => {
    const res = await app.request('/manager/reports/crm-analytics?from=2026-11-01', {
      headers: { Cookie: ctx.manager.cookie },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<svg class="chart" role="img" aria-label="Chats by lead stage"');
    expect(html).toContain('aria-label="Chats started per day (UTC)"');
    expect(html).toMatch(
      new RegExp(
        `analytics-agent-${ann.id}"><td>[^<]+</td><td>2</td><td>3</td><td>2m 00s</td><td>10m 00s</td><td>1h 00m</td>`,
      ),
    );
    expect(html).toContain('1,500.50');
    expect(html).toContain('href="/manager/reports/crm-analytics/export?from=2026-11-01"');
    const csv = await app.request('/manager/reports/crm-analytics/export', {
      headers: { Cookie: ctx.manager.cookie },
    });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]?.slice(0, 4)).toEqual([
      'Agent',
      'Chats handled',
      'Messages sent',
      'First response p50 (s)',
    ]);
    expect(rows.length).toBe(5);
    const qa = await app.request('/qa/reports/crm-analytics', { headers: { Cookie: ctx.qa.cookie } });
    expect(qa.status).toBe(200);
    expect(await qa.text()).not.toContain('/export');
  });
});

test('percentile is nearest-rank', () => {
  expect(percentile([], 0.5)).toBeNull();
  expect(percentile([7], 0.9)).toBe(7);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
});
