import type { Insertable, Selectable } from 'kysely';
import type { AttributionsTable, Db, VisitorsTable } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import type { Touch } from './attribution.ts';

export type VisitorRow = Selectable<VisitorsTable>;

/**
 * A visitor token opens only its own project's visitor (VIS-3): the lookup always includes the
 * project, and only the token's hash is stored.
 */
export async function findVisitorByTokenHash(
  db: Db,
  projectId: string,
  tokenHash: string,
): Promise<VisitorRow | undefined> {
  return db
    .selectFrom('visitors')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function insertVisitor(db: Db, row: Insertable<VisitorsTable>): Promise<void> {
  await db.insertInto('visitors').values(row).execute();
}

/** The lead data the visitor gave last, and when we last saw them. */
export async function updateVisitorContact(
  db: Db,
  visitorId: string,
  contact: { name: string; phone: string; email: string | null },
  now: string,
): Promise<void> {
  await db
    .updateTable('visitors')
    .set({ name: contact.name, phone: contact.phone, email: contact.email, last_seen_at: now })
    .where('id', '=', visitorId)
    .execute();
}

export async function updateVisitorSeen(db: Db, visitorId: string, now: string): Promise<void> {
  await db.updateTable('visitors').set({ last_seen_at: now }).where('id', '=', visitorId).execute();
}

/** One row per touch (VIS-10); a web lead's touch has no visitor. */
export async function insertAttribution(
  db: Db,
  row: { id: string; visitorId: string | null; touch: Touch; isReturning: boolean; now: string },
): Promise<void> {
  const t = row.touch;
  const values: Insertable<AttributionsTable> = {
    id: row.id,
    visitor_id: row.visitorId,
    source_domain: t.sourceDomain,
    referrer: t.referrer,
    landing_url: t.landingUrl,
    utm_source: t.utmSource,
    utm_medium: t.utmMedium,
    utm_campaign: t.utmCampaign,
    utm_term: t.utmTerm,
    utm_content: t.utmContent,
    gclid: t.gclid,
    gbraid: t.gbraid,
    wbraid: t.wbraid,
    fbclid: t.fbclid,
    fbc: t.fbc,
    fbp: t.fbp,
    ga_client_id: t.gaClientId,
    ga_session_id: t.gaSessionId,
    device_type: t.deviceType,
    os_name: t.osName,
    os_version: t.osVersion,
    browser_name: t.browserName,
    browser_version: t.browserVersion,
    language: t.language,
    connection_type: t.connectionType,
    geo_country: t.geoCountry,
    geo_region: t.geoRegion,
    geo_city: t.geoCity,
    time_on_page_ms: t.timeOnPageMs,
    is_returning: row.isReturning ? 1 : 0,
    ip: t.ip,
    user_agent: t.userAgent,
    created_at: row.now,
  };
  await db.insertInto('attributions').values(values).execute();
}

export interface VisitorConversation {
  id: string;
  status: string;
  assigneeId: string | null;
  lastSeq: number;
  staffReadSeq: number;
  staffDeliveredSeq: number;
  queuedAt: string | null;
  createdAt: string;
}

/** The conversation a returning visitor resumes: their newest one (ids sort by creation time). */
export async function findLatestVisitorConversation(
  db: Db,
  visitorId: string,
): Promise<VisitorConversation | undefined> {
  const row = await firstRows(
    db,
    db
      .selectFrom('conversations')
      .select([
        'id',
        'status',
        'assignee_id',
        'last_seq',
        'staff_read_seq',
        'staff_delivered_seq',
        'queued_at',
        'created_at',
      ])
      .where('visitor_id', '=', visitorId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc'),
    1,
  ).executeTakeFirst();
  return row
    ? {
        id: row.id,
        status: row.status,
        assigneeId: row.assignee_id,
        lastSeq: Number(row.last_seq),
        staffReadSeq: Number(row.staff_read_seq),
        staffDeliveredSeq: Number(row.staff_delivered_seq),
        queuedAt: row.queued_at,
        createdAt: row.created_at,
      }
    : undefined;
}

/** Waiting chats ahead of this one: the queue drains oldest first by (queued_at, id) (BEYOND-1). */
export async function countQueuedAhead(db: Db, queuedAt: string, id: string): Promise<number> {
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('ahead'))
    .where('status', '=', 'unassigned')
    // The leading `queued_at <=` makes it a range on conversations_queue_ix; the OR breaks ties.
    .where('queued_at', '<=', queuedAt)
    .where((eb) => eb.or([eb('queued_at', '<', queuedAt), eb('id', '<', id)]))
    .executeTakeFirstOrThrow();
  return Number(row.ahead);
}

export const VISITOR_SETTINGS_KEY = 'visitor_page';

export async function findVisitorSettingsValue(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', VISITOR_SETTINGS_KEY)
    .executeTakeFirst();
  return row?.value;
}

/**
 * Open chats started from one address since `since`, at most `max` of them (the caller only
 * needs to know whether a cap is reached). Walks attributions_ip_created_ix over the window,
 * then each visitor's conversations by conversations_visitor_ix: bounded by the chat-start rate
 * limit, whatever the size of the tables.
 */
export async function listOpenChatsFromAddress(
  db: Db,
  ip: string,
  since: string,
  max: number,
): Promise<string[]> {
  const rows = await firstRows(
    db,
    db
      .selectFrom('attributions as a')
      .innerJoin('conversations as c', (join) =>
        join.onRef('c.visitor_id', '=', 'a.visitor_id').onRef('c.attribution_id', '=', 'a.id'),
      )
      .select('c.id')
      .where('a.ip', '=', ip)
      .where('a.created_at', '>=', since)
      .where('c.status', '<>', 'closed'),
    max,
  ).execute();
  return rows.map((row) => row.id);
}
