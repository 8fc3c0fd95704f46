import type { Db } from '../db/database.ts';
import { checkedNotSought, firstRows } from '../db/dialect.ts';
import { type KeysetCursor, upperBoundAfter } from '../shared/keyset-cursor.ts';
import type { AnalyticsChat } from './analytics.ts';
import {
  COMBINED_COUNT_CAP,
  countCapFor,
  nameAndVersion,
  type ReportFilters,
  type ReportRow,
  type ReportSlug,
  utmTrail,
} from './report.ts';

/**
 * The reports' one query (REP-1, docs/decisions/0026): conversations under the shared filters,
 * newest first by (created_at, id), a keyset page with a leading range so every page is an index
 * seek; each report only adds its joins and columns. Indexes: conversations_created_ix,
 * _project_created_ix, _status_created_ix, _stage_created_id_ix, _assignee_created_ix,
 * _assignee_stage_created_ix.
 */
function filtered(db: Db, filters: ReportFilters) {
  let query = db.selectFrom('conversations');
  if (filters.projectId) query = query.where('conversations.project_id', '=', filters.projectId);
  if (filters.agentId) query = query.where('conversations.assignee_id', '=', filters.agentId);
  if (filters.status) query = query.where('conversations.status', '=', filters.status);
  if (filters.stage) query = query.where('conversations.lead_stage', '=', filters.stage);
  if (filters.from) query = query.where('conversations.created_at', '>=', filters.from);
  if (filters.to) query = query.where('conversations.created_at', '<=', filters.to);
  return query;
}

function paged(db: Db, filters: ReportFilters, after: KeysetCursor | undefined) {
  // With two equalities (agent and stage) and a cursor, `from` is checked on each row, not sought:
  // without statistics SQLite rates (lead_stage, created_at) sought from both ends above
  // (assignee_id, lead_stage, created_at) sought from one, and reads every chat of the stage.
  const fromChecked =
    after !== undefined && filters.from !== undefined && countCapFor(filters) === COMBINED_COUNT_CAP;
  let query = filtered(
    db,
    after ? { ...filters, to: undefined, ...(fromChecked ? { from: undefined } : {}) } : filters,
  )
    .orderBy('conversations.created_at', 'desc')
    .orderBy('conversations.id', 'desc');
  if (fromChecked && filters.from) {
    query = query.where(checkedNotSought<string>('conversations.created_at'), '>=', filters.from);
  }
  if (after) {
    // `created_at <=` first: the range the index seeks to; the OR only breaks ties by id.
    query = query
      .where('conversations.created_at', '<=', upperBoundAfter(after, filters.to))
      .where((eb) =>
        eb.or([eb('conversations.created_at', '<', after.at), eb('conversations.id', '<', after.id)]),
      );
  }
  return query;
}

async function chatDataRows(db: Db, filters: ReportFilters, after: KeysetCursor | undefined, limit: number) {
  const query = paged(db, filters, after)
    .innerJoin('projects', 'projects.id', 'conversations.project_id')
    .leftJoin('users', 'users.id', 'conversations.assignee_id')
    .select([
      'conversations.id',
      'conversations.created_at',
      'conversations.visitor_name',
      'conversations.visitor_phone',
      'conversations.visitor_email',
      'projects.title as project_title',
      'conversations.status',
      'users.display_name as agent_name',
      'conversations.lead_stage',
      'conversations.last_message_at',
    ]);
  const rows = await firstRows(db, query, limit).execute();
  return rows.map(
    (row): ReportRow => ({
      id: row.id,
      createdAt: row.created_at,
      visitorName: row.visitor_name,
      visitorPhone: row.visitor_phone,
      visitorEmail: row.visitor_email,
      projectTitle: row.project_title,
      status: row.status,
      agentName: row.agent_name,
      leadStage: row.lead_stage,
      updatedAt: row.last_message_at,
    }),
  );
}

async function userDataRows(db: Db, filters: ReportFilters, after: KeysetCursor | undefined, limit: number) {
  const query = paged(db, filters, after)
    .innerJoin('projects', 'projects.id', 'conversations.project_id')
    .innerJoin('visitors', 'visitors.id', 'conversations.visitor_id')
    .leftJoin('attributions', 'attributions.id', 'conversations.attribution_id')
    .select([
      'conversations.id',
      'conversations.created_at',
      'conversations.visitor_name',
      'conversations.visitor_phone',
      'conversations.visitor_email',
      'projects.title as project_title',
      'attributions.source_domain',
      'attributions.referrer',
      'attributions.utm_source',
      'attributions.utm_medium',
      'attributions.utm_campaign',
      'visitors.created_at as first_seen_at',
    ]);
  const rows = await firstRows(db, query, limit).execute();
  return rows.map(
    (row): ReportRow => ({
      id: row.id,
      createdAt: row.created_at,
      visitorName: row.visitor_name,
      visitorPhone: row.visitor_phone,
      visitorEmail: row.visitor_email,
      projectTitle: row.project_title,
      sourceDomain: row.source_domain,
      referrer: row.referrer,
      utmSource: row.utm_source,
      utmMedium: row.utm_medium,
      utmCampaign: row.utm_campaign,
      firstSeenAt: row.first_seen_at,
    }),
  );
}

