import { expect, test } from 'bun:test';
import { countBucket, listBucket } from '../../../src/agent/buckets.queries.ts';
import type { ChatFilters } from '../../../src/chats/chat.ts';
import { countChatsByStatus, listChatsPage, SEARCH_SORT_LIMIT } from '../../../src/chats/chats.queries.ts';
import { contactSearch, conversationSearchColumns } from '../../../src/conversations/contact-search.ts';
import { searchKeyUse } from '../../../src/conversations/conversations.queries.ts';
import type { Db } from '../../../src/db/database.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeConversation, makeProject, makeVisitor } from '../../support/factories.ts';

/**
 * Chats-table and bucket search without scans (issue 20, ADR 0048): a name or email by its
 * beginning, a phone by its end, through key ranges; the same rows on every dialect, whatever
 * the database's collation (the keys compare byte-wise), combined with every filter and paged.
 */
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();

let users = 0;
async function makeUser(db: Db, { role }: { role: string }) {
  users += 1;
  const id = `U${String(users).padStart(25, '0')}`;
  await db
    .insertInto('users')
    .values({
      id,
      email: `${id}@x.test`,
      display_name: id,
      password_hash: 'x',
      role,
      created_at: at(0),
      updated_at: at(0),
    })
    .execute();
  return { id };
}

