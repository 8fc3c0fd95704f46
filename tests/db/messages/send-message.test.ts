import { afterEach, describe, expect, test } from 'bun:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db } from '../../../src/db/database.ts';
import type { memoryPublisher } from '../../../src/events/publisher.ts';
import { listMessagesAfterSeq } from '../../../src/messages/messages.queries.ts';
import { sendMessage } from '../../../src/messages/messages.service.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeConversation } from '../../support/factories.ts';
import { makeTestDeps } from '../../support/make-app.ts';
import { freshPostgres, freshSqlite, postgresUrl, type TestDatabase } from '../../support/test-db.ts';

/**
 * Disposed after each test: Kysely's migrator looks for its lock table in every schema, so a
 * second live test schema on the same PostgreSQL confuses it.
 */
const opened: TestDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.dispose();
});

/** A SQLite database for the suites below that are not per dialect, disposed after the test. */
async function sqlite(): Promise<TestDatabase> {
  const database = await freshSqlite();
  opened.push(database);
  return database;
}

async function setup(database: TestDatabase) {
  const deps = await makeTestDeps({ db: database.db });
  const conversation = await makeConversation(database.db);
  return { deps, conversation, db: database.db };
}

/** Each event goes to three topics; count it once, on the staff topic. */
const createdEvents = (publisher: ReturnType<typeof memoryPublisher>) =>
  publisher.published.filter((p) => p.event.type === 'message.created' && p.topic === 'staff');

