/** One uploaded CSV file (CRM-5) as the import pages show it: `lead_imports` row for row. */

export interface LeadImportRow {
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
  on_duplicate: string;
  data_rows: number;
  imported: number;
  merged: number;
  flagged: number;
  rejected: number;
  skipped: number;
  error: string | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}
