import type { Generated, Kysely } from 'kysely';

/**
 * The whole schema as Kysely sees it, mirroring migrations/. Instants are ISO-8601 UTC strings,
 * flags are 0/1, ids are application-generated strings (docs/decisions/0002, 0003).
 */
type Instant = string;
type Flag = number;

export interface ProjectsTable {
  id: string;
  slug: string;
  name: string;
  title: string;
  subtitle: Generated<string>;
  accent_color: Generated<string>;
  header_color: Generated<string>;
  welcome_heading: Generated<string>;
  welcome_message: Generated<string>;
  form_heading: Generated<string>;
  form_description: Generated<string>;
  /** The lead form's phone country (ISO alpha-2); NULL = from the visitor's location or language. */
  default_country: string | null;
  icon_url: string | null;
  /** An uploaded icon (PROJ-1): its key under DATA_DIR, checked type and "WxH" size. */
  icon_key: string | null;
  icon_type: string | null;
  icon_sizes: string | null;
  widget_position: Generated<string>;
  popup_enabled: Generated<Flag>;
  popup_delay_seconds: Generated<number>;
  ai_instructions: string | null;
  is_default: Generated<Flag>;
  meta_pixel_id: string | null;
  meta_capi_token: string | null;
  ga4_measurement_id: string | null;
  ga4_api_secret: string | null;
  meta_test_event_code: string | null;
  /** Meta's custom event for Not Qualified; NULL = LeadDisqualified (docs/decisions/0018). */
  meta_not_qualified_event: string | null;
  /** server | browser | none; NULL = server when the GA4 API secret is set, else browser. */
  ga4_side: string | null;
  /** ISO 4217 for Converted values; NULL = USD. */
  default_currency: string | null;
  /** Stage and owner of leads from POST /api/web-leads; NULL = New, unassigned (docs/decisions/0046). */
  web_lead_stage: string | null;
  web_lead_owner_id: string | null;
  created_at: Instant;
  updated_at: Instant;
}

/** PROJ-2: old slugs of a project, redirecting to its page for good. */
export interface ProjectSlugRedirectsTable {
  slug: string;
  project_id: string;
  created_at: Instant;
}

export interface ProjectOriginsTable {
  id: string;
  project_id: string;
  origin: string;
  created_at: Instant;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: string;
  is_active: Generated<Flag>;
  live_chat_enabled: Generated<Flag>;
  crm_enabled: Generated<Flag>;
  active_limit: Generated<number>;
  offline_limit: Generated<number>;
  on_break: Generated<Flag>;
  last_assigned_at: Instant | null;
  last_activity_at: Instant | null;
  totp_secret: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Instant;
  last_seen_at: Instant;
  expires_at: Instant;
  revoked_at: Instant | null;
}

export interface CannedRepliesTable {
  id: string;
  user_id: string;
  title: string;
  body: string;
  position: number;
  created_at: Instant;
  updated_at: Instant;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Instant;
  updated_by: string | null;
}

export interface VisitorsTable {
  id: string;
  project_id: string;
  token_hash: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  first_ip: string | null;
  first_attribution_id: string | null;
  external_user_id: string | null;
  created_at: Instant;
  last_seen_at: Instant;
}

export interface AttributionsTable {
  id: string;
  visitor_id: string | null;
  source_domain: string | null;
  referrer: string | null;
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
  /** GA4 client id from the `_ga` cookie (TRACK-1). */
  ga_client_id: string | null;
  /** GA4 session id from a `_ga_<stream>` cookie. */
  ga_session_id: string | null;
  device_type: string | null;
  os_name: string | null;
  os_version: string | null;
  browser_name: string | null;
  browser_version: string | null;
  language: string | null;
  connection_type: string | null;
  geo_country: string | null;
  geo_region: string | null;
  geo_city: string | null;
  time_on_page_ms: number | null;
  is_returning: Generated<Flag>;
  ip: string | null;
  user_agent: string | null;
  created_at: Instant;
}

