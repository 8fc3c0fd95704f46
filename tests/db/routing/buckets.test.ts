import { beforeEach, expect, test } from 'bun:test';
import { BUCKET_COUNT_CAP } from '../../../src/agent/agent-console.ts';
import { countBucket, listBucket } from '../../../src/agent/buckets.queries.ts';
import { BucketNav } from '../../../views/agent/buckets.tsx';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeProject, makeVisitor } from '../../support/factories.ts';
import type { TestDeps } from '../../support/make-app.ts';
import { explainingSqlite } from '../../support/query-plans.ts';
import { chatMaker, onlineAgent } from './routing-fixtures.ts';

/** Every page of a bucket, as an agent scrolling to its end sees them. */
async function scrollThrough(
  deps: TestDeps,
  bucket: Parameters<typeof listBucket>[1]['bucket'],
  viewerId: string,
) {
  const seen: string[] = [];
  const sizes: number[] = [];
  let after: Parameters<typeof listBucket>[1]['after'];
  for (;;) {
    const page = await listBucket(deps.db, { bucket, viewerId, after });
    sizes.push(page.items.length);
    seen.push(...page.items.map((c) => c.id));
    if (!page.next) return { seen, sizes };
    after = page.next;
  }
}

describeEachDialect(`staff buckets (ROUTE-1, AGENT-1)`, (fresh) => {
  let deps: TestDeps;
  beforeEach(async () => {
    ({ deps } = await fresh());
  });

  test('each bucket holds exactly its chats, relative to the viewer', async () => {
    const me = await onlineAgent(deps);
    const other = await onlineAgent(deps);
    const make = await chatMaker(deps);
    const mine = await make({ status: 'active', assignee_id: me.id });
    const parked = await make({ status: 'offline', assignee_id: me.id });
    const done = await make({ status: 'closed', assignee_id: me.id });
    const queued = await make();
    const released = await make({ status: 'offline' });
    const theirs = await make({ status: 'active', assignee_id: other.id });
    await make({ status: 'closed', assignee_id: other.id });
    const ids = async (bucket: Parameters<typeof listBucket>[1]['bucket']) =>
      (await listBucket(deps.db, { bucket, viewerId: me.id })).items.map((c) => c.id).sort();
    expect(await ids('active')).toEqual([mine.id]);
    expect(await ids('offline')).toEqual([parked.id]);
    expect(await ids('closed')).toEqual([done.id]);
    expect(await ids('unassigned')).toEqual([queued.id, released.id].sort());
    expect(await ids('others')).toEqual([theirs.id]);
    expect(await countBucket(deps.db, { bucket: 'unassigned', viewerId: me.id })).toBe(2);
  });

  test('pages of 20 by last message time, ties broken by id, no row skipped or repeated', async () => {
    const me = await onlineAgent(deps);
    const make = await chatMaker(deps);
    const created: Array<{ id: string; last_message_at: string }> = [];
    for (let i = 0; i < 45; i++) {
      // Groups of three share a timestamp, as same-millisecond messages do.
      const at = new Date(Date.UTC(2026, 10, 23, 9, 0, Math.floor(i / 3))).toISOString();
      created.push(
        await make({ status: 'active', assignee_id: me.id, last_message_at: at, visitor_name: `V${i}` }),
      );
    }
    const expected = [...created]
      .sort((a, b) =>
        a.last_message_at === b.last_message_at
          ? a.id < b.id
            ? 1
            : -1
          : a.last_message_at < b.last_message_at
            ? 1
            : -1,
      )
      .map((c) => c.id);
    const { seen, sizes } = await scrollThrough(deps, 'active', me.id);
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual(expected);
  });

  test('search by visitor name or phone, case-insensitively', async () => {
    const me = await onlineAgent(deps);
    const make = await chatMaker(deps);
    const asha = await make({ status: 'active', assignee_id: me.id, visitor_name: 'Asha Rao' });
    const phone = await make({ status: 'active', assignee_id: me.id, visitor_phone: '+15550009999' });
    await make({ status: 'active', assignee_id: me.id, visitor_name: 'Ben' });
    const find = async (search: string) =>
      (await listBucket(deps.db, { bucket: 'active', viewerId: me.id, search })).items.map((c) => c.id);
    expect(await find('asha')).toEqual([asha.id]);
    expect(await find('0009999')).toEqual([phone.id]);
    expect(await find('100%')).toEqual([]);
  });
});

