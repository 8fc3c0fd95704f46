import { LEAD_SOURCES, type LeadSource, leadSourceLabel } from '../../src/crm/lead.ts';
import { LEAD_STAGES, leadStageLabel } from '../../src/leads/lead-stage.ts';

/** Shared bits of the CRM views: where a console's lead pages live, and source labels. */
export const leadsPath = (base: string) => `${base}/leads`;
export const leadBoardPath = (base: string) => `${base}/leads/board`;
export const leadPath = (base: string, id: string) => `${base}/leads/${id}`;

export const sourceLabel = (source: string) =>
  (LEAD_SOURCES as readonly string[]).includes(source) ? leadSourceLabel[source as LeadSource] : source;

/** The choices of a default stage for new leads (a Sheets source, web forms): '' is New. */
export const defaultStageOptions = () => [
  { value: '', label: `${leadStageLabel.new} (the default)` },
  ...LEAD_STAGES.filter((stage) => stage !== 'new').map((stage) => ({
    value: stage,
    label: leadStageLabel[stage],
  })),
];

/** The choices of a default owner for new leads: '' leaves them unassigned. */
export const defaultOwnerOptions = (owners: ReadonlyArray<{ id: string; name: string }>) => [
  { value: '', label: 'Unassigned' },
  ...owners.map((owner) => ({ value: owner.id, label: owner.name })),
];
