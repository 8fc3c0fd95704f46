import Papa from 'papaparse';
import type { ImportRowOutcome } from './csv-import.ts';
import { importFieldLabel } from './lead-import.ts';

/**
 * The downloadable per-row report of an import (CRM-5): one line per reason a row was not simply
 * imported. The caller adds its own lines for what happened in the database (merged into an
 * existing lead, flagged), with whatever outcome word it uses.
 */
export interface ImportReportLine {
  rowNumber: number;
  /** 'rejected' | 'duplicate' | 'skipped' from the file; the caller may add 'merged', 'flagged'… */
  outcome: string;
  /** A field label ("Phone"), "Row" for the row as a whole, or '' */
  field: string;
  reason: string;
}

export function reportLinesFor(row: ImportRowOutcome): ImportReportLine[] {
  const { rowNumber } = row;
  switch (row.outcome) {
    case 'valid':
      return [];
    case 'empty':
      return [{ rowNumber, outcome: 'skipped', field: '', reason: 'Empty row.' }];
    case 'duplicate': {
      const field = importFieldLabel[row.matchedOn];
      const reason = `Same ${field.toLowerCase()} as row ${row.duplicateOf}.`;
      return [{ rowNumber, outcome: 'duplicate', field, reason }];
    }
    case 'rejected':
      return row.errors.map((error) => ({
        rowNumber,
        outcome: 'rejected',
        field: error.field === 'row' ? 'Row' : importFieldLabel[error.field],
        reason: error.reason,
      }));
  }
}

const REPORT_FIELDS = ['Row', 'Outcome', 'Field', 'Reason'];

/** The report's first line: a UTF-8 BOM (so Excel reads accents) and the header, CRLF-ended. */
export const importReportHeader = (): string => `\uFEFF${REPORT_FIELDS.join(',')}\r\n`;

/**
 * Report lines as CSV, CRLF-ended, without the header: an import appends them batch by batch.
 * Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) are prefixed with a
 * quote by papaparse.
 */
export function importReportRows(lines: Iterable<ImportReportLine>): string {
  const rows = [...lines].map((line) => [line.rowNumber, line.outcome, line.field, line.reason]);
  if (rows.length === 0) return '';
  return `${Papa.unparse(rows, { escapeFormulae: true, newline: '\r\n' })}\r\n`;
}

/** The whole report as CSV text with a UTF-8 BOM and CRLF line ends. */
export function importReportCsv(lines: Iterable<ImportReportLine>): string {
  return importReportHeader() + importReportRows(lines);
}
