import type { Migration } from 'kysely/migration';
import * as createStaffAndProjects from './202611230001_create_staff_and_projects.ts';
import * as createConversations from './202611230002_create_conversations.ts';
import * as createCrmSecurityOps from './202611230003_create_crm_security_ops.ts';
import * as addCannedRepliesSlotUnique from './202611231930_add_canned_replies_slot_unique.ts';
import * as addConversationsStatusCreatedIndex from './202611231955_add_conversations_status_created_index.ts';
import * as addSessionsRevokedIndex from './202612020001_add_sessions_revoked_index.ts';
import * as addConversationsPhoneSearch from './202612036000_add_conversations_phone_search.ts';

/** Every migration in order. An explicit list works the same from source, tests and a bundle. */
export const migrations: Record<string, Migration> = {
  '202611230001_create_staff_and_projects': createStaffAndProjects,
  '202611230002_create_conversations': createConversations,
  '202611230003_create_crm_security_ops': createCrmSecurityOps,
  '202611231930_add_canned_replies_slot_unique': addCannedRepliesSlotUnique,
  '202611231955_add_conversations_status_created_index': addConversationsStatusCreatedIndex,
  '202612020001_add_sessions_revoked_index': addSessionsRevokedIndex,
  '202612036000_add_conversations_phone_search': addConversationsPhoneSearch,
};
