import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { firstRows } from '../db/dialect.ts';
import { TOUCH_COLUMNS, toLeadTouch } from '../leads/lead-touch.ts';
import { type KeysetCursor, upperBoundAfter } from '../shared/keyset-cursor.ts';
import type { LeadDetail, LeadFilters, LeadNote, LeadRow, LeadScope, LeadSource } from './lead.ts';
import { filtered, LEAD_RANGE_SORT_LIMIT, rangeUseOf } from './lead-filter.queries.ts';

/**
 * One page of the lead inbox (CRM-1, CRM-4) plus whether an older page exists (fetches one row
 * more than shown), newest first by (created_at, id): an index range at any depth.
 */
export async function listLeadsPage(
  db: Db,
  scope: LeadScope,
  filters: LeadFilters,
  after: KeysetCursor | undefined,
  pageSize: number,
): Promise<{ rows: LeadRow[]; hasMore: boolean }> {
  const rangeUse = await rangeUseOf(db, filters, LEAD_RANGE_SORT_LIMIT);
  let query = filtered(db, scope, after ? { ...filters, to: undefined } : filters, rangeUse)
    .leftJoin('projects', 'projects.id', 'leads.project_id')
    .leftJoin('users', 'users.id', 'leads.assignee_id')
    .leftJoin('attributions', 'attributions.id', 'leads.attribution_id')
    .select([
      'leads.id',
      'leads.source',
      'projects.title as project_title',
      'leads.name',
      'leads.phone',
      'leads.email',
      'leads.stage',
      'leads.assignee_id',
      'users.display_name as assignee_name',
      'leads.follow_up_on',
      'attributions.utm_campaign',
      'leads.duplicate_of_id',
      'leads.created_at',
    ])
    .orderBy('leads.created_at', 'desc')
    .orderBy('leads.id', 'desc');
  if (filters.source) query = query.where('leads.source', '=', filters.source);
  if (after) {
    // The leading `created_at <=` gives every dialect an index range; the OR breaks ties by id.
    query = query
      .where('leads.created_at', '<=', upperBoundAfter(after, filters.to))
      .where((eb) => eb.or([eb('leads.created_at', '<', after.at), eb('leads.id', '<', after.id)]));
  }
  const rows = await firstRows(db, query, pageSize + 1).execute();
  return {
    hasMore: rows.length > pageSize,
    rows: rows.slice(0, pageSize).map((row) => ({
      id: row.id,
      source: row.source,
      projectTitle: row.project_title,
      name: row.name,
      phone: row.phone,
      email: row.email,
      stage: row.stage,
      assigneeId: row.assignee_id,
      assigneeName: row.assignee_name,
      followUpOn: row.follow_up_on,
      utmCampaign: row.utm_campaign,
      duplicateOfId: row.duplicate_of_id,
      createdAt: row.created_at,
    })),
  };
}

