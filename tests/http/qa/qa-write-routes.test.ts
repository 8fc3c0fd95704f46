import { describe, expect, test } from 'bun:test';
import { can, isStaffPath, routePolicy } from '../../../src/auth/policy.ts';
import { makeConversation } from '../../support/factories.ts';
import { createStaff, makeTestApp, ORIGIN } from '../../support/make-app.ts';

/**
 * QA never changes anything (QA-1, ADMIN-7), proven over the route table itself: every staff
 * route that is not a GET, as registered in the app, answers QA with a 403, except the few that
 * only touch the reviewer's own session, presence or scorecards (listed here on purpose, so
 * granting QA a new write is a reviewed change to this file).
 */
const QA_OWN_WRITES = ['POST /api/agent/heartbeat', 'POST /logout', 'POST /qa/chats/:id/score'];

const concrete = (path: string, id: string) => path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, id);

describe('QA × every write route (generated from the route table)', async () => {
  const { app, deps } = await makeTestApp();
  const writes = [
    ...new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && r.method !== 'GET' && isStaffPath(r.path))
        .map((r) => `${r.method} ${r.path}`),
    ),
  ].sort();

  test('the table has writes to check, and QA may call only its own', () => {
    expect(writes.length).toBeGreaterThan(50);
    const granted = writes.filter((route) => {
      const capability = routePolicy[route];
      return capability !== undefined && can('qa', capability);
    });
    expect(granted).toEqual([...QA_OWN_WRITES].sort());
  });

  const chat = await makeConversation(deps.db, { status: 'active', visitor_name: 'Untouched' });
  const before = await deps.db.selectFrom('conversations').selectAll().where('id', '=', chat.id).execute();

  for (const route of writes.filter((r) => !QA_OWN_WRITES.includes(r))) {
    const [method = 'POST', path = '/'] = route.split(' ');
    test(`${route} as QA → 403`, async () => {
      const qa = await createStaff(deps, 'qa');
      const res = await app.request(concrete(path, chat.id), {
        method,
        headers: {
          Cookie: qa.cookie,
          Origin: ORIGIN,
          'HX-Request': 'true',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ body: 'qa writes', stage: 'converted', reason: 'x' }).toString(),
      });
      expect(res.status).toBe(403);
    });
  }

  test('after every attempt the chat is exactly as it was, with no message', async () => {
    const after = await deps.db.selectFrom('conversations').selectAll().where('id', '=', chat.id).execute();
    expect(after).toEqual(before);
    const messages = await deps.db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', chat.id)
      .execute();
    expect(messages).toEqual([]);
  });
});
