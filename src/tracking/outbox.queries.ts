import type { Insertable } from 'kysely';
import type { Db, OutboxEventsTable } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import type { KeysetCursor } from '../shared/keyset-cursor.ts';
import type { OutboxLogRow, OutboxStatus } from './outbox.ts';
import type { Platform } from './tracking.ts';
import type { ProjectTrackingSettings } from './tracking-settings.ts';

/**
 * The conversion outbox (TRACK-3, docs/decisions/0018 and 0023): rows written in the stage
 * change's transaction, claimed and delivered by the sender job.
 */

/** What the project has set up for conversion tracking, and what a lead carries (TRACK-1). */
export interface TrackingContextRow {
  /** The lead the events are about: a chat's lead is its visitor (ADR 0015), else the lead row. */
  leadId: string;
  /** The chat the change came from, when it came from one. */
  conversationId: string | null;
  /** Website leads (chats, the site's forms with a browser touch) vs offline ones (imports). */
  origin: 'chat' | 'import';
  phoneCountry: string | null;
  projectId: string;
  projectName: string;
  metaPixelId: string | null;
  metaCapiToken: string | null;
  metaTestEventCode: string | null;
  metaNotQualifiedEvent: string | null;
  ga4MeasurementId: string | null;
  ga4ApiSecret: string | null;
  ga4Side: string | null;
  defaultCurrency: string | null;
  email: string | null;
  phone: string | null;
  touch: {
    landingUrl: string | null;
    utmSource: string | null;
    utmMedium: string | null;
    utmCampaign: string | null;
    utmTerm: string | null;
    utmContent: string | null;
    gclid: string | null;
    gbraid: string | null;
    wbraid: string | null;
    fbclid: string | null;
    fbc: string | null;
    fbp: string | null;
    gaClientId: string | null;
    gaSessionId: string | null;
    ip: string | null;
    userAgent: string | null;
  };
}

/** The project's tracking settings and the touch's columns, read beside either kind of lead. */
const SETTINGS_AND_TOUCH = [
  'projects.id as project_id',
  'projects.name as project_name',
  'projects.meta_pixel_id',
  'projects.meta_capi_token',
  'projects.meta_test_event_code',
  'projects.meta_not_qualified_event',
  'projects.ga4_measurement_id',
  'projects.ga4_api_secret',
  'projects.ga4_side',
  'projects.default_currency',
  'attributions.landing_url',
  'attributions.utm_source',
  'attributions.utm_medium',
  'attributions.utm_campaign',
  'attributions.utm_term',
  'attributions.utm_content',
  'attributions.gclid',
  'attributions.gbraid',
  'attributions.wbraid',
  'attributions.fbclid',
  'attributions.fbc',
  'attributions.fbp',
  'attributions.ga_client_id',
  'attributions.ga_session_id',
  'attributions.ip',
  'attributions.user_agent',
] as const;

interface SettingsAndTouchRow {
  project_id: string;
  project_name: string;
  meta_pixel_id: string | null;
  meta_capi_token: string | null;
  meta_test_event_code: string | null;
  meta_not_qualified_event: string | null;
  ga4_measurement_id: string | null;
  ga4_api_secret: string | null;
  ga4_side: string | null;
  default_currency: string | null;
  landing_url: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  gclid: string | null;
  gbraid: string | null;
  wbraid: string | null;
  fbclid: string | null;
  fbc: string | null;
  fbp: string | null;
  ga_client_id: string | null;
  ga_session_id: string | null;
  ip: string | null;
  user_agent: string | null;
}

type LeadFacts = Pick<
  TrackingContextRow,
  'leadId' | 'conversationId' | 'origin' | 'phoneCountry' | 'email' | 'phone'
> & { landingUrl: string | null };

function trackingContextOf(row: SettingsAndTouchRow, lead: LeadFacts): TrackingContextRow {
  const { landingUrl, ...facts } = lead;
  return {
    ...facts,
    projectId: row.project_id,
    projectName: row.project_name,
    metaPixelId: row.meta_pixel_id,
    metaCapiToken: row.meta_capi_token,
    metaTestEventCode: row.meta_test_event_code,
    metaNotQualifiedEvent: row.meta_not_qualified_event,
    ga4MeasurementId: row.ga4_measurement_id,
    ga4ApiSecret: row.ga4_api_secret,
    ga4Side: row.ga4_side,
    defaultCurrency: row.default_currency,
    touch: {
      landingUrl,
      utmSource: row.utm_source,
      utmMedium: row.utm_medium,
      utmCampaign: row.utm_campaign,
      utmTerm: row.utm_term,
      utmContent: row.utm_content,
      gclid: row.gclid,
      gbraid: row.gbraid,
      wbraid: row.wbraid,
      fbclid: row.fbclid,
      fbc: row.fbc,
      fbp: row.fbp,
      gaClientId: row.ga_client_id,
      gaSessionId: row.ga_session_id,
      ip: row.ip,
      userAgent: row.user_agent,
    },
  };
}