export interface ConversationsTable {
  id: string;
  project_id: string;
  visitor_id: string;
  attribution_id: string | null;
  status: string;
  assignee_id: string | null;
  visitor_name: string | null;
  visitor_phone: string | null;
  /** The phone's digits reversed: a search by the end of the number is an index range (ADR 0038). */
  visitor_phone_reversed: string | null;
  visitor_email: string | null;
  /** Lower-cased name and email: a search by their beginning is an index range (ADR 0048). */
  visitor_name_key: string | null;
  visitor_email_key: string | null;
  /** 1 once the AI fallback agent has held the chat ("AI-handled", docs/decisions/0025). */
  ai_active: Generated<Flag>;
  /** 1 when the AI must never take the chat (again): escalated, failed over, capped. */
  ai_never: Generated<Flag>;
  lead_stage: Generated<string>;
  follow_up_on: string | null;
  final_remark: string | null;
  conversion_value: string | number | null;
  conversion_currency: string | null;
  last_seq: Generated<number>;
  last_message_at: Instant;
  last_message_preview: string | null;
  visitor_delivered_seq: Generated<number>;
  visitor_read_seq: Generated<number>;
  staff_delivered_seq: Generated<number>;
  staff_read_seq: Generated<number>;
  queued_at: Instant | null;
  assigned_at: Instant | null;
  visitor_left_at: Instant | null;
  first_response_at: Instant | null;
  last_agent_reply_at: Instant | null;
  closed_at: Instant | null;
  closed_by: string | null;
  csat_score: number | null;
  csat_comment: string | null;
  /** When the visitor rated the chat (BEYOND-5). */
  csat_at: Instant | null;
  /** 1 when staff closed the chat "without survey": the visitor is not asked (BEYOND-5). */
  csat_skipped: Generated<Flag>;
  created_at: Instant;
  updated_at: Instant;
}

export interface AttachmentsTable {
  id: string;
  conversation_id: string;
  uploader_kind: string;
  storage_key: string;
  content_type: string;
  byte_size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  original_name: string | null;
  created_at: Instant;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  sender_kind: string;
  sender_user_id: string | null;
  client_message_id: string;
  body: string;
  reply_to_id: string | null;
  attachment_id: string | null;
  created_at: Instant;
}

export interface StarsTable {
  user_id: string;
  conversation_id: string;
  created_at: Instant;
}

export interface LeadSourcesTable {
  id: string;
  kind: string;
  name: string;
  project_id: string | null;
  sheet_id: string | null;
  sheet_range: string | null;
  column_map: string;
  poll_interval_s: Generated<number>;
  last_row: Generated<number>;
  last_polled_at: Instant | null;
  last_error: string | null;
  created_by: string | null;
  created_at: Instant;
  /** A disabled source never polls. */
  enabled: Generated<Flag>;
  /** The service-account JSON key, sealed by SecretBox; never rendered back. */
  key_sealed: string | null;
  /** The key's client_email: whom the sheet must be shared with. */
  client_email: string | null;
  default_country: string | null;
  /** Consecutive failed polls (back-off). */
  failures: Generated<number>;
  next_poll_at: Instant | null;
  last_error_at: Instant | null;
  last_success_at: Instant | null;
  /** What the last successful poll did, e.g. "3 new rows: 2 imported, 1 rejected (row 5: …)". */
  last_result: string | null;
  updated_at: Instant | null;
  /** Stage and owner of the leads this source imports when a row does not say; NULL = New, unassigned. */
  default_stage: string | null;
  default_owner_id: string | null;
}

/** One Sheet row seen by a source, by its identity (sheet-rows.ts); lead_id null when it was rejected. */
export interface LeadSourceRowsTable {
  source_id: string;
  identity: string;
  lead_id: string | null;
  created_at: Instant;
}

export interface LeadsTable {
  id: string;
  project_id: string | null;
  source: string;
  source_id: string | null;
  external_key: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  page_url: string | null;
  attribution_id: string | null;
  stage: Generated<string>;
  assignee_id: string | null;
  follow_up_on: string | null;
  final_remark: string | null;
  duplicate_of_id: string | null;
  /** The form's id or name on the site it came from (web leads). */
  form_name: string | null;
  /** ISO 3166 country of `phone` (E.164 alone is ambiguous for +1). */
  phone_country: string | null;
  /** A chat lead's visitor (the lead's id is the visitor's id, ADR 0015); null for other sources. */
  visitor_id: string | null;
  /** The phone's digits reversed, for "ends with" search (ADR 0038). */
  phone_reversed: string | null;
  /** The name lower-cased, for prefix search. */
  name_key: string | null;
  created_at: Instant;
  updated_at: Instant;
}

/** One uploaded CSV file (CRM-5), from upload through preview to the finished import. */
export interface LeadImportsTable {
  id: string;
  project_id: string | null;
  file_name: string;
  byte_size: number;
  /** uploaded | importing | done | failed | expired (never imported, file deleted) */
  status: string;
  /** JSON: import field → header name. */
  column_map: string | null;
  default_country: string | null;
  stage: string | null;
  assignee_id: string | null;
  /** merge | flag */
  on_duplicate: Generated<string>;
  data_rows: Generated<number>;
  imported: Generated<number>;
  merged: Generated<number>;
  flagged: Generated<number>;
  rejected: Generated<number>;
  skipped: Generated<number>;
  error: string | null;
  created_by: string;
  created_at: Instant;
  finished_at: Instant | null;
  /** JSON: import field → column index, what the job imports with. */
  column_indexes: string | null;
  /** Data rows in the file, counted by the job before its first chunk. */
  total_rows: number | null;
  /** Length of the report file as of the last committed chunk: anything after it is redone. */
  report_bytes: Generated<number>;
  /** The worker running the import and until when its claim holds (docs/decisions/0046). */
  claimed_by: string | null;
  claimed_until: Instant | null;
  /** Runs that broke on our side (not the file): the import fails after a few. */
  attempts: Generated<number>;
}

