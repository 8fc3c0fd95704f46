import { LEAD_SOURCES, type LeadSource, leadSourceLabel } from '../../src/crm/lead.ts';

/** Shared bits of the CRM views: where a console's lead pages live, and source labels. */
export const leadsPath = (base: string) => `${base}/leads`;
export const leadBoardPath = (base: string) => `${base}/leads/board`;
export const leadPath = (base: string, id: string) => `${base}/leads/${id}`;

export const sourceLabel = (source: string) =>
  (LEAD_SOURCES as readonly string[]).includes(source) ? leadSourceLabel[source as LeadSource] : source;
