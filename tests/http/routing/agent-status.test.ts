import { describe, expect, test } from 'bun:test';
import { createStaff, makeTestApp, ORIGIN, postForm } from '../../support/make-app.ts';

describe('agent heartbeat and break (ROUTE-9, ROUTE-10)', () => {
  test('POST /api/agent/heartbeat records activity and answers 204', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    deps.clock.advance(90_000);
    const res = await app.request('/api/agent/heartbeat', {
      method: 'POST',
      headers: { Cookie: agent.cookie, Origin: ORIGIN, 'HX-Request': 'true' },
    });
    expect(res.status).toBe(204);
    const row = await deps.db
      .selectFrom('users')
      .select('last_activity_at')
      .where('id', '=', agent.id)
      .executeTakeFirstOrThrow();
    expect(row.last_activity_at).toBe(deps.clock.now().toISOString());
  });

  test('the break toggle swaps itself and changes routing eligibility', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const res = await postForm(
      app,
      '/api/agent/break',
      { on_break: '1' },
      { Cookie: agent.cookie, 'HX-Request': 'true' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toContain('HX-Request');
    const html = await res.text();
    expect(html).toContain('id="break-toggle"');
    expect(html).toContain('name="on_break" value="0"');
    expect(html).toContain('End break');
    const row = await deps.db
      .selectFrom('users')
      .select('on_break')
      .where('id', '=', agent.id)
      .executeTakeFirstOrThrow();
    expect(row.on_break).toBe(1);
  });

  test('bad input gets a 422 naming the field and changes nothing', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const res = await postForm(
      app,
      '/api/agent/break',
      { on_break: 'yes' },
      { Cookie: agent.cookie, 'HX-Request': 'true' },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('on_break');
    const row = await deps.db
      .selectFrom('users')
      .select('on_break')
      .where('id', '=', agent.id)
      .executeTakeFirstOrThrow();
    expect(row.on_break).toBe(0);
  });

  test('a full-page form post is redirected back to the console', async () => {
    const { app, deps } = await makeTestApp();
    const agent = await createStaff(deps, 'agent');
    const res = await postForm(app, '/api/agent/break', { on_break: '1' }, { Cookie: agent.cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/agent');
  });
});
