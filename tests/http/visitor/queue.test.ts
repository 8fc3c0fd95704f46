import { describe, expect, test } from 'bun:test';
import { makeTestApp } from '../../support/make-app.ts';
import { startChatJson, validForm, visitorProject } from './visitor-support.ts';

describe('queue position and the leave-a-message offer (BEYOND-3)', () => {
  test('waiting visitors see their place in line; after the configured wait they are offered to leave a message', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    await deps.db
      .insertInto('settings')
      .values({
        key: 'visitor_page',
        value: '{"leaveMessageAfterMs":60000}',
        updated_at: '2026-11-23T10:00:00.000Z',
      })
      .execute();
    const chats: Array<{ token: string; conversationId: string }> = [];
    for (let i = 0; i < 3; i++) {
      chats.push(
        (await (await startChatJson(app, project.slug, validForm)).json()) as (typeof chats)[number],
      );
      deps.clock.advance(1000);
    }
    const queue = (chat: (typeof chats)[number]) =>
      app.request(`/p/${project.slug}/queue?conversation=${chat.conversationId}`, {
        headers: { 'X-Visitor-Token': chat.token },
      });
    const third = chats[2];
    if (!third) throw new Error('three chats expected');
    expect(await (await queue(third)).json()).toEqual({
      status: 'unassigned',
      position: 3,
      waitedMs: 1000,
      offerLeaveMessage: false,
    });
    deps.clock.advance(59_000);
    expect(await (await queue(third)).json()).toMatchObject({ position: 3, offerLeaveMessage: true });

    // The first chat is picked up: everyone behind moves up; the lead stays either way.
    await deps.db
      .updateTable('conversations')
      .set({ status: 'active' })
      .where('id', '=', chats[0]?.conversationId ?? '')
      .execute();
    expect(await (await queue(third)).json()).toMatchObject({ position: 2 });
    expect(await (await queue(chats[0] ?? third)).json()).toMatchObject({
      status: 'active',
      position: null,
      offerLeaveMessage: false,
    });
    // Someone else's conversation is not found, whatever token is sent.
    const foreign = await app.request(`/p/${project.slug}/queue?conversation=${third.conversationId}`, {
      headers: { 'X-Visitor-Token': chats[1]?.token ?? '' },
    });
    expect(foreign.status).toBe(404);
  });
});