describeEachDialect(`sendMessage`, (fresh) => {
  test('persists with the next seq, updates the conversation, then publishes to its topics', async () => {
    const { deps, conversation, db } = await setup((await fresh()).database);
    const first = await sendMessage(deps, {
      conversationId: conversation.id,
      clientMessageId: 'c1',
      senderKind: 'visitor',
      body: 'first',
    });
    const second = await sendMessage(deps, {
      conversationId: conversation.id,
      clientMessageId: 'c2',
      senderKind: 'agent',
      body: 'second',
    });
    expect(first.ok && first.value.message.seq).toBe(1);
    expect(second.ok && second.value.message.seq).toBe(2);
    const row = await db
      .selectFrom('conversations')
      .select(['last_seq', 'last_message_preview'])
      .where('id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ last_seq: 2, last_message_preview: 'second' });
    expect(
      deps.publisher.published
        .map((p) => p.topic)
        .slice(0, 3)
        .sort(),
    ).toEqual([`conversation:${conversation.id}`, 'staff', `visitor:${conversation.id}`].sort());
  });

  test('the same client message id sent 3 times (sequentially) → one row, one event', async () => {
    const { deps, conversation, db } = await setup((await fresh()).database);
    const input = {
      conversationId: conversation.id,
      clientMessageId: 'same',
      senderKind: 'visitor',
      body: 'hi',
    } as const;
    const results = [
      await sendMessage(deps, input),
      await sendMessage(deps, input),
      await sendMessage(deps, input),
    ];
    expect(results.map((r) => r.ok && r.value.created)).toEqual([true, false, false]);
    expect(new Set(results.map((r) => r.ok && r.value.message.id)).size).toBe(1);
    expect(await listMessagesAfterSeq(db, conversation.id, 0)).toHaveLength(1);
    expect(createdEvents(deps.publisher)).toHaveLength(1);
  });

  test('the same client message id sent 3 times concurrently → one row, one event', async () => {
    const { deps, conversation, db } = await setup((await fresh()).database);
    const input = {
      conversationId: conversation.id,
      clientMessageId: 'race',
      senderKind: 'visitor',
      body: 'hi',
    } as const;
    const results = await Promise.all([
      sendMessage(deps, input),
      sendMessage(deps, input),
      sendMessage(deps, input),
    ]);
    expect(results.filter((r) => r.ok && r.value.created)).toHaveLength(1);
    expect(await listMessagesAfterSeq(db, conversation.id, 0)).toHaveLength(1);
    expect(createdEvents(deps.publisher)).toHaveLength(1);
  });

  test('a retry of a stored message in one batch with new ones: stored once, the new ones get the next seqs', async () => {
    const { deps, conversation, db } = await setup((await fresh()).database);
    const send = (clientMessageId: string) =>
      sendMessage(deps, {
        conversationId: conversation.id,
        clientMessageId,
        senderKind: 'visitor',
        body: 'hi',
      });
    const first = await send('m1');
    const [retry, second, third] = await Promise.all([send('m1'), send('m2'), send('m3')]);
    expect(retry).toMatchObject({ ok: true, value: { created: false, message: { seq: 1 } } });
    expect(retry.ok && first.ok && retry.value.message.id).toBe(first.ok && first.value.message.id);
    expect([second, third].map((r) => r.ok && r.value.created && r.value.message.seq)).toEqual([2, 3]);
    const stored = await listMessagesAfterSeq(db, conversation.id, 0);
    expect(stored.map((m) => [m.clientMessageId, m.seq])).toEqual([
      ['m1', 1],
      ['m2', 2],
      ['m3', 3],
    ]);
    expect(createdEvents(deps.publisher)).toHaveLength(3);
  });

  test('60 concurrent senders get 60 distinct, gap-free sequence numbers', async () => {
    const { deps, conversation, db } = await setup((await fresh()).database);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        sendMessage(deps, {
          conversationId: conversation.id,
          clientMessageId: `m${i}`,
          senderKind: 'visitor',
          body: `${i}`,
        }),
      ),
    );
    const stored = await listMessagesAfterSeq(db, conversation.id, 0);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  test('one batch mixing senders, a refused conversation and repeats: every outcome right, seqs gap-free', async () => {
    const { deps, conversation, db } = await setup((await fresh()).database);
    const agentId = deps.ids.next();
    await db
      .insertInto('users')
      .values({
        id: agentId,
        email: 'a@x.test',
        display_name: 'A',
        password_hash: 'x',
        role: 'agent',
        created_at: 'x',
        updated_at: 'x',
      })
      .execute();
    await db
      .updateTable('conversations')
      .set({ assignee_id: agentId })
      .where('id', '=', conversation.id)
      .execute();
    const closed = await makeConversation(db, { status: 'closed' });
    const base = { conversationId: conversation.id, body: 'b' };
    const sends = [
      ...Array.from({ length: 10 }, (_, i) => ({
        ...base,
        clientMessageId: `v${i}`,
        senderKind: 'visitor' as const,
        guard: { visitorId: conversation.visitor_id },
      })),
      ...Array.from({ length: 10 }, (_, i) => ({
        ...base,
        clientMessageId: `a${i}`,
        senderKind: 'agent' as const,
        guard: { assigneeId: agentId },
      })),
      { ...base, clientMessageId: 'v0', senderKind: 'visitor' as const },
      {
        ...base,
        clientMessageId: 'intruder',
        senderKind: 'agent' as const,
        guard: { assigneeId: 'someone-else' },
      },
      { conversationId: closed.id, body: 'late', clientMessageId: 'late', senderKind: 'visitor' as const },
    ];
    const results = await Promise.all(sends.map((input) => sendMessage(deps, input)));
    expect(results.slice(0, 20).every((r) => r.ok && r.value.created)).toBe(true);
    expect(results[20]).toMatchObject({ ok: true, value: { created: false } });
    expect(results.slice(21)).toEqual([
      { ok: false, code: 'forbidden' },
      { ok: false, code: 'conversation_closed' },
    ]);
    const stored = await listMessagesAfterSeq(db, conversation.id, 0);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(createdEvents(deps.publisher)).toHaveLength(20);
  });

  test('a draft that cannot be stored fails alone: the rest of its batch is stored, seqs gap-free', async () => {
    const { deps, conversation, db } = await setup((await fresh()).database);
    const send = (clientMessageId: string, attachmentId?: string) =>
      sendMessage(deps, {
        conversationId: conversation.id,
        clientMessageId,
        senderKind: 'visitor',
        body: clientMessageId,
        ...(attachmentId ? { attachmentId } : {}),
      });
    const results = await Promise.allSettled([
      send('before'),
      send('broken', '01KMX0000000000000000000ZZ'), // no such attachment: a foreign-key failure
      send('after'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await listMessagesAfterSeq(db, conversation.id, 0);
    expect(stored.map((m) => [m.clientMessageId, m.seq])).toEqual([
      ['before', 1],
      ['after', 2],
    ]);
    expect(createdEvents(deps.publisher)).toHaveLength(2);
  });

  test('closed conversations refuse messages except from the system; unknown ones are not found', async () => {
    const { deps, db } = await setup((await fresh()).database);
    const closed = await makeConversation(db, { status: 'closed' });
    const base = { conversationId: closed.id, body: 'late' } as const;
    expect(await sendMessage(deps, { ...base, clientMessageId: 'v', senderKind: 'visitor' })).toEqual({
      ok: false,
      code: 'conversation_closed',
    });
    const system = await sendMessage(deps, { ...base, clientMessageId: 's', senderKind: 'system' });
    expect(system.ok).toBe(true);
    const missing = await sendMessage(deps, {
      ...base,
      conversationId: '01KMX0000000000000000000ZZ',
      clientMessageId: 'x',
      senderKind: 'agent',
    });
    expect(missing).toEqual({ ok: false, code: 'conversation_not_found' });
    expect(createdEvents(deps.publisher)).toHaveLength(1);
  });

  test('bad input is refused and nothing is written', async () => {
    const { deps, conversation, db } = await setup((await fresh()).database);
    const base = { conversationId: conversation.id, senderKind: 'visitor' } as const;
    expect(await sendMessage(deps, { ...base, clientMessageId: 'a', body: '   ' })).toEqual({
      ok: false,
      code: 'empty_message',
    });
    expect(await sendMessage(deps, { ...base, clientMessageId: 'a', body: 'x'.repeat(4001) })).toEqual({
      ok: false,
      code: 'message_too_long',
    });
    expect(await sendMessage(deps, { ...base, clientMessageId: 'a b', body: 'x' })).toEqual({
      ok: false,
      code: 'bad_client_message_id',
    });
    expect(await listMessagesAfterSeq(db, conversation.id, 0)).toHaveLength(0);
  });
});

describe('sendMessage on SQLite next to a Kysely transaction', () => {
  test('a send while a transaction awaits waits for it, and its rollback does not take the message', async () => {
    const { deps, conversation, db } = await setup(await sqlite());
    let sent: ReturnType<typeof sendMessage> | undefined;
    const rolledBack = db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('conversations').set({ lead_stage: 'qualified' }).execute();
        sent = sendMessage(deps, {
          conversationId: conversation.id,
          clientMessageId: 'during',
          senderKind: 'visitor',
          body: 'sent while another transaction is open',
        });
        await Bun.sleep(20); // the connection stays inside the open transaction meanwhile
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    expect(await rolledBack).toBe('roll back');
    const result = await sent;
    expect(result?.ok && result.value.message.seq).toBe(1);
    expect(await listMessagesAfterSeq(db, conversation.id, 0)).toHaveLength(1);
    const row = await db
      .selectFrom('conversations')
      .select(['lead_stage', 'last_seq'])
      .where('id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    expect(row.last_seq).toBe(1);
    expect(row.lead_stage).not.toBe('qualified');
  });
});

/** Two app instances = two connection pools and two group-commit writers on one PostgreSQL. */
describe.if(Boolean(postgresUrl))('sendMessage from two instances on PostgreSQL', () => {
  test('concurrent sends with the same and different client ids: one row per id, unique seqs', async () => {
    const database = await freshPostgres(postgresUrl as string);
    opened.push(database);
    const pool = new pg.Pool({
      connectionString: postgresUrl,
      max: 10,
      options: `-c search_path=${database.schema}`,
    });
    const second: Db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const depsA = await makeTestDeps({ db: database.db });
    const depsB = await makeTestDeps({ db: second });
    const conversation = await makeConversation(database.db);
    const sends = Array.from({ length: 40 }, (_, i) => {
      const deps = i % 2 === 0 ? depsA : depsB;
      // Every client id is sent by both instances: 20 distinct messages.
      return sendMessage(deps, {
        conversationId: conversation.id,
        clientMessageId: `m${Math.floor(i / 2)}`,
        senderKind: 'visitor',
        body: `${i}`,
      });
    });
    const results = await Promise.all(sends);
    await second.destroy();
    expect(results.every((r) => r.ok)).toBe(true);
    const stored = await listMessagesAfterSeq(database.db, conversation.id, 0);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(createdEvents(depsA.publisher).length + createdEvents(depsB.publisher).length).toBe(20);
  });
});