/** The chat lead's project settings, contact and attribution, in one read. */
export async function findTrackingContext(
  db: Db,
  conversationId: string,
): Promise<TrackingContextRow | undefined> {
  const row = await db
    .selectFrom('conversations')
    .innerJoin('projects', 'projects.id', 'conversations.project_id')
    .leftJoin('attributions', 'attributions.id', 'conversations.attribution_id')
    .select(['conversations.visitor_id', 'conversations.visitor_email', 'conversations.visitor_phone'])
    .select(SETTINGS_AND_TOUCH)
    .where('conversations.id', '=', conversationId)
    .executeTakeFirst();
  if (!row) return undefined;
  return trackingContextOf(row, {
    leadId: row.visitor_id,
    conversationId,
    origin: 'chat',
    phoneCountry: null,
    email: row.visitor_email,
    phone: row.visitor_phone,
    landingUrl: row.landing_url,
  });
}

/** A lead that did not start as a chat (web form, CSV, Sheets): its own contact and touch. */
export async function findStandaloneTrackingContext(
  db: Db,
  leadId: string,
): Promise<TrackingContextRow | undefined> {
  const row = await db
    .selectFrom('leads')
    .innerJoin('projects', 'projects.id', 'leads.project_id')
    .leftJoin('attributions', 'attributions.id', 'leads.attribution_id')
    .select(['leads.id as lead_id', 'leads.email', 'leads.phone', 'leads.phone_country', 'leads.page_url'])
    .select(SETTINGS_AND_TOUCH)
    .where('leads.id', '=', leadId)
    .where('leads.source', '<>', 'chat')
    .executeTakeFirst();
  if (!row) return undefined;
  const landingUrl = row.landing_url ?? row.page_url;
  return trackingContextOf(row, {
    leadId: row.lead_id,
    conversationId: null,
    // A form on the site, with the browser's touch, is a website event; a file or sheet is not.
    origin: row.user_agent && landingUrl ? 'chat' : 'import',
    phoneCountry: row.phone_country,
    email: row.email,
    phone: row.phone,
    landingUrl,
  });
}

export interface LeadOutboxEvent {
  id: string;
  platform: Platform;
  eventName: string;
  eventId: string;
  status: string;
}

/** Every event the lead's outbox has ever held, whatever became of it (the once-per-lead rule). */
export async function listLeadOutboxEvents(db: Db, leadId: string): Promise<LeadOutboxEvent[]> {
  const rows = await db
    .selectFrom('outbox_events')
    .select(['id', 'destination', 'event_name', 'event_id', 'status'])
    .where('lead_id', '=', leadId)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    platform: row.destination as Platform,
    eventName: row.event_name ?? '',
    eventId: row.event_id,
    status: row.status,
  }));
}

export async function insertOutboxEvent(db: Db, row: Insertable<OutboxEventsTable>): Promise<void> {
  await db.insertInto('outbox_events').values(row).execute();
}

/**
 * A refused row (its event could not be built, e.g. Converted without a value) takes the new
 * attempt at the same stage in place: nothing was ever sent, so the once-per-lead rule holds.
 */
export async function replaceRefusedOutboxEvent(
  db: Db,
  id: string,
  row: Pick<
    Insertable<OutboxEventsTable>,
    'event_name' | 'payload' | 'status' | 'next_attempt_at' | 'event_time' | 'last_error' | 'created_at'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox_events')
    .set({ ...row, attempts: 0, claimed_until: null, last_http_status: null, sent_at: null })
    .where('id', '=', id)
    .where('status', '=', 'refused')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A row the sender holds: what it needs to deliver and to decide after a failure. */
export interface ClaimedOutboxEvent {
  id: string;
  platform: Platform;
  eventId: string;
  eventName: string;
  projectId: string | null;
  payload: string;
  attempts: number;
  eventTime: string;
}

/** Pending rows due at `now` and not held by a live claim, oldest first. */
export async function listDueOutboxIds(db: Db, now: string, limit: number): Promise<string[]> {
  const rows = await firstRows(
    db,
    db
      .selectFrom('outbox_events')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
      .orderBy('next_attempt_at')
      .orderBy('id'),
    limit,
  ).execute();
  return rows.map((row) => row.id);
}

/**
 * Claims one row until `until` by compare-and-set, counting the attempt before it is made: of two
 * senders (or a sender and its own restarted self) only one wins, and a sender that dies after
 * claiming leaves the row to come due again when the claim runs out.
 */
export async function claimOutboxEvent(
  db: Db,
  input: { id: string; now: string; until: string },
): Promise<ClaimedOutboxEvent | undefined> {
  const result = await db
    .updateTable('outbox_events')
    .set((eb) => ({
      claimed_until: input.until,
      last_attempt_at: input.now,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', input.id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', input.now)]))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  const row = await db
    .selectFrom('outbox_events')
    .select([
      'id',
      'destination',
      'event_id',
      'event_name',
      'project_id',
      'payload',
      'attempts',
      'event_time',
      'created_at',
    ])
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    platform: row.destination as Platform,
    eventId: row.event_id,
    eventName: row.event_name ?? '',
    projectId: row.project_id,
    payload: row.payload,
    attempts: Number(row.attempts),
    eventTime: row.event_time ?? row.created_at,
  };
}

