import { describe, expect, test } from 'bun:test';
import { BOARD_COLUMN_SIZE } from '../../../src/crm/leads.service.ts';
import type { Db } from '../../../src/db/database.ts';
import { DATA_LAYER_HX_EVENT } from '../../../src/tracking/tracking.ts';
import { makeLead, makeProject } from '../../support/factories.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';

/** The pipeline board (BEYOND-8) over HTTP on a real SQLite database. */
type App = Awaited<ReturnType<typeof makeTestApp>>['app'];

const get = (app: App, cookie: string, path: string, headers: Record<string, string> = {}) =>
  app.request(path, { headers: { Cookie: cookie, ...headers } });

/** The card ids of each column, in order. */
function columns(html: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const part of html.split('data-stage="').slice(1)) {
    const stage = part.slice(0, part.indexOf('"'));
    result[stage] = [...part.matchAll(/id="board-card-([0-9A-Za-z]+)"/g)].map((m) => m[1] ?? '');
  }
  return result;
}

const stageOf = async (db: Db, id: string) =>
  (await db.selectFrom('leads').select('stage').where('id', '=', id).executeTakeFirstOrThrow()).stage;

const at = (minute: number) => `2026-11-22T09:${String(minute).padStart(2, '0')}:00.000Z`;

describe('pipeline board (BEYOND-8)', () => {
  test('one column per stage, newest first, with counts, under the inbox filter; a link each way', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const project = await makeProject(deps.db, { title: 'Roofs' });
    const other = await makeProject(deps.db, { title: 'Other' });
    const a = await makeLead(deps.db, { name: 'Ann', project_id: project.id, created_at: at(1) });
    const b = await makeLead(deps.db, { name: 'Bob', project_id: project.id, created_at: at(2) });
    const c = await makeLead(deps.db, {
      name: 'Cat',
      project_id: project.id,
      stage: 'qualified',
      created_at: at(3),
    });
    await makeLead(deps.db, { name: 'Dan', project_id: other.id, stage: 'converted', created_at: at(4) });

    const res = await get(app, admin.cookie, `/admin/leads/board?project=${project.id}&stage=new`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(columns(html)).toEqual({ new: [b.id, a.id], qualified: [c.id], not_qualified: [], converted: [] });
    expect(html).toContain('Pipeline board');
    expect(html).toContain(`href="/admin/leads?project=${project.id}"`);
    expect(html).toContain('/static/js/lead-board.js');

    const list = await (await get(app, admin.cookie, `/admin/leads?project=${project.id}`)).text();
    expect(list).toContain(`href="/admin/leads/board?project=${project.id}"`);

    const bad = await get(app, admin.cookie, '/admin/leads/board?followup=someday');
    expect(bad.status).toBe(400);
  });

  test('a column shows its newest N and "More" reads the next ones by keyset', async () => {
    const { app, deps } = await makeTestApp();
    const manager = await createStaff(deps, 'manager');
    const made = [];
    for (let i = 0; i < BOARD_COLUMN_SIZE + 3; i++) {
      made.push(await makeLead(deps.db, { name: `Lead ${i}`, created_at: at(i) }));
    }
    const newest = [...made].reverse().map((lead) => lead.id);
    const html = await (await get(app, manager.cookie, '/manager/leads/board')).text();
    expect(columns(html).new).toEqual(newest.slice(0, BOARD_COLUMN_SIZE));
    expect(html).toContain(`${BOARD_COLUMN_SIZE + 3}`);
    const more = html.match(/hx-get="(\/manager\/leads\/board\/more\?[^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(more).toContain('stage=new');
    const page = await (await get(app, manager.cookie, more ?? '', { 'HX-Request': 'true' })).text();
    expect([...page.matchAll(/id="board-card-([0-9A-Za-z]+)"/g)].map((m) => m[1])).toEqual(
      newest.slice(BOARD_COLUMN_SIZE),
    );
    expect(page).not.toContain('board-more');
    // Without htmx, the link opens the whole board with that column read from the cursor.
    const whole = await (await get(app, manager.cookie, more ?? '')).text();
    expect(whole).toContain('Pipeline board');
    expect(columns(whole).new).toEqual(newest.slice(BOARD_COLUMN_SIZE));
  });

  test('a move changes the stage through the stage service and comes back as the board with the dataLayer event', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const project = await makeProject(deps.db, { title: 'Roofs' });
    const lead = await makeLead(deps.db, { name: 'Ann', project_id: project.id, email: 'ann@example.com' });
    const hx = { Cookie: admin.cookie, 'HX-Request': 'true' };
    const moved = await postForm(
      app,
      `/admin/leads/${lead.id}/board-stage?project=${project.id}`,
      { stage: 'qualified' },
      hx,
    );
    expect(moved.status).toBe(200);
    expect(await stageOf(deps.db, lead.id)).toBe('qualified');
    expect(columns(await moved.text()).qualified).toEqual([lead.id]);
    const trigger = moved.headers.get('HX-Trigger');
    expect(JSON.parse(trigger ?? '{}')[DATA_LAYER_HX_EVENT]).toMatchObject({
      event: 'lead_stage_changed',
      stage: 'qualified',
      project_id: project.id,
      // The person who moved it, by name (TRACK-2), as from the chat pane.
      agent_id: admin.id,
      agent_name: `admin ${admin.id.slice(-4)}`,
    });

    // Converted asks for the optional value first; nothing moves until the second post.
    const ask = await postForm(app, `/admin/leads/${lead.id}/board-stage`, { stage: 'converted' }, hx);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain(`id="board-value-${lead.id}"`);
    expect(await stageOf(deps.db, lead.id)).toBe('qualified');
    const badValue = await postForm(
      app,
      `/admin/leads/${lead.id}/board-stage`,
      { stage: 'converted', value: 'lots' },
      hx,
    );
    expect(badValue.status).toBe(422);
    expect(await badValue.text()).toContain('Enter the value as a number');
    expect(await stageOf(deps.db, lead.id)).toBe('qualified');
    const converted = await postForm(
      app,
      `/admin/leads/${lead.id}/board-stage`,
      { stage: 'converted', value: '1200' },
      hx,
    );
    expect(await stageOf(deps.db, lead.id)).toBe('converted');
    expect(JSON.parse(converted.headers.get('HX-Trigger') ?? '{}')[DATA_LAYER_HX_EVENT]).toMatchObject({
      stage: 'converted',
      value: 1200,
    });

    // Without htmx the form posts and comes back to the board with its filter.
    const plain = await postForm(
      app,
      `/admin/leads/${lead.id}/board-stage?project=${project.id}`,
      { stage: 'new' },
      { Cookie: admin.cookie },
    );
    expect(plain.status).toBe(303);
    expect(plain.headers.get('Location')).toBe(`/admin/leads/board?project=${project.id}`);
    expect(await stageOf(deps.db, lead.id)).toBe('new');
  });

  test('an agent sees their own leads and moves them, not another agent’s; QA reads the board only', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent', { crm: true });
    const otherAgent = await createStaff(deps, 'agent', { crm: true });
    const qa = await createStaff(deps, 'qa');
    const mine = await makeLead(deps.db, { name: 'Mine', assignee_id: agent.id });
    const theirs = await makeLead(deps.db, { name: 'Theirs', assignee_id: otherAgent.id });

    const html = await (await get(app, agent.cookie, '/agent/leads/board')).text();
    expect(columns(html).new).toEqual([mine.id]);
    const hx = { Cookie: agent.cookie, 'HX-Request': 'true' };
    expect(
      (await postForm(app, `/agent/leads/${mine.id}/board-stage`, { stage: 'qualified' }, hx)).status,
    ).toBe(200);
    expect(await stageOf(deps.db, mine.id)).toBe('qualified');
    expect(
      (await postForm(app, `/agent/leads/${theirs.id}/board-stage`, { stage: 'qualified' }, hx)).status,
    ).toBe(404);
    expect(await stageOf(deps.db, theirs.id)).toBe('new');

    const withoutCrm = await createStaff(deps, 'agent', { crm: false });
    expect((await get(app, withoutCrm.cookie, '/agent/leads/board')).status).toBe(403);

    const qaHtml = await (await get(app, qa.cookie, '/qa/leads/board')).text();
    expect(Object.values(columns(qaHtml)).flat().sort()).toEqual([mine.id, theirs.id].sort());
    expect(qaHtml).not.toContain('board-move');
    expect(qaHtml).not.toContain('draggable');
    expect(
      (await postForm(app, `/qa/leads/${mine.id}/board-stage`, { stage: 'new' }, { Cookie: qa.cookie }))
        .status,
    ).toBe(404); // no write route exists under /qa
  });
});
