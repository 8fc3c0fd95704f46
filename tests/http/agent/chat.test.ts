import { describe, expect, test } from 'bun:test';
import { makeMessage } from '../../support/factories.ts';
import { ORIGIN, postForm } from '../../support/make-app.ts';
import { agentFixture } from './fixture.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true', Origin: ORIGIN });
const online = (s: Awaited<ReturnType<typeof agentFixture>>, userId: string) =>
  s.deps.presence.connect({ kind: 'staff', id: userId }, `conn-${userId}`, s.deps.clock.now());
const statusOf = async (s: Awaited<ReturnType<typeof agentFixture>>, id: string) =>
  s.deps.db
    .selectFrom('conversations')
    .select(['status', 'assignee_id', 'lead_stage'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('chat pane (AGENT-3): reading', () => {
  test('own chat: last 30 messages, older on scroll-up, composer, star, stage, close', async () => {
    const s = await agentFixture();
    for (let seq = 4; seq <= 40; seq++) {
      await makeMessage(s.deps.db, {
        conversation_id: s.mineActive.id,
        seq,
        body: `line ${seq}`,
        created_at: `2026-11-23T09:10:${String(seq).padStart(2, '0')}.000Z`,
      });
    }
    const res = await s.app.request(`/agent/conversations/${s.mineActive.id}`, {
      headers: hx(s.alice.cookie),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/class="message message-/g)).toHaveLength(30);
    expect(html).toContain('line 40');
    expect(html).not.toContain('line 10<');
    expect(html).toContain('class="older-sentinel"');
    expect(html).toContain('<textarea id="composer-');
    expect(html).toContain('name="stage"');
    expect(html).toContain(`id="star-${s.mineActive.id}"`);
    expect(html).toContain('Close chat');

    const older = html
      .match(/hx-get="(\/agent\/conversations\/[^"]+\/messages\?before=[^"]+)"/)?.[1]
      ?.replaceAll('&amp;', '&');
    const page = await (await s.app.request(older ?? '', { headers: hx(s.alice.cookie) })).text();
    expect(page.match(/class="message message-/g)).toHaveLength(10);
    expect(page).toContain('Start of the conversation');

    const newer = await (
      await s.app.request(`/agent/conversations/${s.mineActive.id}/messages?after=38`, {
        headers: hx(s.alice.cookie),
      })
    ).text();
    expect(newer.match(/class="message message-/g)).toHaveLength(2);
  });

  test("Others are read-only; a teammate's closed chat or an unknown id is not found", async () => {
    const s = await agentFixture();
    const others = await s.app.request(`/agent/conversations/${s.bobs.id}`, { headers: hx(s.alice.cookie) });
    expect(others.status).toBe(200);
    const html = await others.text();
    expect(html).toContain('Read-only: this chat is with');
    expect(html).not.toContain('<textarea');
    expect(html).not.toContain('Close chat');
    expect(
      (await s.app.request(`/agent/conversations/${s.bobsClosed.id}`, { headers: hx(s.alice.cookie) }))
        .status,
    ).toBe(404);
    expect(
      (
        await s.app.request(`/agent/conversations/${s.bobsClosed.id}/messages?after=0`, {
          headers: hx(s.alice.cookie),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await s.app.request('/agent/conversations/01KMX0000000000000000000ZZ', {
          headers: hx(s.alice.cookie),
        })
      ).status,
    ).toBe(404);
  });

  test('a plain GET of a chat opens the console on it; ?chat= renders the pane in the page', async () => {
    const s = await agentFixture();
    const res = await s.app.request(`/agent/conversations/${s.mineActive.id}`, {
      headers: { Cookie: s.alice.cookie },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/agent?chat=${s.mineActive.id}`);
    const page = await (
      await s.app.request(`/agent?chat=${s.mineActive.id}`, { headers: { Cookie: s.alice.cookie } })
    ).text();
    expect(page).toContain(`data-conversation-id="${s.mineActive.id}" data-last-seq="3"`);
  });
});

describe('chat pane (AGENT-3): actions are for the holder only', () => {
  test("writing to a teammate's chat by id is refused and changes nothing", async () => {
    const s = await agentFixture();
    await online(s, s.alice.id);
    const before = await statusOf(s, s.bobs.id);
    const stage = await postForm(
      s.app,
      `/agent/conversations/${s.bobs.id}/stage`,
      { stage: 'converted' },
      hx(s.alice.cookie),
    );
    expect(stage.status).toBe(403);
    const close = await s.app.request(`/agent/conversations/${s.bobs.id}/close`, {
      method: 'POST',
      headers: hx(s.alice.cookie),
    });
    expect(close.status).toBe(403);
    const transfer = await postForm(
      s.app,
      `/agent/conversations/${s.bobs.id}/transfer`,
      { to: s.alice.id },
      hx(s.alice.cookie),
    );
    expect(transfer.status).toBe(403);
    const pickUp = await s.app.request(`/agent/conversations/${s.bobs.id}/pick-up`, {
      method: 'POST',
      headers: hx(s.alice.cookie),
    });
    expect(pickUp.status).toBe(409);
    expect(await statusOf(s, s.bobs.id)).toEqual(before);
    expect(
      (
        await postForm(
          s.app,
          `/agent/conversations/${s.bobsClosed.id}/stage`,
          { stage: 'new' },
          hx(s.alice.cookie),
        )
      ).status,
    ).toBe(404);
    expect(s.deps.publisher.published).toEqual([]);
  });

  test('the holder changes the lead stage without moving the chat in its bucket; bad stage is 422', async () => {
    const s = await agentFixture();
    const res = await postForm(
      s.app,
      `/agent/conversations/${s.mineActive.id}/stage`,
      { stage: 'qualified' },
      hx(s.alice.cookie),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<option value="qualified" selected="">Qualified</option>');
    const row = await s.deps.db
      .selectFrom('conversations')
      .select(['lead_stage', 'last_message_at'])
      .where('id', '=', s.mineActive.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ lead_stage: 'qualified', last_message_at: s.mineActive.last_message_at });
    const bad = await postForm(
      s.app,
      `/agent/conversations/${s.mineActive.id}/stage`,
      { stage: 'hot' },
      hx(s.alice.cookie),
    );
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('stage must be one of');
  });

  test('transfer goes only to an online eligible teammate, who receives it live', async () => {
    const s = await agentFixture();
    const offline = await postForm(
      s.app,
      `/agent/conversations/${s.mineActive.id}/transfer`,
      { to: s.bob.id },
      hx(s.alice.cookie),
    );
    expect(offline.status).toBe(422);
    expect(await offline.text()).toContain('That agent is offline now.');
    expect((await statusOf(s, s.mineActive.id)).assignee_id).toBe(s.alice.id);

    await online(s, s.bob.id);
    const pane = await (
      await s.app.request(`/agent/conversations/${s.mineActive.id}`, { headers: hx(s.alice.cookie) })
    ).text();
    expect(pane).toContain(`<option value="${s.bob.id}">`);
    const ok = await postForm(
      s.app,
      `/agent/conversations/${s.mineActive.id}/transfer`,
      { to: s.bob.id },
      hx(s.alice.cookie),
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('HX-Trigger')).toBe('inbox:changed');
    const html = await ok.text();
    expect(html).toContain('Transferred. The chat is now with your teammate.');
    expect(html).toContain('Read-only: this chat is with');
    expect((await statusOf(s, s.mineActive.id)).assignee_id).toBe(s.bob.id);
    expect(
      s.deps.publisher.published.some(
        (p) => p.topic === `agent:${s.bob.id}` && p.event.type === 'conversation.assigned',
      ),
    ).toBe(true);
  });

  test('close by the holder: the chat ends and the pane shows it', async () => {
    const s = await agentFixture();
    const res = await s.app.request(`/agent/conversations/${s.mineActive.id}/close`, {
      method: 'POST',
      headers: hx(s.alice.cookie),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('This chat has ended.');
    expect((await statusOf(s, s.mineActive.id)).status).toBe('closed');
    expect(s.deps.publisher.published.some((p) => p.event.type === 'conversation.closed')).toBe(true);
  });

  test('Unassigned pick-up: an online agent takes it; the second one is told it is taken', async () => {
    const s = await agentFixture();
    const notOnline = await s.app.request(`/agent/conversations/${s.waiting.id}/pick-up`, {
      method: 'POST',
      headers: hx(s.alice.cookie),
    });
    expect(notOnline.status).toBe(409);
    expect(await notOnline.text()).toContain('You appear offline');
    await online(s, s.alice.id);
    await online(s, s.bob.id);
    const [a, b] = await Promise.all([
      s.app.request(`/agent/conversations/${s.waiting.id}/pick-up`, {
        method: 'POST',
        headers: hx(s.alice.cookie),
      }),
      s.app.request(`/agent/conversations/${s.waiting.id}/pick-up`, {
        method: 'POST',
        headers: hx(s.bob.cookie),
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).toContain('Someone else picked up this chat first.');
    const after = await statusOf(s, s.waiting.id);
    expect(after.status).toBe('active');
    expect([s.alice.id, s.bob.id]).toContain(after.assignee_id ?? '');
  });

  test('without Live Chat every chat route is refused', async () => {
    const s = await agentFixture();
    await s.deps.db.updateTable('users').set({ live_chat_enabled: 0 }).where('id', '=', s.alice.id).execute();
    expect(
      (await s.app.request(`/agent/conversations/${s.mineActive.id}`, { headers: hx(s.alice.cookie) }))
        .status,
    ).toBe(403);
    expect(
      (
        await postForm(
          s.app,
          `/agent/conversations/${s.mineActive.id}/stage`,
          { stage: 'converted' },
          hx(s.alice.cookie),
        )
      ).status,
    ).toBe(403);
    expect((await statusOf(s, s.mineActive.id)).lead_stage).toBe('new');
  });
});
