import type { Insertable } from 'kysely';
import { conversationSearchColumns } from '../../src/conversations/contact-search.ts';
import type {
  ConversationsTable,
  Db,
  LeadsTable,
  MessagesTable,
  ProjectsTable,
  VisitorsTable,
} from '../../src/db/database.ts';
import { leadSearchColumns } from '../../src/leads/lead-search.ts';
import { timeOrderedIds } from '../../src/shared/ids.ts';

/** Row factories with overrides (STYLE 2.10). Times default to the manual clock's start. */
const ids = timeOrderedIds();
const T0 = '2026-11-23T10:00:00.000Z';

export async function makeProject(db: Db, overrides: Partial<Insertable<ProjectsTable>> = {}) {
  const id = overrides.id ?? ids.next();
  const row = {
    id,
    slug: `p-${id.slice(-8).toLowerCase()}`,
    name: 'Test project',
    title: 'Test project',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
  await db.insertInto('projects').values(row).execute();
  return row;
}

export async function makeVisitor(
  db: Db,
  overrides: Partial<Insertable<VisitorsTable>> & { project_id: string },
) {
  const id = overrides.id ?? ids.next();
  const row = {
    id,
    token_hash: `hash-${id}`,
    name: 'Test Visitor',
    created_at: T0,
    last_seen_at: T0,
    ...overrides,
  };
  await db.insertInto('visitors').values(row).execute();
  return row;
}

/** A conversation with its project and visitor created on the way unless given. */
export async function makeConversation(db: Db, overrides: Partial<Insertable<ConversationsTable>> = {}) {
  const projectId = overrides.project_id ?? (await makeProject(db)).id;
  const visitorId = overrides.visitor_id ?? (await makeVisitor(db, { project_id: projectId })).id;
  const row = {
    id: ids.next(),
    project_id: projectId,
    visitor_id: visitorId,
    status: 'unassigned',
    last_message_at: T0,
    created_at: T0,
    updated_at: T0,
    queued_at: T0,
    ...overrides,
    // Written with the contact, as insertConversation does (ADR 0038, 0048).
    ...conversationSearchColumns(overrides),
  };
  await db.insertInto('conversations').values(row).execute();
  return row;
}

export async function makeMessage(
  db: Db,
  overrides: Partial<Insertable<MessagesTable>> & { conversation_id: string; seq: number },
) {
  const id = overrides.id ?? ids.next();
  const row = {
    id,
    sender_kind: 'visitor',
    client_message_id: `c-${id}`,
    body: `message ${overrides.seq}`,
    created_at: T0,
    ...overrides,
  };
  await db.insertInto('messages').values(row).execute();
  return row;
}

/** A lead of any source (a web lead by default), with its search keys written as the app does. */
export async function makeLead(db: Db, overrides: Partial<Insertable<LeadsTable>> = {}) {
  const row = {
    id: ids.next(),
    source: 'web',
    name: 'Test Lead',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
  await db
    .insertInto('leads')
    .values({ ...row, ...leadSearchColumns({ name: row.name ?? null, phone: row.phone ?? null }) })
    .execute();
  return row;
}