/**
 * ROUTE-1 (issue 13 item 7): Unassigned holds both visitors waiting now and chats released after
 * their visitor left. An agent must pick up the person on the page: waiting ones first, the others
 * after them and marked, in pages that never skip or repeat across the boundary.
 */
describeEachDialect(`Unassigned: waiting visitors first (ROUTE-1)`, (fresh) => {
  let deps: TestDeps;
  beforeEach(async () => {
    ({ deps } = await fresh());
  });

  test('waiting visitors come before those who left, each group newest message first', async () => {
    const me = await onlineAgent(deps);
    const make = await chatMaker(deps);
    // chatMaker stamps each chat's last message a millisecond after the previous one, so the
    // left visitors here have the newer messages: the order must still put the waiting ones first.
    const waiting = [await make(), await make()];
    const left = [await make({ status: 'offline' }), await make({ status: 'offline' })];
    const page = await listBucket(deps.db, { bucket: 'unassigned', viewerId: me.id });
    expect(page.items.map((c) => c.id)).toEqual([...waiting.reverse(), ...left.reverse()].map((c) => c.id));
    expect(page.items.map((c) => c.status)).toEqual(['unassigned', 'unassigned', 'offline', 'offline']);
    expect(page.next).toBeNull();
  });

  test('pages of 20 cross from waiting to left without a gap or a repeat', async () => {
    const me = await onlineAgent(deps);
    const make = await chatMaker(deps);
    const waiting = [];
    const left = [];
    for (let i = 0; i < 30; i++) {
      // Interleaved in time, so only the grouping can keep them apart.
      if (i % 6 < 3) waiting.push((await make()).id);
      left.push((await make({ status: 'offline' })).id);
    }
    const { seen, sizes } = await scrollThrough(deps, 'unassigned', me.id);
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual([...waiting.reverse(), ...left.reverse()]);
  });
});

test('every Unassigned page query walks an index in order: no temporary sort at any size', async () => {
  const sqlite = await explainingSqlite();
  try {
    const viewerId = 'V'.repeat(26);
    const first = await listBucket(sqlite.db, { bucket: 'unassigned', viewerId });
    const cursor = { lastMessageAt: '2026-11-23T10:00:00.000Z', id: 'C'.repeat(26) };
    await listBucket(sqlite.db, { bucket: 'unassigned', viewerId, after: cursor });
    await listBucket(sqlite.db, { bucket: 'unassigned', viewerId, after: { ...cursor, section: 'left' } });
    expect(first.items).toEqual([]);
    const plans = sqlite.statements
      .filter((s) => /from "conversations"/.test(s.sql))
      .map((s) => sqlite.plan(s).join(' | '));
    expect(plans.length).toBeGreaterThanOrEqual(3);
    for (const plan of plans) {
      expect(plan).toContain('USING INDEX conversations_bucket_ix');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  } finally {
    await sqlite.dispose();
  }
});

test('a tab counts up to 1,000 chats, then says 999+ (the count stays cheap at any size)', async () => {
  const sqlite = await explainingSqlite();
  try {
    const project = await makeProject(sqlite.db);
    const visitor = await makeVisitor(sqlite.db, { project_id: project.id });
    const at = '2026-11-23T10:00:00.000Z';
    const rows = Array.from({ length: 1005 }, (_, i) => ({
      id: `C${String(i).padStart(6, '0')}`,
      project_id: project.id,
      visitor_id: visitor.id,
      status: i % 2 ? 'offline' : 'unassigned',
      last_message_at: at,
      created_at: at,
      updated_at: at,
    }));
    for (let i = 0; i < rows.length; i += 250) {
      await sqlite.db
        .insertInto('conversations')
        .values(rows.slice(i, i + 250))
        .execute();
    }
    expect(await countBucket(sqlite.db, { bucket: 'unassigned', viewerId: 'V' })).toBe(BUCKET_COUNT_CAP);
    expect(BucketNavHtml(await countBucket(sqlite.db, { bucket: 'unassigned', viewerId: 'V' }))).toContain(
      '<span class="bucket-count">999+</span>',
    );
  } finally {
    await sqlite.dispose();
  }
});

const BucketNavHtml = (count: number) =>
  String(BucketNav({ tabs: [{ bucket: 'unassigned', count, unread: 0 }], current: 'unassigned' }));
