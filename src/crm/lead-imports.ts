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
  /** JSON: import field → column index. */
  column_indexes: string | null;
  /** Data rows in the file, once the job has counted them. */
  total_rows: number | null;
  report_bytes: number;
  claimed_by: string | null;
  claimed_until: string | null;
  attempts: number;
}

/** Rows the import has settled so far (each has its outcome committed), of the file's total. */
export function importProgress(row: Pick<LeadImportRow, 'data_rows' | 'total_rows'>): {
  done: number;
  total: number | null;
  percent: number | null;
} {
  const total = row.total_rows;
  if (total === null) return { done: row.data_rows, total: null, percent: null };
  const percent = total === 0 ? 100 : Math.min(100, Math.floor((row.data_rows / total) * 100));
  return { done: row.data_rows, total, percent };
}
