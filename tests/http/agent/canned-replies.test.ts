import { describe, expect, test } from 'bun:test';
import { addCannedReply } from '../../../src/canned-replies/canned-replies.service.ts';
import { MAX_CANNED_REPLIES } from '../../../src/canned-replies/canned-reply.ts';
import { createStaff, makeTestApp, makeTestDeps, ORIGIN, postForm } from '../../support/make-app.ts';
import { freshPostgres, postgresUrl } from '../../support/test-db.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true', Origin: ORIGIN });
const countRows = async (deps: { db: import('../../../src/db/database.ts').Db }, userId: string) =>
  (await deps.db.selectFrom('canned_replies').select('id').where('user_id', '=', userId).execute()).length;

describe('canned replies (AGENT-4)', () => {
  test('an agent adds, edits and deletes a reply; the composer picker is refreshed out of band', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const added = await postForm(
      app,
      '/agent/canned-replies',
      { title: 'Hello', body: 'Hi, how can I help?' },
      hx(agent.cookie),
    );
    expect(added.status).toBe(200);
    const html = await added.text();
    expect(html).toContain('1 of 5 used');
    expect(html).toContain('<ul id="canned-picker-list" class="canned-picker-list" hx-swap-oob="true">');
    expect(html).toContain('<span class="canned-item-body">Hi, how can I help?</span>');

    const [row] = await deps.db.selectFrom('canned_replies').selectAll().execute();
    expect(row?.position).toBe(1);
    const edited = await postForm(
      app,
      `/agent/canned-replies/${row?.id}`,
      { title: 'Hello', body: 'Good morning!' },
      hx(agent.cookie),
    );
    expect(edited.status).toBe(200);
    expect(await edited.text()).toContain('Good morning!');

    const deleted = await app.request(`/agent/canned-replies/${row?.id}`, {
      method: 'DELETE',
      headers: hx(agent.cookie),
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toContain('0 of 5 used');
    expect(await countRows(deps, agent.id)).toBe(0);
  });

  test('the 6th reply is refused with a clear message, the draft kept, nothing saved', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    for (let i = 1; i <= MAX_CANNED_REPLIES; i++) {
      expect((await addCannedReply(deps, agent.id, { title: `T${i}`, body: `B${i}` })).ok).toBe(true);
    }
    const res = await postForm(
      app,
      '/agent/canned-replies',
      { title: 'Sixth', body: 'one too many' },
      hx(agent.cookie),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('You already have 5 canned replies, the most allowed. Delete one to add another.');
    expect(await countRows(deps, agent.id)).toBe(MAX_CANNED_REPLIES);
  });

  test('a freed slot is reused: delete one of five, add one, still five', async () => {
    const deps = await makeTestDeps();
    const agent = await createStaff(deps, 'agent');
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await addCannedReply(deps, agent.id, { title: `T${i}`, body: `B${i}` });
      if (r.ok) ids.push(r.value.id);
    }
    await deps.db
      .deleteFrom('canned_replies')
      .where('id', '=', ids[2] ?? '')
      .execute();
    const again = await addCannedReply(deps, agent.id, { title: 'New', body: 'new' });
    expect(again.ok && again.value.position).toBe(3);
    expect((await addCannedReply(deps, agent.id, { title: 'x', body: 'y' })).ok).toBe(false);
  });

  test('bad input gets 422 naming the field, and nothing is written', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const res = await postForm(app, '/agent/canned-replies', { title: '', body: 'text' }, hx(agent.cookie));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Give the reply a title of up to 80 characters.');
    expect(html).toContain('>text</textarea>');
    const long = await postForm(
      app,
      '/agent/canned-replies',
      { title: 't', body: 'x'.repeat(2001) },
      hx(agent.cookie),
    );
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('Write the reply text, up to 2,000 characters.');
    expect(await countRows(deps, agent.id)).toBe(0);
  });

  test("an agent cannot see, edit or delete another agent's replies", async () => {
    const { app, deps } = await makeTestApp();
    const alice = await createStaff(deps, 'agent');
    const bob = await createStaff(deps, 'agent');
    const mine = await addCannedReply(deps, alice.id, { title: 'Secret', body: 'alice only' });
    if (!mine.ok) throw new Error('setup');
    const list = await app.request('/agent/canned-replies', { headers: hx(bob.cookie) });
    expect(await list.text()).not.toContain('alice only');
    const edit = await postForm(
      app,
      `/agent/canned-replies/${mine.value.id}`,
      { title: 'x', body: 'y' },
      hx(bob.cookie),
    );
    expect(edit.status).toBe(404);
    const del = await app.request(`/agent/canned-replies/${mine.value.id}`, {
      method: 'DELETE',
      headers: hx(bob.cookie),
    });
    expect(del.status).toBe(404);
    const [row] = await deps.db.selectFrom('canned_replies').selectAll().execute();
    expect(row?.body).toBe('alice only');
  });

  test('without the Live Chat permission every canned-reply route is refused', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent', { liveChat: false, crm: true });
    const list = await app.request('/agent/canned-replies', { headers: hx(agent.cookie) });
    expect(list.status).toBe(403);
    expect(await list.text()).toContain('Live Chat is not enabled for your account.');
    const add = await postForm(app, '/agent/canned-replies', { title: 'a', body: 'b' }, hx(agent.cookie));
    expect(add.status).toBe(403);
    expect(await countRows(deps, agent.id)).toBe(0);
  });

  test('20 concurrent saves on SQLite keep the cap at 5', async () => {
    const deps = await makeTestDeps();
    const agent = await createStaff(deps, 'agent');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => addCannedReply(deps, agent.id, { title: `T${i}`, body: 'b' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(await countRows(deps, agent.id)).toBe(5);
  });

  test.if(Boolean(postgresUrl))(
    '20 concurrent saves on PostgreSQL (pooled connections) keep the cap at 5',
    async () => {
      const pg = await freshPostgres(postgresUrl ?? '');
      try {
        const deps = await makeTestDeps({ db: pg.db });
        const agent = await createStaff(deps, 'agent');
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => addCannedReply(deps, agent.id, { title: `T${i}`, body: 'b' })),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(5);
        expect(await countRows(deps, agent.id)).toBe(5);
        const slots = (await pg.db.selectFrom('canned_replies').select('position').execute()).map(
          (r) => r.position,
        );
        expect(slots.sort()).toEqual([1, 2, 3, 4, 5]);
      } finally {
        await pg.dispose();
      }
    },
  );
});