/** One per client-supplied id of POST /api/web-leads: a repeat returns the first lead. */
export interface WebLeadReceiptsTable {
  project_id: string;
  client_id: string;
  lead_id: string;
  created_at: Instant;
}

export interface LeadNotesTable {
  id: string;
  conversation_id: string | null;
  lead_id: string | null;
  author_id: string;
  body: string;
  created_at: Instant;
}

export interface IpBlocksTable {
  id: string;
  ip: string;
  kind: string;
  rule: string | null;
  reason: string | null;
  conversation_id: string | null;
  created_by: string | null;
  created_at: Instant;
  expires_at: Instant | null;
  lifted_at: Instant | null;
  lifted_by: string | null;
}

export interface SecurityStrikesTable {
  id: string;
  ip: string;
  rule: string;
  created_at: Instant;
}

export interface RoutingStateTable {
  key: string;
  value: string;
  updated_at: Instant;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: Instant;
}

/** One change of a lead's stage (CRM history, TRACK-2/3), written with the stage itself. */
export interface LeadStageChangesTable {
  id: string;
  conversation_id: string;
  lead_id: string | null;
  from_stage: string;
  to_stage: string;
  conversion_value: string | number | null;
  conversion_currency: string | null;
  actor_id: string | null;
  created_at: Instant;
}

export interface OutboxEventsTable {
  id: string;
  /** The platform: meta | ga4. */
  destination: string;
  event_id: string;
  project_id: string | null;
  conversation_id: string | null;
  lead_id: string | null;
  payload: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Instant;
  last_error: string | null;
  created_at: Instant;
  sent_at: Instant | null;
  event_name: string | null;
  stage: string | null;
  /** When the stage changed: the platform windows count from here. */
  event_time: Instant | null;
  /** A sender holds the row until then; past it the row is due again (a crashed sender). */
  claimed_until: Instant | null;
  last_attempt_at: Instant | null;
  last_http_status: number | null;
}

export interface QaScoresTable {
  id: string;
  conversation_id: string;
  reviewer_id: string;
  agent_kind: string;
  agent_id: string | null;
  score: number;
  /** JSON of the marks per criterion key, under `rubric_version` (ADR 0028). */
  rubric: string | null;
  rubric_version: number | null;
  comment: string | null;
  created_at: Instant;
}

/** QA-3: one row per saved rubric; `criteria` is JSON [{ key, label, weight }]. */
export interface QaRubricVersionsTable {
  id: string;
  version: number;
  criteria: string;
  created_by: string | null;
  created_at: Instant;
}

/** AI provider failures and cost-control hits, listed on /admin/ai (issue 17). */
export interface AiErrorsTable {
  id: string;
  occurred_at: Instant;
  reason: string;
  detail: string;
  provider: string;
  model: string;
  conversation_id: string | null;
}

/**
 * Per UTC day, project ('' for a lead without one) and UTM campaign ('' for none): kept by the
 * triggers of migration 202612053000 (ADR 0050), never written by the application.
 */
export interface DailyTalliesTable {
  day: string;
  project_id: string;
  campaign: string;
  chats: number;
  leads: number;
  qualified: number;
  not_qualified: number;
  converted: number;
  converted_value: string | number;
}

export interface Database {
  projects: ProjectsTable;
  project_origins: ProjectOriginsTable;
  project_slug_redirects: ProjectSlugRedirectsTable;
  users: UsersTable;
  sessions: SessionsTable;
  canned_replies: CannedRepliesTable;
  settings: SettingsTable;
  visitors: VisitorsTable;
  attributions: AttributionsTable;
  conversations: ConversationsTable;
  daily_tallies: DailyTalliesTable;
  attachments: AttachmentsTable;
  messages: MessagesTable;
  stars: StarsTable;
  lead_sources: LeadSourcesTable;
  lead_source_rows: LeadSourceRowsTable;
  leads: LeadsTable;
  lead_notes: LeadNotesTable;
  web_lead_receipts: WebLeadReceiptsTable;
  lead_imports: LeadImportsTable;
  ip_blocks: IpBlocksTable;
  security_strikes: SecurityStrikesTable;
  routing_state: RoutingStateTable;
  leases: LeasesTable;
  outbox_events: OutboxEventsTable;
  lead_stage_changes: LeadStageChangesTable;
  qa_scores: QaScoresTable;
  qa_rubric_versions: QaRubricVersionsTable;
  ai_errors: AiErrorsTable;
}

export type Db = Kysely<Database>;