/** The outcome of one attempt; only the claim's holder (claimed_until = its own) may record it. */
export async function recordOutboxAttempt(
  db: Db,
  input: {
    id: string;
    claimedUntil: string;
    status: OutboxStatus;
    httpStatus: number | null;
    error: string | null;
    nextAttemptAt: string | null;
    sentAt: string | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox_events')
    .set({
      status: input.status,
      last_http_status: input.httpStatus,
      last_error: input.error === null ? null : input.error.slice(0, 2000),
      claimed_until: null,
      sent_at: input.sentAt,
      ...(input.nextAttemptAt === null ? {} : { next_attempt_at: input.nextAttemptAt }),
    })
    .where('id', '=', input.id)
    .where('claimed_until', '=', input.claimedUntil)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** An admin's retry of a row that gave up: due at once, its attempts counted on. */
export async function retryFailedOutboxEvent(
  db: Db,
  input: { id: string; projectId: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox_events')
    .set({ status: 'pending', next_attempt_at: input.now, claimed_until: null })
    .where('id', '=', input.id)
    .where('project_id', '=', input.projectId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The delivery log of one project, newest first, one keyset page (`limit` + 1 tells if more). */
export async function listOutboxLog(
  db: Db,
  input: { projectId: string; before: KeysetCursor | undefined; limit: number },
): Promise<OutboxLogRow[]> {
  let query = db
    .selectFrom('outbox_events')
    .select([
      'id',
      'destination',
      'event_name',
      'event_id',
      'stage',
      'conversation_id',
      'status',
      'attempts',
      'last_http_status',
      'last_error',
      'created_at',
      'sent_at',
      'next_attempt_at',
    ])
    .where('project_id', '=', input.projectId);
  const before = input.before;
  if (before) {
    query = query.where((eb) =>
      eb.and([
        eb('created_at', '<=', before.at),
        eb.or([eb('created_at', '<', before.at), eb('id', '<', before.id)]),
      ]),
    );
  }
  const rows = await firstRows(
    db,
    query.orderBy('created_at', 'desc').orderBy('id', 'desc'),
    input.limit + 1,
  ).execute();
  return rows.map((row) => ({
    id: row.id,
    platform: row.destination,
    eventName: row.event_name,
    eventId: row.event_id,
    stage: row.stage,
    conversationId: row.conversation_id,
    status: row.status,
    attempts: Number(row.attempts),
    lastHttpStatus: row.last_http_status === null ? null : Number(row.last_http_status),
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    nextAttemptAt: row.next_attempt_at,
  }));
}

/** Delivered and given-up events created since `since` (the last 24 h), one project or all. */
export async function countOutboxOutcomesSince(
  db: Db,
  since: string,
  projectId?: string,
): Promise<{ sent: number; failed: number }> {
  let query = db
    .selectFrom('outbox_events')
    .select(['status', (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('created_at', '>=', since)
    .where('status', 'in', ['sent', 'failed']);
  if (projectId !== undefined) query = query.where('project_id', '=', projectId);
  const rows = await query.groupBy('status').execute();
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0);
  return { sent: count('sent'), failed: count('failed') };
}

/** A project's tracking settings as stored (credentials still sealed). */
export async function findProjectTrackingSettings(
  db: Db,
  projectId: string,
): Promise<ProjectTrackingSettings | undefined> {
  const row = await db
    .selectFrom('projects')
    .select([
      'meta_pixel_id',
      'meta_capi_token',
      'meta_test_event_code',
      'meta_not_qualified_event',
      'ga4_measurement_id',
      'ga4_api_secret',
      'ga4_side',
      'default_currency',
    ])
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    metaPixelId: row.meta_pixel_id,
    metaCapiToken: row.meta_capi_token,
    metaTestEventCode: row.meta_test_event_code,
    metaNotQualifiedEvent: row.meta_not_qualified_event,
    ga4MeasurementId: row.ga4_measurement_id,
    ga4ApiSecret: row.ga4_api_secret,
    ga4Side: row.ga4_side,
    defaultCurrency: row.default_currency,
  };
}

/** Writes a project's tracking settings; a credential left undefined keeps its stored value. */
export async function updateProjectTrackingSettings(
  db: Db,
  projectId: string,
  patch: Partial<ProjectTrackingSettings>,
  now: string,
): Promise<boolean> {
  const set: Record<string, string | null> = { updated_at: now };
  const columns: Record<keyof ProjectTrackingSettings, string> = {
    metaPixelId: 'meta_pixel_id',
    metaCapiToken: 'meta_capi_token',
    metaTestEventCode: 'meta_test_event_code',
    metaNotQualifiedEvent: 'meta_not_qualified_event',
    ga4MeasurementId: 'ga4_measurement_id',
    ga4ApiSecret: 'ga4_api_secret',
    ga4Side: 'ga4_side',
    defaultCurrency: 'default_currency',
  };
  for (const [key, column] of Object.entries(columns)) {
    const value = patch[key as keyof ProjectTrackingSettings];
    if (value !== undefined) set[column] = value;
  }
  const result = await db.updateTable('projects').set(set).where('id', '=', projectId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
