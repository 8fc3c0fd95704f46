import { describe, expect, test } from 'bun:test';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { makeConversation, makeProject } from '../../support/factories.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';

const cells = (html: string, name: string) => {
  const row = new RegExp(`<tr><th scope="row">${name}</th>(.*?)</tr>`).exec(html)?.[1] ?? '';
  return [...row.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
};

async function seed() {
  const ctx = await makeTestApp();
  const { deps, app } = ctx;
  const admin = await createStaff(deps, 'admin');
  const qa = await createStaff(deps, 'qa');
  const agent = await createStaff(deps, 'agent');
  const shop = await makeProject(deps.db, { title: 'Shop' });
  const bank = await makeProject(deps.db, { title: 'Bank' });
  await postForm(app, '/admin/qa-rubric', { label_1: 'Overall', weight_1: '1' }, { Cookie: admin.cookie });
  const chat = async (
    projectId: string,
    assignee: string,
    mark: string | null,
    csat: number | null,
    at: string,
  ) => {
    const row = await makeConversation(deps.db, {
      project_id: projectId,
      status: 'closed',
      assignee_id: assignee,
      ai_active: assignee === AI_AGENT_ID ? 1 : 0,
      closed_by: admin.id,
      csat_score: csat,
      csat_at: csat === null ? null : at,
    });
    if (mark) {
      deps.clock.set(at);
      const res = await postForm(
        app,
        `/qa/chats/${row.id}/score`,
        { rubricVersion: '1', mark_c1: mark },
        { Cookie: qa.cookie },
      );
      expect(res.status).toBe(200);
    }
  };
  await chat(shop.id, agent.id, '5', 5, '2026-11-20T10:00:00.000Z');
  await chat(shop.id, agent.id, '2', 3, '2026-11-21T10:00:00.000Z');
  await chat(bank.id, agent.id, null, 4, '2026-11-21T11:00:00.000Z');
  await chat(bank.id, AI_AGENT_ID, '4', 1, '2026-11-22T10:00:00.000Z');
  // Outside the range used below.
  await chat(bank.id, agent.id, '1', 1, '2026-10-01T10:00:00.000Z');
  return { ...ctx, admin, qa, agent };
}

describe('quality report (QA-3, BEYOND-5)', () => {
  test('per agent (the AI apart) and per project: scores and ratings with their counts', async () => {
    const { app, qa, agent } = await seed();
    const res = await app.request('/qa/report?from=2026-11-01&to=2026-11-30', {
      headers: { Cookie: qa.cookie },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const name = `agent ${agent.id.slice(-4)}`;
    // Scores (5 + 2) / 2 = 3.50 over 2; ratings (5 + 3 + 4) / 3 = 4.00 over 3.
    expect(cells(html, name)).toEqual(['3.50', '2', '4.00', '3']);
    expect(cells(html, 'AI')).toEqual(['4.00', '1', '1.00', '1']);
    expect(cells(html, 'Shop')).toEqual(['3.50', '2', '4.00', '2']);
    expect(cells(html, 'Bank')).toEqual(['4.00', '1', '2.50', '2']);
    // Over time: the week of 16 Nov for everyone, then the AI alone.
    expect(cells(html, '2026-11-16')).toEqual(['3.67', '3', '3.25', '4', '4.00', '1', '1.00', '1']);
  });

  test('the whole history without a range; a range ending before it starts is refused', async () => {
    const { app, qa, agent } = await seed();
    const html = await (await app.request('/qa/report', { headers: { Cookie: qa.cookie } })).text();
    expect(cells(html, `agent ${agent.id.slice(-4)}`)).toEqual(['2.67', '3', '3.25', '4']);
    const bad = await app.request('/qa/report?from=2026-11-30&to=2026-11-01', {
      headers: { Cookie: qa.cookie },
    });
    expect(bad.status).toBe(422);
  });

  test('CSV export with the same figures, for managers and admins too', async () => {
    const { app, deps, admin } = await seed();
    const manager = await createStaff(deps, 'manager');
    const res = await app.request('/qa/report.csv?from=2026-11-01&to=2026-11-30', {
      headers: { Cookie: manager.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toStartWith('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // Excel reads it as UTF-8
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toStartWith('"Group","Name","Review score (1-5)"');
    expect(csv).toContain('"ai","AI","4.00","1","1.00","1"');
    expect(csv).toContain('"project","Shop","3.50","2","4.00","2"');
    expect(csv).toContain('"week_ai","2026-11-16","4.00","1","1.00","1"');
    const page = await app.request('/qa/report', { headers: { Cookie: admin.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('href="/qa/report" aria-current="page">Quality report</a>');
  });
});
