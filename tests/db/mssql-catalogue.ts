import * as agentConsole from '../../src/agent/agent-console.queries.ts';
import * as buckets from '../../src/agent/buckets.queries.ts';
import * as ai from '../../src/ai/ai.queries.ts';
import * as aiSettings from '../../src/ai/ai-settings.queries.ts';
import * as sessions from '../../src/auth/sessions.queries.ts';
import * as users from '../../src/auth/users.queries.ts';
import * as canned from '../../src/canned-replies/canned-replies.queries.ts';
import * as chats from '../../src/chats/chats.queries.ts';
import * as conversations from '../../src/conversations/conversations.queries.ts';
import * as leadFilter from '../../src/crm/lead-filter.queries.ts';
import * as leadImports from '../../src/crm/lead-imports.queries.ts';
import * as crmLeads from '../../src/crm/leads.queries.ts';
import * as sheetSources from '../../src/crm/sheet-sources.queries.ts';
import * as webLeads from '../../src/crm/web-leads.queries.ts';
import * as dashboard from '../../src/dashboard/dashboard.queries.ts';
import type { Db } from '../../src/db/database.ts';
import * as jobs from '../../src/jobs/jobs.queries.ts';
import * as chatLeads from '../../src/leads/chat-leads.queries.ts';
import * as leadEvents from '../../src/leads/lead-events.queries.ts';
import * as leadStage from '../../src/leads/lead-stage.queries.ts';
import * as conversationState from '../../src/messages/conversation-state.queries.ts';
import * as messages from '../../src/messages/messages.queries.ts';
import type { ProjectFields } from '../../src/projects/project.ts';
import * as projects from '../../src/projects/projects.queries.ts';
import * as qa from '../../src/qa/qa.queries.ts';
import * as qualityReport from '../../src/qa/quality-report.queries.ts';
import * as scorecards from '../../src/qa/scorecards.queries.ts';
import * as realtime from '../../src/realtime/realtime.queries.ts';
import { REPORT_SLUGS } from '../../src/reports/report.ts';
import * as reports from '../../src/reports/reports.queries.ts';
import * as transcripts from '../../src/reports/transcript.queries.ts';
import * as routing from '../../src/routing/routing.queries.ts';
import * as ipBlocks from '../../src/security/ip-blocks.queries.ts';
import * as loginHistory from '../../src/security/login-history.queries.ts';
import * as settings from '../../src/settings/settings.queries.ts';
import * as staffQueries from '../../src/staff/staff.queries.ts';
import * as stars from '../../src/stars/stars.queries.ts';
import * as outbox from '../../src/tracking/outbox.queries.ts';
import * as attachments from '../../src/visitors/attachments.queries.ts';
import { captureTouch } from '../../src/visitors/attribution.ts';
import * as csat from '../../src/visitors/csat.queries.ts';
import * as visitors from '../../src/visitors/visitors.queries.ts';

/**
 * One representative call of every exported function of every `src/**\/*.queries.ts` module,
 * compiled for SQL Server by tests/db/mssql-compat.test.ts. A query module or function missing
 * here fails that test: add the call when you add the query.
 */
export type QueryCalls = Record<string, (db: Db) => Promise<unknown>>;

const NOW = '2026-11-23T10:00:00.000Z';
const SHEET_FIELDS = {
  name: 'Form',
  projectId: '01KMX0000000000000000000AA',
  spreadsheetId: '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms',
  range: 'Form Responses 1',
  columnMap: '{}',
  pollIntervalS: 60,
  defaultCountry: 'GB',
  defaultStage: 'qualified',
  defaultOwnerId: '01KMX0000000000000000000AA',
  enabled: true,
};
const ID = '01KMX0000000000000000000AA';
const PROJECT_FIELDS: ProjectFields = {
  slug: 's',
  name: 'n',
  title: 't',
  subtitle: '',
  accentColor: '#2563eb',
  headerColor: '#0f172a',
  welcomeHeading: '',
  welcomeMessage: '',
  formHeading: '',
  formDescription: '',
  defaultCountry: null,
  iconUrl: null,
  aiInstructions: null,
};

