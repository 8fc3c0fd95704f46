/** CRM-2: every lead starts New and moves to Qualified, Not Qualified or Converted. */
export const LEAD_STAGES = ['new', 'qualified', 'not_qualified', 'converted'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

export const leadStageLabel: Record<LeadStage, string> = {
  new: 'New',
  qualified: 'Qualified',
  not_qualified: 'Not qualified',
  converted: 'Converted',
};

export const isLeadStage = (value: string): value is LeadStage =>
  (LEAD_STAGES as readonly string[]).includes(value);
