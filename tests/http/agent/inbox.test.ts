import { describe, expect, test } from 'bun:test';
import { makeConversation } from '../../support/factories.ts';
import { createStaff, ORIGIN } from '../../support/make-app.ts';
import { agentFixture as setup } from './fixture.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true', Origin: ORIGIN });
describe('buckets (AGENT-1)', () => {
  test('each bucket lists only what the agent may see: own, waiting, and Others', async () => {
    const s = await setup();
    const list = async (bucket: string) =>
      (await s.app.request(`/agent/buckets?bucket=${bucket}`, { headers: hx(s.alice.cookie) })).text();
    const active = await list('active');
    expect(active).toContain('Anna Active');
    expect(active).not.toContain('Bert Bobs');
    expect(await list('offline')).toContain('Olga Offline');
    expect(await list('closed')).toContain('Carl Closed');
    expect(await list('closed')).not.toContain('Zed Closed');
    expect(await list('unassigned')).toContain('Uma Unassigned');
    const others = await list('others');
    expect(others).toContain('Bert Bobs');
    expect(others).not.toContain('Zed Closed');
  });

  test('Unassigned: the waiting visitor first and marked waiting, then a "visitor left" group', async () => {
    const s = await setup();
    // Released after their visitor left, with a newer message than Uma who is waiting now.
    await makeConversation(s.deps.db, {
      visitor_name: 'Lena Left',
      status: 'offline',
      last_message_at: '2026-11-23T09:30:00.000Z',
    });
    const res = await s.app.request('/agent/buckets?bucket=unassigned', { headers: hx(s.alice.cookie) });
    const html = await res.text();
    const rows = [...html.matchAll(/<li[^>]*class="bucket-(row|divider)[^"]*"[^>]*>[\s\S]*?<\/li>/g)].map(
      (m) =>
        m[0]
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
    );
    expect(rows).toEqual([
      expect.stringMatching(/^Uma Unassigned Waiting /),
      'Visitor left These visitors are no longer on the page: they are routed again when they write.',
      expect.stringMatching(/^Lena Left Left /),
    ]);
  });

  test('tabs carry counts and unread badges; the total feeds the title', async () => {
    const s = await setup();
    const res = await s.app.request('/agent/buckets/nav?bucket=active', { headers: hx(s.alice.cookie) });
    const html = await res.text();
    expect(html).toContain('<span id="unread-total" data-count="2" hidden=""></span>');
    expect(html).toContain('<span id="active-count" data-count="1" hidden=""></span>');
    expect(html).toMatch(
      /data-bucket="active">.*?<span class="bucket-count">1<\/span><span class="badge badge-unread">2/,
    );
    expect(html).toMatch(/data-bucket="others">.*?<span class="bucket-count">1<\/span><\/span><\/a>/);
    // Reading up to seq 2 clears it.
    await s.deps.db
      .updateTable('conversations')
      .set({ staff_read_seq: 2 })
      .where('id', '=', s.mineActive.id)
      .execute();
    const after = await (
      await s.app.request('/agent/buckets/nav?bucket=active', { headers: hx(s.alice.cookie) })
    ).text();
    expect(after).toContain('<span id="unread-total" data-count="0" hidden=""></span>');
  });

  test('search by name or phone, case-insensitive; bad parameters are 400 naming them', async () => {
    const s = await setup();
    const search = async (q: string, bucket = 'offline') =>
      (
        await s.app.request(`/agent/buckets?bucket=${bucket}&q=${encodeURIComponent(q)}`, {
          headers: hx(s.alice.cookie),
        })
      ).text();
    expect(await search('olga')).toContain('Olga Offline');
    // Phone search matches the end of the number, written any way (ADR 0038).
    expect(await search('5550123')).toContain('Olga Offline');
    expect(await search('+1 415-555-0123')).toContain('Olga Offline');
    expect(await search('nobody')).toContain('No chats match your search.');
    const bad = await s.app.request('/agent/buckets?bucket=everything', { headers: hx(s.alice.cookie) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Check the bucket parameter.');
    const cursor = await s.app.request('/agent/buckets?bucket=active&after=garbage', {
      headers: hx(s.alice.cookie),
    });
    expect(cursor.status).toBe(400);
  });

  test('the console page renders the search with autofill suppressed', async () => {
    const s = await setup();
    const html = await (await s.app.request('/agent', { headers: { Cookie: s.alice.cookie } })).text();
    expect(html).toMatch(
      /<input id="inbox-search" type="search" name="q"[^>]*autocomplete="off"[^>]*data-1p-ignore="true" data-lpignore="true"/,
    );
    expect(html).toContain('hx-trigger="input changed delay:300ms, search"');
    expect(html).toContain('<title>Agent Console</title>');
  });

  test('without Live Chat, bucket routes are refused', async () => {
    const s = await setup();
    const noChat = await createStaff(s.deps, 'agent', { liveChat: false, crm: true });
    expect((await s.app.request('/agent/buckets?bucket=active', { headers: hx(noChat.cookie) })).status).toBe(
      403,
    );
    expect((await s.app.request('/agent/buckets/nav', { headers: hx(noChat.cookie) })).status).toBe(403);
  });
});