export const catalogue: Record<string, { module: Record<string, unknown>; calls: QueryCalls }> = {
  'src/agent/agent-console.queries.ts': {
    module: agentConsole,
    calls: {
      listFollowUpsDue: (db) => agentConsole.listFollowUpsDue(db, ID, '2026-11-23', 50),
      listUnreadCounts: (db) => agentConsole.listUnreadCounts(db, ID),
      countUnreadOf: (db) => agentConsole.countUnreadOf(db, [ID]),
      listLiveChatAgentNames: (db) => agentConsole.listLiveChatAgentNames(db, ID),
      listUserNames: (db) => agentConsole.listUserNames(db, [ID]),
      listMessageQuotes: (db) => agentConsole.listMessageQuotes(db, ID, [ID]),
      listAttachmentSizes: (db) => agentConsole.listAttachmentSizes(db, ID, [ID]),
    },
  },
  'src/canned-replies/canned-replies.queries.ts': {
    module: canned,
    calls: {
      listCannedReplies: (db) => canned.listCannedReplies(db, ID),
      findCannedReply: (db) => canned.findCannedReply(db, ID, ID),
      insertCannedReply: (db) =>
        canned.insertCannedReply(db, { id: ID, userId: ID, title: 't', body: 'b', position: 1, now: NOW }),
      updateCannedReply: (db) =>
        canned.updateCannedReply(db, { id: ID, userId: ID, title: 't', body: 'b', now: NOW }),
      deleteCannedReply: (db) => canned.deleteCannedReply(db, ID, ID),
    },
  },
  'src/crm/lead-imports.queries.ts': {
    module: leadImports,
    calls: {
      insertLeadImport: (db) =>
        leadImports.insertLeadImport(db, {
          id: ID,
          projectId: ID,
          fileName: 'leads.csv',
          byteSize: 10,
          createdBy: ID,
          now: NOW,
        }),
      findLeadImport: (db) => leadImports.findLeadImport(db, ID),
      listRecentLeadImports: (db) => leadImports.listRecentLeadImports(db, 20),
      lastProjectMapping: (db) => leadImports.lastProjectMapping(db, ID),
      queueLeadImport: (db) =>
        leadImports.queueLeadImport(db, {
          id: ID,
          columnMap: '{}',
          columnIndexes: '{"phone":0}',
          defaultCountry: 'GB',
          stage: 'new',
          assigneeId: null,
          onDuplicate: 'merge',
        }),
      listClaimableImports: (db) => leadImports.listClaimableImports(db, { worker: ID, now: NOW }, 1),
      claimLeadImport: (db) => leadImports.claimLeadImport(db, { id: ID, worker: ID, now: NOW, until: NOW }),
      holdImportChunk: (db) => leadImports.holdImportChunk(db, { id: ID, worker: ID, done: 250, until: NOW }),
      updateImportProgress: (db) =>
        leadImports.updateImportProgress(db, {
          id: ID,
          totals: { dataRows: 1, imported: 1, merged: 0, flagged: 0, rejected: 0, skipped: 0 },
          reportBytes: 100,
        }),
      updateImportTotalRows: (db) => leadImports.updateImportTotalRows(db, { id: ID, worker: ID, total: 10 }),
      finishLeadImport: (db) =>
        leadImports.finishLeadImport(db, {
          id: ID,
          worker: ID,
          status: 'done',
          totals: { dataRows: 1, imported: 1, merged: 0, flagged: 0, rejected: 0, skipped: 0 },
          reportBytes: 100,
          error: null,
          now: NOW,
        }),
      releaseTroubledImport: (db) =>
        leadImports.releaseTroubledImport(db, { id: ID, worker: ID, retryAt: NOW }),
      insertImportedLead: (db) =>
        leadImports.insertImportedLead(db, {
          id: ID,
          projectId: ID,
          source: 'csv',
          sourceId: null,
          lead: {
            name: 'Ada',
            phone: '+447400123456',
            phoneCountry: 'GB',
            email: 'a@example.com',
            stage: null,
            followUpOn: '2026-12-01',
            remark: null,
            note: null,
            utmSource: null,
            utmMedium: null,
            utmCampaign: 'brand',
            utmTerm: null,
            utmContent: null,
            gclid: null,
            fbclid: null,
            pageUrl: null,
            externalId: 'x1',
            submittedAt: null,
          },
          stage: 'new',
          assigneeId: null,
          attributionId: null,
          duplicateOfId: null,
          now: NOW,
        }),
      findLeadContact: (db) => leadImports.findLeadContact(db, ID),
      listStaleUploads: (db) => leadImports.listStaleUploads(db, NOW, 100),
      listLeadsWithContacts: (db) =>
        leadImports.listLeadsWithContacts(db, ID, { phones: ['+447400123456'], emails: ['a@example.com'] }),
      expireLeadImport: (db) => leadImports.expireLeadImport(db, ID, NOW),
      updateMergedLead: (db) =>
        leadImports.updateMergedLead(db, {
          id: ID,
          name: 'Ada',
          phone: '+447400123456',
          phoneCountry: 'GB',
          email: null,
          pageUrl: null,
          followUpOn: null,
          finalRemark: null,
          now: NOW,
        }),
    },
  },
  'src/crm/sheet-sources.queries.ts': {
    module: sheetSources,
    calls: {
      insertSheetSource: (db) =>
        sheetSources.insertSheetSource(db, {
          ...SHEET_FIELDS,
          id: ID,
          keySealed: 'v1.a.b.c',
          clientEmail: 'reader@p.iam.gserviceaccount.com',
          createdBy: ID,
          now: NOW,
        }),
      updateSheetSource: (db) =>
        sheetSources.updateSheetSource(db, {
          ...SHEET_FIELDS,
          id: ID,
          key: { sealed: 'v1.a.b.c', clientEmail: 'reader@p.iam.gserviceaccount.com' },
          now: NOW,
        }),
      updateSheetSourceEnabled: (db) =>
        sheetSources.updateSheetSourceEnabled(db, { id: ID, enabled: false, now: NOW }),
      findSheetSource: (db) => sheetSources.findSheetSource(db, ID),
      listSheetSources: (db) => sheetSources.listSheetSources(db),
      listDueSheetSources: (db) => sheetSources.listDueSheetSources(db, NOW, 10),
      listSeenIdentities: (db) => sheetSources.listSeenIdentities(db, ID),
      insertSourceRow: (db) =>
        sheetSources.insertSourceRow(db, { sourceId: ID, identity: 'a'.repeat(32), leadId: null, now: NOW }),
      recordSheetPollSuccess: (db) =>
        sheetSources.recordSheetPollSuccess(db, {
          id: ID,
          now: NOW,
          nextPollAt: NOW,
          result: 'No new rows.',
        }),
      recordSheetPollFailure: (db) =>
        sheetSources.recordSheetPollFailure(db, {
          id: ID,
          now: NOW,
          nextPollAt: NOW,
          error: '403',
          failures: 1,
        }),
    },
  },
  'src/crm/web-leads.queries.ts': {
    module: webLeads,
    calls: {
      findWebLeadReceipt: (db) => webLeads.findWebLeadReceipt(db, ID, 'client-0001'),
      findFirstLeadWithContact: (db) =>
        webLeads.findFirstLeadWithContact(db, ID, { phone: '+447400123456', email: 'a@example.com' }),
      insertWebLead: (db) =>
        webLeads.insertWebLead(db, {
          id: ID,
          projectId: ID,
          lead: {
            clientId: 'client-0001',
            name: 'Ada',
            phone: '+447400123456',
            phoneCountry: 'GB',
            email: 'a@example.com',
            pageUrl: 'https://www.client.com/',
            formName: 'contact',
          },
          attributionId: ID,
          duplicateOfId: undefined,
          stage: 'qualified',
          assigneeId: ID,
          now: NOW,
        }),
      findWebLeadDefaults: (db) => webLeads.findWebLeadDefaults(db, ID),
      updateWebLeadDefaults: (db) =>
        webLeads.updateWebLeadDefaults(db, {
          projectId: ID,
          defaults: { stage: 'qualified', ownerId: ID },
          now: NOW,
        }),
    },
  },
  'src/leads/chat-leads.queries.ts': {
    module: chatLeads,
    calls: {
      saveChatLead: (db) =>
        chatLeads.saveChatLead(db, {
          visitorId: ID,
          projectId: ID,
          contact: { name: 'Ada', phone: '+447400123456', email: 'a@example.com' },
          attributionId: ID,
          now: NOW,
        }),
      assignChatLead: (db) => chatLeads.assignChatLead(db, ID, ID, NOW),
      findChatLeadSummary: (db) => chatLeads.findChatLeadSummary(db, { visitorId: ID, attributionId: ID }),
    },
  },
  'src/crm/lead-filter.queries.ts': {
    module: leadFilter,
    calls: {
      filtered: async (db) => {
        const filters = { followUp: 'overdue', today: '2026-11-23', search: 'ada' } as const;
        await leadFilter.filtered(db, { kind: 'all' }, filters, 'filter').select('leads.id').execute();
      },
      rangeUseOf: (db) =>
        leadFilter.rangeUseOf(
          db,
          { source: 'web', followUp: 'week', today: '2026-11-23', search: 'ada@' },
          10_000,
        ),
    },
  },
  'src/crm/leads.queries.ts': {
    module: crmLeads,
    calls: {
      listLeadsPage: (db) =>
        crmLeads.listLeadsPage(
          db,
          { kind: 'agent', agentId: ID },
          {
            source: 'web',
            stage: 'new',
            projectId: ID,
            from: NOW,
            to: NOW,
            followUp: 'week',
            today: '2026-11-23',
            search: '+44 7400 123456',
          },
          { at: NOW, id: ID },
          25,
        ),
      countLeadsBySource: (db) =>
        crmLeads.countLeadsBySource(
          db,
          { kind: 'all' },
          { assigneeId: 'none', today: '2026-11-23', search: 'ada' },
          10_000,
        ),
      countLeadsByStage: (db) =>
        crmLeads.countLeadsByStage(
          db,
          { kind: 'agent', agentId: ID },
          { source: 'csv', stage: 'new', today: '2026-11-23', followUp: 'overdue' },
          ['new', 'qualified', 'not_qualified', 'converted'],
          10_000,
        ),
      findLeadDetail: (db) => crmLeads.findLeadDetail(db, ID),
      listLeadNotes: (db) => crmLeads.listLeadNotes(db, ID, 200),
      insertLeadNote: (db) =>
        crmLeads.insertLeadNote(db, {
          id: ID,
          leadId: ID,
          conversationId: null,
          authorId: ID,
          body: 'b',
          now: NOW,
        }),
      updateLeadFollowUp: (db) =>
        crmLeads.updateLeadFollowUp(db, {
          leadId: ID,
          followUpOn: '2026-11-24',
          finalRemark: null,
          now: NOW,
        }),
      updateLeadAssignee: (db) => crmLeads.updateLeadAssignee(db, { leadId: ID, assigneeId: ID, now: NOW }),
    },
  },
  'src/leads/lead-events.queries.ts': {
    module: leadEvents,
    calls: {
      findLeadEventFacts: async (db) => {
        await leadEvents.findLeadEventFacts(db, { leadId: ID });
        return leadEvents.findLeadEventFacts(db, { conversationId: ID });
      },
      listAgentGrants: (db) => leadEvents.listAgentGrants(db, [ID]),
      listCrmAgentIds: (db) => leadEvents.listCrmAgentIds(db),
    },
  },
  'src/leads/lead-stage.queries.ts': {
    module: leadStage,
    calls: {
      mirrorStageOnChatLead: (db) =>
        leadStage.mirrorStageOnChatLead(db, { conversationId: ID, to: 'qualified', now: NOW }),
      findStandaloneLeadStage: (db) => leadStage.findStandaloneLeadStage(db, ID),
      updateStandaloneLeadStage: (db) =>
        leadStage.updateStandaloneLeadStage(db, { leadId: ID, from: 'new', to: 'qualified', now: NOW }),
      findLeadStage: (db) => leadStage.findLeadStage(db, ID),
      updateConversationLeadStage: (db) =>
        leadStage.updateConversationLeadStage(db, {
          conversationId: ID,
          from: 'new',
          to: 'converted',
          now: NOW,
          conversion: { value: 1200, currency: 'USD' },
        }),
      insertLeadStageChange: (db) =>
        leadStage.insertLeadStageChange(db, {
          id: ID,
          conversationId: ID,
          from: 'new',
          to: 'converted',
          value: 99.5,
          currency: 'EUR',
          actorId: ID,
          at: NOW,
        }),
      hasReachedStage: (db) => leadStage.hasReachedStage(db, { leadId: ID, conversationId: ID }, 'qualified'),
      listLeadStageChanges: (db) => leadStage.listLeadStageChanges(db, ID),
    },
  },
  'src/tracking/outbox.queries.ts': {
    module: outbox,
    calls: {
      findTrackingContext: (db) => outbox.findTrackingContext(db, ID),
      findStandaloneTrackingContext: (db) => outbox.findStandaloneTrackingContext(db, ID),
      listLeadOutboxEvents: (db) => outbox.listLeadOutboxEvents(db, ID),
      insertOutboxEvent: (db) =>
        outbox.insertOutboxEvent(db, {
          id: ID,
          destination: 'meta',
          event_id: `${ID}.qualified`,
          event_name: 'Lead',
          stage: 'qualified',
          project_id: ID,
          conversation_id: ID,
          lead_id: null,
          payload: '{}',
          status: 'pending',
          next_attempt_at: NOW,
          event_time: NOW,
          created_at: NOW,
        }),
      replaceRefusedOutboxEvent: (db) =>
        outbox.replaceRefusedOutboxEvent(db, ID, {
          event_name: 'Purchase',
          payload: '{}',
          status: 'pending',
          next_attempt_at: NOW,
          event_time: NOW,
          last_error: null,
          created_at: NOW,
        }),
      listDueOutboxIds: (db) => outbox.listDueOutboxIds(db, NOW, 20),
      claimOutboxEvent: (db) => outbox.claimOutboxEvent(db, { id: ID, now: NOW, until: NOW }),
      recordOutboxAttempt: (db) =>
        outbox.recordOutboxAttempt(db, {
          id: ID,
          claimedUntil: NOW,
          status: 'pending',
          httpStatus: 500,
          error: 'x',
          nextAttemptAt: NOW,
          sentAt: null,
        }),
      retryFailedOutboxEvent: (db) => outbox.retryFailedOutboxEvent(db, { id: ID, projectId: ID, now: NOW }),
      listOutboxLog: (db) =>
        outbox.listOutboxLog(db, { projectId: ID, before: { at: NOW, id: ID }, limit: 50 }),
      countOutboxOutcomesSince: (db) => outbox.countOutboxOutcomesSince(db, NOW, ID),
      findProjectTrackingSettings: (db) => outbox.findProjectTrackingSettings(db, ID),
      updateProjectTrackingSettings: (db) =>
        outbox.updateProjectTrackingSettings(db, ID, { metaPixelId: '123', ga4ApiSecret: null }, NOW),
    },
  },
  'src/stars/stars.queries.ts': {
    module: stars,
    calls: {
      insertStar: (db) => stars.insertStar(db, ID, ID, NOW),
      deleteStar: (db) => stars.deleteStar(db, ID, ID),
      isStarred: (db) => stars.isStarred(db, ID, ID),
      listStarredAmong: (db) => stars.listStarredAmong(db, ID, [ID]),
    },
  },
  'src/agent/buckets.queries.ts': {
    module: buckets,
    calls: {
      listBucket: (db) =>
        buckets.listBucket(db, {
          bucket: 'unassigned',
          viewerId: ID,
          search: 'ann',
          after: { lastMessageAt: NOW, id: ID, section: 'left' },
        }),
      countBucket: (db) => buckets.countBucket(db, { bucket: 'unassigned', viewerId: ID }),
    },
  },
  'src/auth/sessions.queries.ts': {
    module: sessions,
    calls: {
      insertSession: (db) =>
        sessions.insertSession(db, {
          id: ID,
          userId: ID,
          tokenHash: 'h',
          ip: null,
          userAgent: null,
          now: NOW,
          expiresAt: NOW,
        }),
      findLiveSession: (db) => sessions.findLiveSession(db, 'h', NOW),
      updateSessionSeen: (db) => sessions.updateSessionSeen(db, ID, NOW, NOW),
      revokeSession: (db) => sessions.revokeSession(db, ID, NOW),
      revokeUserSessions: (db) => sessions.revokeUserSessions(db, ID, NOW),
      deleteExpiredSessions: (db) => sessions.deleteExpiredSessions(db, NOW),
    },
  },
  'src/chats/chats.queries.ts': {
    module: chats,
    calls: {
      listChatsPage: (db) =>
        chats.listChatsPage(
          db,
          { status: 'active', stage: 'new', agentId: ID, from: NOW, to: NOW, search: 'ann' },
          { createdAt: NOW, id: ID },
          25,
        ),
      countChatsByStatus: (db) => chats.countChatsByStatus(db, { search: '555', from: NOW }, 10_000),
      countChatsByStage: (db) => chats.countChatsByStage(db, { from: NOW, to: NOW }, 10_000),
      findConversationVisitorIp: (db) => chats.findConversationVisitorIp(db, ID),
    },
  },
  'src/dashboard/dashboard.queries.ts': {
    module: dashboard,
    calls: {
      listDayTallies: (db) => dashboard.listDayTallies(db, '2026-11-01', '2026-11-23'),
      // The first reply is a TOP 1 subquery on SQL Server.
      listFirstResponses: (db) => dashboard.listFirstResponses(db, { from: NOW, to: NOW }, 1_000),
      listWaitingChats: (db) => dashboard.listWaitingChats(db, 8),
      countWaitingChats: (db) => dashboard.countWaitingChats(db, 10_000),
    },
  },
  'src/conversations/conversations.queries.ts': {
    module: conversations,
    calls: {
      findConversationById: (db) => conversations.findConversationById(db, ID),
      searchKeyUse: (db) =>
        conversations.searchKeyUse(
          db,
          { field: 'name', from: 'ann', below: 'ano' },
          { statuses: ['active'], assigneeId: ID },
          2_000,
        ),
      searchKeyCondition: async (db) => {
        await db
          .selectFrom('conversations')
          .select('id')
          .where(
            conversations.searchKeyCondition({ field: 'phone', from: '123', below: undefined }, 'filter'),
          )
          .execute();
      },
      findConversationAccess: (db) => conversations.findConversationAccess(db, ID),
      insertConversation: (db) =>
        conversations.insertConversation(db, {
          id: ID,
          project_id: ID,
          visitor_id: ID,
          status: 'unassigned',
          last_message_at: NOW,
          created_at: NOW,
          updated_at: NOW,
        }),
      updateConversationIf: (db) =>
        conversations.updateConversationIf(db, {
          id: ID,
          transition: 'close',
          from: 'active',
          assigneeId: ID,
          set: { closed_at: NOW },
        }),
      listReleasableConversationIds: (db) => conversations.listReleasableConversationIds(db, ID, 3),
      releaseAgentConversations: (db) =>
        conversations.releaseAgentConversations(db, { userId: ID, keep: 3, now: NOW }),
      countAgentConversations: (db) => conversations.countAgentConversations(db, ID, 'active'),
      findOpenConversationOfVisitor: (db) => conversations.findOpenConversationOfVisitor(db, ID, ID),
    },
  },
  'src/jobs/jobs.queries.ts': {
    module: jobs,
    calls: {
      renewLease: (db) => jobs.renewLease(db, { name: 'sweepers', holder: ID, now: NOW, expiresAt: NOW }),
      insertLease: (db) => jobs.insertLease(db, { name: 'sweepers', holder: ID, expiresAt: NOW }),
      deleteLease: (db) => jobs.deleteLease(db, 'sweepers', ID),
    },
  },
  'src/messages/conversation-state.queries.ts': {
    module: conversationState,
    calls: {
      findConversationState: (db) => conversationState.findConversationState(db, ID),
      advanceReceipt: (db) => conversationState.advanceReceipt(db, ID, 'visitor_read_seq', 3),
    },
  },
  'src/messages/messages.queries.ts': {
    module: messages,
    calls: {
      findMessageByClientId: (db) => messages.findMessageByClientId(db, ID, 'c1'),
      findMessagesByClientIds: (db) =>
        messages.findMessagesByClientIds(db, [{ conversationId: ID, clientMessageId: 'c1' }]),
      advanceSeq: (db) =>
        messages.advanceSeq(db, ID, {
          count: 3,
          now: NOW,
          preview: 'p',
          openOnly: true,
          guard: { assigneeId: ID },
        }),
      listLastSeqs: (db) => messages.listLastSeqs(db, [ID]),
      insertMessages: (db) =>
        messages.insertMessages(db, [
          {
            id: ID,
            conversationId: ID,
            seq: 1,
            senderKind: 'visitor',
            senderUserId: null,
            clientMessageId: 'c1',
            body: 'b',
            replyToId: null,
            attachmentId: null,
            now: NOW,
          },
        ]),
      listRecentMessages: (db) => messages.listRecentMessages(db, ID, { before: { seq: 40 }, limit: 30 }),
      listMessagesAfterSeq: (db) => messages.listMessagesAfterSeq(db, ID, 5),
    },
  },
  'src/reports/reports.queries.ts': {
    module: reports,
    calls: {
      // Every report, every filter, a keyset page after a cursor.
      listReportRows: (db) =>
        Promise.all(
          REPORT_SLUGS.map((slug) =>
            reports.listReportRows(
              db,
              slug,
              { from: NOW, to: NOW, projectId: ID, agentId: ID, status: 'closed', stage: 'converted' },
              { at: NOW, id: ID },
              51,
            ),
          ),
        ),
      countReportRows: (db) => reports.countReportRows(db, { from: NOW, agentId: ID, stage: 'new' }, 10_000),
      listAnalyticsChats: (db) =>
        reports.listAnalyticsChats(
          db,
          { to: NOW, projectId: ID, status: 'closed' },
          { at: NOW, id: ID },
          1000,
        ),
      listStaffMessageStats: (db) => reports.listStaffMessageStats(db, [ID, ID]),
    },
  },
  'src/reports/transcript.queries.ts': {
    module: transcripts,
    calls: {
      findTranscriptHead: (db) => transcripts.findTranscriptHead(db, ID),
      listTranscriptMessages: (db) => transcripts.listTranscriptMessages(db, ID, 500, 500),
    },
  },
  'src/projects/projects.queries.ts': {
    module: projects,
    calls: {
      findProjectBySlugRedirect: (db) => projects.findProjectBySlugRedirect(db, 'old'),
      updateProjectIcon: (db) =>
        projects.updateProjectIcon(
          db,
          ID,
          { key: 'project-icons/x.png', contentType: 'image/png', sizes: '1x1' },
          NOW,
        ),
      findSlugRedirectOwner: (db) => projects.findSlugRedirectOwner(db, 'old'),
      listProjectOldSlugs: (db) => projects.listProjectOldSlugs(db, ID),
      moveProjectSlug: (db) => projects.moveProjectSlug(db, { projectId: ID, from: 'a', to: 'b', now: NOW }),
      insertProject: (db) =>
        projects.insertProject(db, { id: ID, slug: 's', name: 'n', title: 't', now: NOW }),
      countProjects: (db) => projects.countProjects(db),
      findProjectBySlug: (db) => projects.findProjectBySlug(db, 'default'),
      findDefaultProject: (db) => projects.findDefaultProject(db),
      listProjects: (db) => projects.listProjects(db),
      findProjectById: (db) => projects.findProjectById(db, ID),
      insertProjectWithFields: (db) =>
        projects.insertProjectWithFields(db, { id: ID, fields: PROJECT_FIELDS, now: NOW }),
      updateProjectFields: (db) => projects.updateProjectFields(db, ID, PROJECT_FIELDS, NOW),
      updateDefaultProject: (db) => projects.updateDefaultProject(db, ID, NOW),
      updateProjectWidget: (db) =>
        projects.updateProjectWidget(
          db,
          ID,
          { widgetPosition: 'bottom-left', popupEnabled: true, popupDelaySeconds: 5 },
          NOW,
        ),
      listProjectOrigins: (db) => projects.listProjectOrigins(db, ID),
      replaceProjectOrigins: (db) =>
        projects.replaceProjectOrigins(db, ID, [{ id: ID, origin: 'https://*.client.com' }], NOW),
      listSlugsStartingWith: (db) => projects.listSlugsStartingWith(db, 'default-copy'),
    },
  },
  'src/settings/settings.queries.ts': {
    module: settings,
    calls: {
      findSettingValue: (db) => settings.findSettingValue(db, 'routing'),
      saveSetting: (db) => settings.saveSetting(db, { key: 'routing', value: '{}', now: NOW, updatedBy: ID }),
    },
  },
  'src/routing/routing.queries.ts': {
    module: routing,
    calls: {
      listAgentSnapshots: (db) => routing.listAgentSnapshots(db, [ID], NOW),
      listPhoneHolderIds: (db) => routing.listPhoneHolderIds(db, '+15550001111', ID),
      listQueuedConversationIds: (db) => routing.listQueuedConversationIds(db, 50),
      findRoundRobinPointer: (db) => routing.findRoundRobinPointer(db),
      saveRoundRobinPointer: (db) => routing.saveRoundRobinPointer(db, ID, NOW),
      lockAgentForAssignment: (db) => routing.lockAgentForAssignment(db, ID, NOW),
      claimConversationForAgent: (db) =>
        routing.claimConversationForAgent(db, {
          id: ID,
          agentId: ID,
          from: 'unassigned',
          fromAssigneeId: null,
          to: 'active',
          now: NOW,
        }),
      markConversationQueued: (db) => routing.markConversationQueued(db, ID, NOW),
      updateAgentBreak: (db) => routing.updateAgentBreak(db, ID, true, NOW),
      updateAgentActivity: (db) => routing.updateAgentActivity(db, ID, NOW),
      updateAgentLimits: (db) => routing.updateAgentLimits(db, ID, { activeLimit: 3, offlineLimit: 5 }, NOW),
      listIdleAgentIds: (db) =>
        routing.listIdleAgentIds(db, { now: NOW, cutoff: NOW, afterId: ID, count: 100 }),
      findRoutingSettingsValue: (db) => routing.findRoutingSettingsValue(db),
      saveRoutingSettingsValue: (db) => routing.saveRoutingSettingsValue(db, '{}', NOW, null),
    },
  },
  'src/realtime/realtime.queries.ts': {
    module: realtime,
    calls: {
      listAssignedOpenConversationIds: (db) => realtime.listAssignedOpenConversationIds(db, ID),
      listLiveSessionIds: (db) => realtime.listLiveSessionIds(db, [ID], NOW),
      listSessionsEndedSince: (db) => realtime.listSessionsEndedSince(db, NOW, NOW),
    },
  },
  'src/security/ip-blocks.queries.ts': {
    module: ipBlocks,
    calls: {
      insertIpBlock: (db) =>
        ipBlocks.insertIpBlock(db, {
          id: ID,
          ip: '203.0.113.9',
          kind: 'manual',
          rule: null,
          reason: 'spam',
          conversationId: null,
          createdBy: ID,
          now: NOW,
          expiresAt: null,
        }),
      listActiveIpBlocks: (db) => ipBlocks.listActiveIpBlocks(db, NOW, '203.0.113.9'),
      findIpBlockById: (db) => ipBlocks.findIpBlockById(db, ID),
      liftIpBlocks: (db) => ipBlocks.liftIpBlocks(db, { ids: [ID], liftedBy: ID, now: NOW }),
      listIpBlocksForIp: (db) => ipBlocks.listIpBlocksForIp(db, '203.0.113.9'),
      listIpBlocksPage: (db) =>
        ipBlocks.listIpBlocksPage(db, {
          state: 'active',
          kind: 'all',
          ip: '203.0.113.9',
          now: NOW,
          after: { createdAt: NOW, id: ID },
          count: 26,
        }),
      countActiveIpBlocks: (db) => ipBlocks.countActiveIpBlocks(db, NOW, 10_000),
    },
  },
  'src/security/login-history.queries.ts': {
    module: loginHistory,
    calls: {
      hasSessionFromIp: (db) => loginHistory.hasSessionFromIp(db, 'a@b.c', '203.0.113.9'),
      listLiveStaffNamesFromIp: (db) => loginHistory.listLiveStaffNamesFromIp(db, '203.0.113.9', NOW, 5),
    },
  },
  'src/auth/users.queries.ts': {
    module: users,
    calls: {
      insertUser: (db) =>
        users.insertUser(db, {
          id: ID,
          email: 'a@b.c',
          displayName: 'A',
          passwordHash: 'x',
          role: 'agent',
          now: NOW,
        }),
      findUserByEmail: (db) => users.findUserByEmail(db, 'a@b.c'),
      findUserById: (db) => users.findUserById(db, ID),
      countUsers: (db) => users.countUsers(db),
      listUsersByRoles: (db) => users.listUsersByRoles(db, ['agent']),
      updateUser: (db) => users.updateUser(db, ID, { displayName: 'A', isActive: false }, NOW),
      lockActiveAdmins: (db) => users.lockActiveAdmins(db),
      updateUserUnlessLastAdmin: (db) => users.updateUserUnlessLastAdmin(db, ID, { role: 'manager' }, NOW),
      deleteUserUnlessLastAdmin: (db) => users.deleteUserUnlessLastAdmin(db, ID),
    },
  },
  'src/staff/staff.queries.ts': {
    module: staffQueries,
    calls: {
      countOpenChatsByAssignee: (db) => staffQueries.countOpenChatsByAssignee(db),
    },
  },
  'src/visitors/attachments.queries.ts': {
    module: attachments,
    calls: {
      insertAttachment: (db) =>
        attachments.insertAttachment(db, {
          id: ID,
          conversation_id: ID,
          uploader_kind: 'visitor',
          storage_key: 'uploads/x/y.png',
          content_type: 'image/png',
          byte_size: 10,
          sha256: 'h',
          created_at: NOW,
        }),
      findAttachmentWithOwner: (db) => attachments.findAttachmentWithOwner(db, ID),
    },
  },
  'src/visitors/visitors.queries.ts': {
    module: visitors,
    calls: {
      findVisitorByTokenHash: (db) => visitors.findVisitorByTokenHash(db, ID, 'h'),
      insertVisitor: (db) =>
        visitors.insertVisitor(db, {
          id: ID,
          project_id: ID,
          token_hash: 'h',
          created_at: NOW,
          last_seen_at: NOW,
        }),
      updateVisitorContact: (db) =>
        visitors.updateVisitorContact(db, ID, { name: 'A', phone: '+447911123456', email: null }, NOW),
      updateVisitorSeen: (db) => visitors.updateVisitorSeen(db, ID, NOW),
      listOpenChatsFromAddress: (db) => visitors.listOpenChatsFromAddress(db, '203.0.113.1', NOW, 10),
      insertAttribution: (db) =>
        visitors.insertAttribution(db, {
          id: ID,
          visitorId: ID,
          isReturning: false,
          now: NOW,
          touch: captureTouch({
            landingUrl: 'https://a.example/?utm_source=x',
            referrer: undefined,
            userAgent: undefined,
            language: 'en',
            acceptLanguage: undefined,
            connectionType: undefined,
            timeOnPageMs: 1,
            fbpCookie: undefined,
            fbcCookie: undefined,
            ip: '127.0.0.1',
            trustedHeaders: undefined,
            now: new Date(NOW),
          }),
        }),
      findLatestVisitorConversation: (db) => visitors.findLatestVisitorConversation(db, ID),
      countQueuedAhead: (db) => visitors.countQueuedAhead(db, NOW, ID),
      findVisitorSettingsValue: (db) => visitors.findVisitorSettingsValue(db),
    },
  },
  'src/ai/ai.queries.ts': {
    module: ai,
    calls: {
      claimConversationForAi: (db) => ai.claimConversationForAi(db, { id: ID, now: NOW }),
      releaseAiConversation: (db) => ai.releaseAiConversation(db, { id: ID, from: 'active', now: NOW }),
      flagAiNever: (db) => ai.flagAiNever(db, ID),
      countAiReplies: (db) => ai.countAiReplies(db, ID),
      countAiRepliesToVisitor: (db) => ai.countAiRepliesToVisitor(db, ID, NOW),
      findNewestVisitorSeq: (db) => ai.findNewestVisitorSeq(db, ID),
      isNewestMessageFromVisitor: (db) => ai.isNewestMessageFromVisitor(db, ID),
      hasHumanMessageSince: (db) => ai.hasHumanMessageSince(db, ID, NOW),
      listAiIdleChatIds: (db) => ai.listAiIdleChatIds(db, 50),
      listAiUnansweredChatIds: (db) => ai.listAiUnansweredChatIds(db, NOW, 50),
      listAiHeldChatIds: (db) => ai.listAiHeldChatIds(db, ID, 50),
      countAiHeldChats: (db) => ai.countAiHeldChats(db),
      insertAiNote: (db) => ai.insertAiNote(db, { id: ID, conversationId: ID, body: 'b', now: NOW }),
      findAiNote: (db) => ai.findAiNote(db, ID),
    },
  },
  'src/ai/ai-settings.queries.ts': {
    module: aiSettings,
    calls: {
      replaceSettingIf: (db) =>
        aiSettings.replaceSettingIf(db, { key: 'ai_breaker', expected: '{}', next: '{}', now: NOW }),
      insertAiError: (db) =>
        aiSettings.insertAiError(db, {
          id: ID,
          occurredAt: NOW,
          reason: 'timeout',
          detail: 'd',
          provider: 'anthropic',
          model: 'm',
          conversationId: null,
        }),
      listAiErrors: (db) => aiSettings.listAiErrors(db, 20),
      deleteAiErrorsBefore: (db) => aiSettings.deleteAiErrorsBefore(db, NOW),
    },
  },
  'src/qa/qa.queries.ts': {
    module: qa,
    calls: {
      listQaChatsPage: (db) =>
        qa.listQaChatsPage(
          db,
          { status: 'closed', agentId: ID, projectId: ID, from: NOW, to: NOW, scored: 'unscored' },
          { at: NOW, id: ID },
          25,
        ),
      listClosedChatsBetween: (db) => qa.listClosedChatsBetween(db, { from: NOW, to: NOW }, 5000),
    },
  },
  'src/qa/scorecards.queries.ts': {
    module: scorecards,
    calls: {
      findLatestRubric: (db) => scorecards.findLatestRubric(db),
      listRubricVersions: (db) => scorecards.listRubricVersions(db, [1, 2]),
      insertRubricVersion: (db) =>
        scorecards.insertRubricVersion(db, {
          id: ID,
          version: 1,
          criteria: [{ key: 'c1', label: 'Tone', weight: 1 }],
          createdBy: ID,
          now: NOW,
        }),
      listChatScorecards: (db) => scorecards.listChatScorecards(db, ID),
      listAgentScorecards: (db) => scorecards.listAgentScorecards(db, ID, 100),
      upsertScorecard: (db) =>
        scorecards.upsertScorecard(db, {
          id: ID,
          conversationId: ID,
          reviewerId: ID,
          agent: { kind: 'agent', id: ID },
          score: 400,
          rubricVersion: 1,
          marks: { c1: 4 },
          comment: null,
          now: NOW,
        }),
    },
  },
  'src/visitors/csat.queries.ts': {
    module: csat,
    calls: {
      findCsatFacts: (db) => csat.findCsatFacts(db, ID),
      claimCsat: (db) =>
        csat.claimCsat(db, { conversationId: ID, visitorId: ID, score: 5, comment: null, now: NOW }),
    },
  },
  'src/qa/quality-report.queries.ts': {
    module: qualityReport,
    calls: {
      sumScoresByAgent: (db) => qualityReport.sumScoresByAgent(db, { from: NOW, to: NOW }),
      sumScoresByProject: (db) => qualityReport.sumScoresByProject(db, { from: NOW, to: NOW }),
      sumRatingsByAgent: (db) => qualityReport.sumRatingsByAgent(db, { from: NOW, to: NOW }),
      sumRatingsByProject: (db) => qualityReport.sumRatingsByProject(db, { from: NOW, to: NOW }),
      sumScoresByDay: (db) => qualityReport.sumScoresByDay(db, { from: NOW, to: NOW }),
      sumRatingsByDay: (db) => qualityReport.sumRatingsByDay(db, { from: NOW, to: NOW }),
    },
  },
};
