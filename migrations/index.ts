import type { Migration } from 'kysely/migration';
import * as createStaffAndProjects from './202611230001_create_staff_and_projects.ts';
import * as createConversations from './202611230002_create_conversations.ts';
import * as createCrmSecurityOps from './202611230003_create_crm_security_ops.ts';
import * as addCannedRepliesSlotUnique from './202611231930_add_canned_replies_slot_unique.ts';
import * as addConversationsStatusCreatedIndex from './202611231955_add_conversations_status_created_index.ts';
import * as addSessionsRevokedIndex from './202612020001_add_sessions_revoked_index.ts';
import * as addAiAgent from './202612032000_add_ai_agent.ts';
import * as addProjectsWidgetPopup from './202612033000_add_projects_widget_popup.ts';
import * as addAttributionsIpIndex from './202612034000_add_attributions_ip_index.ts';
import * as addProjectsDefaultCountry from './202612034001_add_projects_default_country.ts';
import * as addSessionsIpIndex from './202612035000_add_sessions_ip_index.ts';
import * as addIpBlocksLiveIndex from './202612035001_add_ip_blocks_live_index.ts';
import * as createProjectSlugRedirects from './202612035002_create_project_slug_redirects.ts';
import * as addProjectIconUpload from './202612035003_add_project_icon_upload.ts';
import * as addConversationsPhoneSearch from './202612036000_add_conversations_phone_search.ts';
import * as createWebLeadIntake from './202612041000_create_web_lead_intake.ts';
import * as linkChatLeads from './202612041100_link_chat_leads.ts';
import * as createLeadImports from './202612042000_create_lead_imports.ts';
import * as addSheetSources from './202612042001_add_sheet_sources.ts';
import * as addAttributionsGa4Ids from './202612043000_add_attributions_ga4_ids.ts';
import * as createLeadStageChangesOutboxSender from './202612043001_create_lead_stage_changes_outbox_sender.ts';
import * as addTrackingLeadIndexes from './202612043002_add_tracking_lead_indexes.ts';
import * as addReportIndexes from './202612044000_add_report_indexes.ts';
import * as createQaRubrics from './202612045000_create_qa_rubrics.ts';
import * as addConversationsCsatSkipped from './202612045001_add_conversations_csat_skipped.ts';
import * as addListQueryIndexes from './202612046000_add_list_query_indexes.ts';
import * as addConversationsStatusAssigneeStageIndex from './202612046001_add_conversations_status_assignee_stage_index.ts';
import * as addLeadImportJobsAndDefaults from './202612051000_add_lead_import_jobs_and_defaults.ts';
import * as addConversationsContactSearch from './202612052000_add_conversations_contact_search.ts';
import * as createDailyTallies from './202612053000_create_daily_tallies.ts';
import * as addLeadsTabCountIndexes from './202612054000_add_leads_tab_count_indexes.ts';
import * as addConversationsAssigneeStageCreatedIndex from './202612054100_add_conversations_assignee_stage_created_index.ts';

/** Every migration in order. An explicit list works the same from source, tests and a bundle. */
export const migrations: Record<string, Migration> = {
  '202611230001_create_staff_and_projects': createStaffAndProjects,
  '202611230002_create_conversations': createConversations,
  '202611230003_create_crm_security_ops': createCrmSecurityOps,
  '202611231930_add_canned_replies_slot_unique': addCannedRepliesSlotUnique,
  '202611231955_add_conversations_status_created_index': addConversationsStatusCreatedIndex,
  '202612020001_add_sessions_revoked_index': addSessionsRevokedIndex,
  '202612032000_add_ai_agent': addAiAgent,
  '202612033000_add_projects_widget_popup': addProjectsWidgetPopup,
  '202612034000_add_attributions_ip_index': addAttributionsIpIndex,
  '202612034001_add_projects_default_country': addProjectsDefaultCountry,
  '202612035000_add_sessions_ip_index': addSessionsIpIndex,
  '202612035001_add_ip_blocks_live_index': addIpBlocksLiveIndex,
  '202612035002_create_project_slug_redirects': createProjectSlugRedirects,
  '202612035003_add_project_icon_upload': addProjectIconUpload,
  '202612036000_add_conversations_phone_search': addConversationsPhoneSearch,
  '202612041000_create_web_lead_intake': createWebLeadIntake,
  '202612041100_link_chat_leads': linkChatLeads,
  '202612042000_create_lead_imports': createLeadImports,
  '202612042001_add_sheet_sources': addSheetSources,
  '202612043000_add_attributions_ga4_ids': addAttributionsGa4Ids,
  '202612043001_create_lead_stage_changes_outbox_sender': createLeadStageChangesOutboxSender,
  '202612043002_add_tracking_lead_indexes': addTrackingLeadIndexes,
  '202612044000_add_report_indexes': addReportIndexes,
  '202612045000_create_qa_rubrics': createQaRubrics,
  '202612045001_add_conversations_csat_skipped': addConversationsCsatSkipped,
  '202612046000_add_list_query_indexes': addListQueryIndexes,
  '202612046001_add_conversations_status_assignee_stage_index': addConversationsStatusAssigneeStageIndex,
  '202612051000_add_lead_import_jobs_and_defaults': addLeadImportJobsAndDefaults,
  '202612052000_add_conversations_contact_search': addConversationsContactSearch,
  '202612053000_create_daily_tallies': createDailyTallies,
  '202612054000_add_leads_tab_count_indexes': addLeadsTabCountIndexes,
  '202612054100_add_conversations_assignee_stage_created_index': addConversationsAssigneeStageCreatedIndex,
};