describeEachDialect('chats search (ADR 0048)', (fresh) => {
  async function seed(db: Db) {
    const project = await makeProject(db);
    const visitor = await makeVisitor(db, { project_id: project.id });
    const agent = await makeUser(db, { role: 'agent' });
    let minute = 0;
    const make = async (fields: Parameters<typeof makeConversation>[1]) => {
      minute += 1;
      const row = await makeConversation(db, {
        project_id: project.id,
        visitor_id: visitor.id,
        status: 'closed',
        created_at: at(minute),
        last_message_at: at(minute),
        ...fields,
      });
      return row.id;
    };
    const chats = {
      ada: await make({
        visitor_name: 'Ada Lovelace',
        visitor_email: 'Ada@Example.com',
        assignee_id: agent.id,
      }),
      hyphen: await make({ visitor_name: 'ada-lovelace', visitor_phone: '+12015550102' }),
      adam: await make({ visitor_name: '  ADAM Smith ', status: 'active', assignee_id: agent.id }),
      asa: await make({ visitor_name: 'Åsa Berg', visitor_email: 'asa@example.se', lead_stage: 'qualified' }),
      bob: await make({
        visitor_name: 'Bob',
        visitor_email: 'bob@adams.test',
        visitor_phone: '+447911123456',
      }),
      nobody: await make({}),
    };
    return { chats, agent };
  }

  test('a name by its beginning, an email with @, a phone by its end; byte-wise on every dialect', async () => {
    const { db } = await fresh();
    const { chats } = await seed(db);
    const find = async (search: string, filters: Partial<ChatFilters> = {}) =>
      (await listChatsPage(db, { status: 'all', search, ...filters }, undefined, 25)).rows.map((r) => r.id);
    const cases: Array<[string, string[]]> = [
      ['ada', [chats.adam, chats.hyphen, chats.ada]],
      ['  ADA ', [chats.adam, chats.hyphen, chats.ada]],
      // "ada l" is not "ada-l": punctuation is a character, not ignored as some collations do.
      ['ada l', [chats.ada]],
      ['ada-', [chats.hyphen]],
      ['adam smith', [chats.adam]],
      ['åsa', [chats.asa]],
      ['ÅSA B', [chats.asa]],
      ['lovelace', []],
      ['ada@', [chats.ada]],
      ['ADA@EXAMPLE.COM', [chats.ada]],
      ['@example', []],
      ['bob@adams', [chats.bob]],
      ['+1 201-555-0102', [chats.hyphen]],
      ['(201) 555-0102', [chats.hyphen]],
      ['0102', [chats.hyphen]],
      ['07911 123456', [chats.bob]],
      ['201555', []],
      ['%', []],
    ];
    for (const [search, ids] of cases)
      expect({ search, found: await find(search) }).toEqual({ search, found: ids });
  });

  test('search combines with status, stage, agent and range; counts per status, capped', async () => {
    const { db } = await fresh();
    const { chats, agent } = await seed(db);
    const find = async (filters: ChatFilters) =>
      (await listChatsPage(db, filters, undefined, 25)).rows.map((r) => r.id);
    expect(await find({ status: 'closed', search: 'ada' })).toEqual([chats.hyphen, chats.ada]);
    expect(await find({ status: 'active', search: 'ada' })).toEqual([chats.adam]);
    expect(await find({ status: 'all', agentId: agent.id, search: 'ada' })).toEqual([chats.adam, chats.ada]);
    expect(await find({ status: 'closed', agentId: agent.id, search: 'ada' })).toEqual([chats.ada]);
    expect(await find({ status: 'all', stage: 'qualified', search: 'å' })).toEqual([chats.asa]);
    expect(await find({ status: 'all', stage: 'new', search: 'å' })).toEqual([]);
    expect(await find({ status: 'all', from: at(2), to: at(3), search: 'ada' })).toEqual([
      chats.adam,
      chats.hyphen,
    ]);
    expect(await countChatsByStatus(db, { search: 'ada' }, 100)).toEqual({
      unassigned: 0,
      active: 1,
      offline: 0,
      closed: 2,
    });
    expect((await countChatsByStatus(db, { search: 'ada' }, 1)).closed).toBe(1);
    expect((await countChatsByStatus(db, { search: '+1 201 555 0102', agentId: agent.id }, 100)).closed).toBe(
      0,
    );
  });

  test('search pages walk every match once, newest first, ties broken by id', async () => {
    const { db } = await fresh();
    const project = await makeProject(db);
    const agent = await makeUser(db, { role: 'agent' });
    const rows: Array<{ id: string; status: string; name: string; createdAt: string }> = [];
    for (let i = 0; i < 23; i++) {
      const row = await makeConversation(db, {
        project_id: project.id,
        status: i % 3 === 0 ? 'active' : 'closed',
        assignee_id: i % 5 === 0 ? null : agent.id,
        visitor_name: i % 4 === 0 ? `Ravi ${i}` : `Priya ${i}`,
        // Pairs share a start time: the id breaks the tie.
        created_at: at(Math.floor(i / 2)),
      });
      rows.push({ id: row.id, status: row.status, name: row.visitor_name ?? '', createdAt: row.created_at });
    }
    const newestFirst = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1;
    const priya = (r: (typeof rows)[number]) => r.name.startsWith('Priya');
    const held = new Set(rows.filter((_, i) => i % 5 !== 0).map((r) => r.id));
    for (const [filters, keep] of [
      [{ status: 'all', search: 'priya' }, priya],
      [{ status: 'closed', search: 'PRI' }, (r) => priya(r) && r.status === 'closed'],
      [{ status: 'all', agentId: agent.id, search: 'priya' }, (r) => priya(r) && held.has(r.id)],
    ] as Array<[ChatFilters, (r: (typeof rows)[number]) => boolean]>) {
      const expected = rows
        .filter(keep)
        .sort(newestFirst)
        .map((r) => r.id);
      const seen: string[] = [];
      let after: { createdAt: string; id: string } | undefined;
      for (let guard = 0; guard < 20; guard++) {
        const page = await listChatsPage(db, filters, after, 4);
        seen.push(...page.rows.map((r) => r.id));
        const last = page.rows.at(-1);
        if (!page.hasMore || !last) break;
        after = { createdAt: last.createdAt, id: last.id };
      }
      expect(expected.length).toBeGreaterThan(5);
      expect({ filters, seen }).toEqual({ filters, seen: expected });
    }
  });

  test('bucket search by name and email, paged and counted', async () => {
    const { db } = await fresh();
    const project = await makeProject(db);
    const me = await makeUser(db, { role: 'agent' });
    const other = await makeUser(db, { role: 'agent' });
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const row = await makeConversation(db, {
        project_id: project.id,
        status: 'active',
        assignee_id: i === 8 ? other.id : me.id,
        visitor_name: i < 7 ? `Meera ${i}` : 'Karan',
        visitor_email: i === 7 ? 'Meera.K@Mail.test' : null,
        last_message_at: at(Math.floor(i / 2)),
        created_at: at(0),
      });
      ids.push(row.id);
    }
    const query = { bucket: 'active' as const, viewerId: me.id };
    const seen: string[] = [];
    let after: { lastMessageAt: string; id: string } | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listBucket(db, { ...query, search: 'meera', after, pageSize: 3 });
      seen.push(...page.items.map((c) => c.id));
      if (!page.next) break;
      after = page.next;
    }
    // Newest message first, ties by id descending (ids of one millisecond are not in creation order).
    const expected = ids
      .slice(0, 7)
      .map((id, i) => ({ id, at: at(Math.floor(i / 2)) }))
      .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
      .map((row) => row.id);
    expect(seen).toEqual(expected);
    expect(await countBucket(db, { ...query, search: 'MEE' })).toBe(7);
    expect((await listBucket(db, { ...query, search: 'meera.k@' })).items.map((c) => c.id)).toEqual([
      ids[7] ?? 'missing',
    ]);
    expect((await listBucket(db, { ...query, search: 'eera' })).items).toEqual([]);
    expect(
      (await listBucket(db, { bucket: 'others', viewerId: me.id, search: 'meera' })).items.map((c) => c.id),
    ).toEqual([]);
    expect(
      (await listBucket(db, { bucket: 'others', viewerId: me.id, search: 'karan' })).items.map((c) => c.id),
    ).toEqual([ids[8] ?? 'missing']);
  });

  test('a common key (more chats than a sort should take) walks the order: same pages, same counts', async () => {
    const { db } = await fresh();
    const project = await makeProject(db);
    const visitor = await makeVisitor(db, { project_id: project.id });
    const n = 2 * SEARCH_SORT_LIMIT + 500;
    const rows = Array.from({ length: n + 300 }, (_, i) => {
      const contact = { visitor_name: i < n ? `Priya ${i % 7}` : `Ravi ${i}` };
      return {
        id: `C${String(i).padStart(25, '0')}`,
        project_id: project.id,
        visitor_id: visitor.id,
        // Left visitors (offline, no holder) fill the Unassigned bucket's second group.
        status: i % 2 === 0 ? 'offline' : 'closed',
        ...contact,
        ...conversationSearchColumns(contact),
        lead_stage: i % 3 === 0 ? 'qualified' : 'new',
        last_message_at: at(i % 600),
        created_at: at(i % 600),
        updated_at: at(0),
      };
    });
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto('conversations')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    const newestFirst = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
      a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1;
    // The pages below take both ways: check which one each is.
    const use = (search: string, statuses: string[]) =>
      searchKeyUse(
        db,
        contactSearch(search) ?? { field: 'name', from: '', below: '' },
        { statuses },
        SEARCH_SORT_LIMIT,
      );
    expect(await use('priya', ['closed'])).toBe('filter');
    expect(await use('priya 3', ['closed'])).toBe('seek');
    expect(await use('priya', ['offline'])).toBe('filter');
    for (const filters of [
      { status: 'closed', search: 'priya' },
      { status: 'all', search: 'PRIYA' },
      { status: 'closed', stage: 'qualified', search: 'priya' },
      { status: 'closed', search: 'priya 3' }, // rare: the key's own index, sorted
      { status: 'all', from: at(100), to: at(400), search: 'priya' },
      { status: 'all', from: at(100), to: at(400), search: 'priya 3' },
    ] as ChatFilters[]) {
      const prefix = (filters.search ?? '').toLowerCase();
      const expected = rows
        .filter((r) => r.visitor_name.toLowerCase().startsWith(prefix))
        .filter((r) => filters.status === 'all' || r.status === filters.status)
        .filter((r) => !filters.stage || r.lead_stage === filters.stage)
        .filter(
          (r) =>
            (!filters.from || r.created_at >= filters.from) && (!filters.to || r.created_at <= filters.to),
        )
        .sort(newestFirst)
        .map((r) => r.id);
      const seen: string[] = [];
      let after: { createdAt: string; id: string } | undefined;
      for (let page = 0; page < 3; page++) {
        const result = await listChatsPage(db, filters, after, 25);
        seen.push(...result.rows.map((r) => r.id));
        const last = result.rows.at(-1);
        if (!last) break;
        after = { createdAt: last.createdAt, id: last.id };
      }
      expect({ filters, seen }).toEqual({ filters, seen: expected.slice(0, 75) });
    }
    const counts = await countChatsByStatus(db, { search: 'priya' }, 10_000);
    expect(counts).toEqual({
      unassigned: 0,
      active: 0,
      offline: n / 2,
      closed: n / 2,
    });
    const left = rows.filter((r) => r.status === 'offline' && r.visitor_name.startsWith('Priya'));
    const bucket = await listBucket(db, { bucket: 'unassigned', viewerId: 'V'.repeat(26), search: 'priya' });
    expect(bucket.items.map((c) => c.id)).toEqual(
      left
        .sort((a, b) =>
          a.last_message_at === b.last_message_at
            ? a.id < b.id
              ? 1
              : -1
            : a.last_message_at < b.last_message_at
              ? 1
              : -1,
        )
        .slice(0, bucket.items.length)
        .map((r) => r.id),
    );
    expect(bucket.items.length).toBeGreaterThan(10);
    expect(await countBucket(db, { bucket: 'unassigned', viewerId: 'V'.repeat(26), search: 'priya' })).toBe(
      Math.min(1_000, left.length),
    );
  });
});
