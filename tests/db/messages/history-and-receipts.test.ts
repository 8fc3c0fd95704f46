import { afterEach, describe, expect, test } from 'bun:test';
import { createApp } from '../../../src/app.tsx';
import { listMessagesAfterSeq, listRecentMessages } from '../../../src/messages/messages.queries.ts';
import { acknowledgeMessages } from '../../../src/messages/receipts.service.ts';
import { hashToken, randomToken } from '../../../src/shared/ids.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeConversation, makeMessage, makeProject, makeVisitor } from '../../support/factories.ts';
import { makeTestDeps } from '../../support/make-app.ts';
import { freshSqlite, type TestDatabase } from '../../support/test-db.ts';

/** Databases of the SQLite-only suites below (describeEachDialect disposes its own). */
const opened: TestDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.dispose();
});
const sqlite = async () => {
  const database = await freshSqlite();
  opened.push(database);
  return database;
};

/** 75 messages, three per timestamp, so pages must break ties by id. */
async function seedChat(database: TestDatabase) {
  const deps = await makeTestDeps({ db: database.db });
  const project = await makeProject(database.db);
  const token = randomToken();
  const visitor = await makeVisitor(database.db, { project_id: project.id, token_hash: hashToken(token) });
  const conversation = await makeConversation(database.db, {
    project_id: project.id,
    visitor_id: visitor.id,
    last_seq: 75,
  });
  for (let seq = 1; seq <= 75; seq++) {
    const second = String(Math.floor((seq - 1) / 3)).padStart(2, '0');
    await makeMessage(database.db, {
      conversation_id: conversation.id,
      seq,
      created_at: `2026-11-23T10:00:${second}.000Z`,
    });
  }
  return { deps, db: database.db, conversation, project, token };
}

describeEachDialect(`history and receipts`, (fresh) => {
  test('keyset pages walk back through every message once, newest first by sequence (VIS-4)', async () => {
    const { db, conversation } = await seedChat((await fresh()).database);
    const seen: number[] = [];
    let before: { seq: number } | undefined;
    for (;;) {
      const page = await listRecentMessages(db, conversation.id, { before, limit: 30 });
      seen.push(...page.map((m) => m.seq));
      const last = page.at(-1);
      if (page.length < 30 || !last) break;
      before = { seq: last.seq };
    }
    expect(seen).toEqual(Array.from({ length: 75 }, (_, i) => 75 - i));
  });

  test('messages of one millisecond keep their send order, whatever their ids (one group commit)', async () => {
    const database = (await fresh()).database;
    const { db, conversation } = await seedChat(database);
    const sameInstant = '2026-11-23T11:00:00.000Z';
    // Ids that sort against the sequence: a time-ordered id with random tail breaks such ties at random.
    for (const [seq, id] of [
      [76, '01ZZZZZZZZZZZZZZZZZZZZZZZZ'],
      [77, '01AAAAAAAAAAAAAAAAAAAAAAAA'],
    ] as const) {
      await makeMessage(db, { id, conversation_id: conversation.id, seq, created_at: sameInstant });
    }
    const newest = await listRecentMessages(db, conversation.id, { limit: 2 });
    expect(newest.map((m) => m.seq)).toEqual([77, 76]);
  });

  test('catch-up returns everything after a sequence, oldest first (RT-3)', async () => {
    const { db, conversation } = await seedChat((await fresh()).database);
    expect((await listMessagesAfterSeq(db, conversation.id, 70)).map((m) => m.seq)).toEqual([
      71, 72, 73, 74, 75,
    ]);
  });

  test('receipt watermarks only move forward, read implies delivered, one event per move', async () => {
    const { deps, conversation } = await seedChat((await fresh()).database);
    const ack = (kind: 'delivered' | 'read', seq: number) =>
      acknowledgeMessages(deps, { conversationId: conversation.id, side: 'visitor', kind, seq });
    expect(await ack('delivered', 10)).toEqual({
      ok: true,
      value: { deliveredSeq: 10, readSeq: 0, changed: true },
    });
    expect(await ack('read', 8)).toEqual({
      ok: true,
      value: { deliveredSeq: 10, readSeq: 8, changed: true },
    });
    expect(await ack('delivered', 5)).toEqual({
      ok: true,
      value: { deliveredSeq: 10, readSeq: 8, changed: false },
    });
    expect(await ack('read', 12)).toEqual({
      ok: true,
      value: { deliveredSeq: 12, readSeq: 12, changed: true },
    });
    // Beyond the last message that exists: ignored.
    expect(await ack('read', 999)).toEqual({
      ok: true,
      value: { deliveredSeq: 12, readSeq: 12, changed: false },
    });
    const events = deps.publisher.published.filter((p) => p.topic === 'staff').map((p) => p.event);
    expect(events).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({
      type: 'receipt.updated',
      side: 'visitor',
      deliveredSeq: 12,
      readSeq: 12,
    });
  });
});

describe('visitor history API (GET /api/visitor/conversations/:id/messages)', () => {
  test('the visitor token opens its own conversation: last 30, then older pages by cursor, or after a seq', async () => {
    const { deps, conversation, token } = await seedChat(await sqlite());
    const app = createApp(deps);
    const path = `/api/visitor/conversations/${conversation.id}/messages`;
    const headers = { 'X-Visitor-Token': token };
    const first = await app.request(path, { headers });
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as {
      messages: Array<{ seq: number }>;
      olderCursor: string;
      lastSeq: number;
    };
    expect(page1.messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => 46 + i));
    expect(page1.lastSeq).toBe(75);
    const older = await app.request(`${path}?before=${page1.olderCursor}`, { headers });
    const page2 = (await older.json()) as { messages: Array<{ seq: number }> };
    expect(page2.messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => 16 + i));
    const after = await app.request(`${path}?afterSeq=73`, { headers });
    expect(((await after.json()) as { messages: Array<{ seq: number }> }).messages.map((m) => m.seq)).toEqual(
      [74, 75],
    );
  });

  test('another token, no token or a bad query never reveals the conversation', async () => {
    const { deps, conversation, project } = await seedChat(await sqlite());
    const app = createApp(deps);
    const path = `/api/visitor/conversations/${conversation.id}/messages`;
    const otherToken = randomToken();
    await makeVisitor(deps.db, { project_id: project.id, token_hash: hashToken(otherToken) });
    expect((await app.request(path, { headers: { 'X-Visitor-Token': otherToken } })).status).toBe(404);
    expect((await app.request(path)).status).toBe(404);
    const viaCookie = await app.request(path, { headers: { Cookie: `vt_${project.id}=${otherToken}` } });
    expect(viaCookie.status).toBe(404);
    const bad = await app.request(`${path}?limit=0`, { headers: { 'X-Visitor-Token': otherToken } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'bad_request', field: 'limit' });
  });
});