async function userAnalysisRows(
  db: Db,
  filters: ReportFilters,
  after: KeysetCursor | undefined,
  limit: number,
) {
  const query = paged(db, filters, after)
    .innerJoin('visitors', 'visitors.id', 'conversations.visitor_id')
    .leftJoin('attributions as touch', 'touch.id', 'conversations.attribution_id')
    .leftJoin('attributions as first', 'first.id', 'visitors.first_attribution_id')
    .select([
      'conversations.id',
      'conversations.created_at',
      'conversations.visitor_name',
      'touch.device_type',
      'touch.os_name',
      'touch.os_version',
      'touch.browser_name',
      'touch.browser_version',
      'touch.language',
      'touch.connection_type',
      'touch.geo_country',
      'touch.geo_region',
      'touch.geo_city',
      'touch.time_on_page_ms',
      'touch.is_returning',
      'touch.utm_source',
      'touch.utm_medium',
      'touch.utm_campaign',
      'touch.utm_term',
      'touch.utm_content',
      'first.utm_source as first_utm_source',
      'first.utm_medium as first_utm_medium',
      'first.utm_campaign as first_utm_campaign',
    ]);
  const rows = await firstRows(db, query, limit).execute();
  return rows.map((row): ReportRow => {
    const chat = utmTrail([row.utm_source, row.utm_medium, row.utm_campaign, row.utm_term, row.utm_content]);
    const first = utmTrail([row.first_utm_source, row.first_utm_medium, row.first_utm_campaign]);
    return {
      id: row.id,
      createdAt: row.created_at,
      visitorName: row.visitor_name,
      deviceType: row.device_type,
      os: nameAndVersion(row.os_name, row.os_version),
      browser: nameAndVersion(row.browser_name, row.browser_version),
      language: row.language,
      connectionType: row.connection_type,
      geoCountry: row.geo_country,
      geoRegion: row.geo_region,
      geoCity: row.geo_city,
      timeOnPageS: row.time_on_page_ms === null ? null : Math.round(Number(row.time_on_page_ms) / 1000),
      returning: row.is_returning === null ? null : Number(row.is_returning),
      // The visitor's first touch, then this chat's touch when it differs: how they came back.
      utmTrail: first && chat && first !== chat ? `${first} → ${chat}` : (chat ?? first),
    };
  });
}

const pageQueries: Record<
  ReportSlug,
  (db: Db, filters: ReportFilters, after: KeysetCursor | undefined, limit: number) => Promise<ReportRow[]>
> = {
  'chat-data': chatDataRows,
  'user-data': userDataRows,
  'user-analysis': userAnalysisRows,
};

/** Up to `limit` rows of a report after `after` (exclusive), newest first. */
export function listReportRows(
  db: Db,
  slug: ReportSlug,
  filters: ReportFilters,
  after: KeysetCursor | undefined,
  limit: number,
): Promise<ReportRow[]> {
  return pageQueries[slug](db, filters, after, limit);
}

/** The rows matching the filters, counted up to `cap` (PERF-2: shown as "cap+" beyond it). */
export async function countReportRows(db: Db, filters: ReportFilters, cap: number): Promise<number> {
  const capped = firstRows(db, filtered(db, filters).select('conversations.id'), cap);
  const row = await db
    .selectFrom(capped.as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** CRM analytics (docs/decisions/0027): a keyset page of the filtered chats with what the fold reads. */
export async function listAnalyticsChats(
  db: Db,
  filters: ReportFilters,
  after: KeysetCursor | undefined,
  limit: number,
): Promise<AnalyticsChat[]> {
  const query = paged(db, filters, after)
    .leftJoin('attributions', 'attributions.id', 'conversations.attribution_id')
    .select([
      'conversations.id',
      'conversations.assignee_id',
      'conversations.project_id',
      'conversations.lead_stage',
      'conversations.created_at',
      'conversations.closed_at',
      'conversations.conversion_value',
      'attributions.utm_campaign',
    ]);
  const rows = await firstRows(db, query, limit).execute();
  return rows.map((row) => ({
    id: row.id,
    assigneeId: row.assignee_id,
    projectId: row.project_id,
    stage: row.lead_stage,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    conversionValue: row.conversion_value === null ? null : Number(row.conversion_value),
    campaign: row.utm_campaign,
    firstResponseAt: null,
  }));
}

/**
 * Staff and AI messages of some chats (at most 1,000 ids: SQL Server's parameter limit), per chat
 * and sender, with each group's first time: the chats' first responses and who sent how many.
 */
export async function listStaffMessageStats(db: Db, conversationIds: readonly string[]) {
  if (conversationIds.length === 0) return [];
  const rows = await db
    .selectFrom('messages')
    .select((eb) => [
      'messages.conversation_id',
      'messages.sender_user_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.min('messages.created_at').as('first_at'),
    ])
    .where('messages.conversation_id', 'in', conversationIds)
    .where('messages.sender_kind', 'in', ['agent', 'admin', 'ai'])
    .groupBy(['messages.conversation_id', 'messages.sender_user_id'])
    .execute();
  return rows.map((row) => ({
    conversationId: row.conversation_id,
    senderId: row.sender_user_id,
    count: Number(row.n),
    firstAt: String(row.first_at),
  }));
}