/** Leads per source tab under the same filters, each counted up to `cap` (PERF-2 capped counts). */
export async function countLeadsBySource(
  db: Db,
  scope: LeadScope,
  filters: Omit<LeadFilters, 'source'>,
  cap: number,
): Promise<Record<LeadSource, number>> {
  const sources = ['chat', 'web', 'csv', 'sheet'] as const;
  const counts = await Promise.all(
    sources.map(async (source) => {
      // A constant, not the id: every (source, …) index then answers the count by itself.
      const capped = firstRows(
        db,
        filtered(db, scope, filters).select(sql<number>`1`.as('one')).where('leads.source', '=', source),
        cap,
      );
      const row = await db
        .selectFrom(capped.as('capped'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return [source, Number(row.n)] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<LeadSource, number>;
}

export async function findLeadDetail(db: Db, leadId: string): Promise<LeadDetail | undefined> {
  const row = await db
    .selectFrom('leads')
    .leftJoin('projects', 'projects.id', 'leads.project_id')
    .leftJoin('users', 'users.id', 'leads.assignee_id')
    .leftJoin('attributions as a', 'a.id', 'leads.attribution_id')
    .select([
      'leads.id',
      'leads.source',
      'leads.project_id',
      'projects.title as project_title',
      'leads.name',
      'leads.phone',
      'leads.email',
      'leads.stage',
      'leads.assignee_id',
      'users.display_name as assignee_name',
      'leads.follow_up_on',
      'leads.final_remark',
      'leads.page_url',
      'leads.form_name',
      'leads.visitor_id',
      'leads.duplicate_of_id',
      'leads.created_at',
      'leads.updated_at',
      'a.id as touch_id',
      ...TOUCH_COLUMNS.filter((c) => c !== 'created_at').map((c) => `a.${c}` as const),
      'a.created_at as touch_at',
    ])
    .where('leads.id', '=', leadId)
    .executeTakeFirst();
  if (!row) return undefined;
  const conversation = row.visitor_id
    ? await firstRows(
        db,
        db
          .selectFrom('conversations')
          .select('id')
          .where('visitor_id', '=', row.visitor_id)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc'),
        1,
      ).executeTakeFirst()
    : undefined;
  return {
    id: row.id,
    source: row.source,
    projectId: row.project_id,
    projectTitle: row.project_title,
    name: row.name,
    phone: row.phone,
    email: row.email,
    stage: row.stage,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    followUpOn: row.follow_up_on,
    finalRemark: row.final_remark,
    pageUrl: row.page_url,
    formName: row.form_name,
    visitorId: row.visitor_id,
    conversationId: conversation?.id ?? null,
    utmCampaign: row.utm_campaign,
    duplicateOfId: row.duplicate_of_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    touch: row.touch_id ? toLeadTouch({ ...row, created_at: row.touch_at ?? row.created_at }) : null,
  };
}

/** The note trail of a lead, oldest first (CRM-3: append-only, never edited or deleted). */
export async function listLeadNotes(db: Db, leadId: string, count: number): Promise<LeadNote[]> {
  const rows = await firstRows(
    db,
    db
      .selectFrom('lead_notes')
      .innerJoin('users', 'users.id', 'lead_notes.author_id')
      .select(['lead_notes.id', 'users.display_name', 'lead_notes.body', 'lead_notes.created_at'])
      .where('lead_notes.lead_id', '=', leadId)
      .orderBy('lead_notes.created_at', 'desc')
      .orderBy('lead_notes.id', 'desc'),
    count,
  ).execute();
  return rows.reverse().map((row) => ({
    id: row.id,
    authorName: row.display_name,
    body: row.body,
    createdAt: row.created_at,
  }));
}

export async function insertLeadNote(
  db: Db,
  note: {
    id: string;
    leadId: string;
    conversationId: string | null;
    authorId: string;
    body: string;
    now: string;
  },
): Promise<void> {
  await db
    .insertInto('lead_notes')
    .values({
      id: note.id,
      lead_id: note.leadId,
      conversation_id: note.conversationId,
      author_id: note.authorId,
      body: note.body,
      created_at: note.now,
    })
    .execute();
}

export async function updateLeadFollowUp(
  db: Db,
  input: { leadId: string; followUpOn: string | null; finalRemark: string | null; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('leads')
    .set({ follow_up_on: input.followUpOn, final_remark: input.finalRemark, updated_at: input.now })
    .where('id', '=', input.leadId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateLeadAssignee(
  db: Db,
  input: { leadId: string; assigneeId: string | null; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('leads')
    .set({ assignee_id: input.assigneeId, updated_at: input.now })
    .where('id', '=', input.leadId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Leads per stage under the same filters (the pipeline board's columns, BEYOND-8), the source tab
 * included, each counted up to `cap` (PERF-2 capped counts). The filter's own stage is ignored:
 * every column is its stage.
 */
export async function countLeadsByStage(
  db: Db,
  scope: LeadScope,
  filters: LeadFilters,
  stages: readonly string[],
  cap: number,
): Promise<Record<string, number>> {
  const counts = await Promise.all(
    stages.map(async (stage) => {
      let matching = filtered(db, scope, { ...filters, stage }).select('leads.id');
      if (filters.source) matching = matching.where('leads.source', '=', filters.source);
      const row = await db
        .selectFrom(firstRows(db, matching, cap).as('capped'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return [stage, Number(row.n)] as const;
    }),
  );
  return Object.fromEntries(counts);
}
