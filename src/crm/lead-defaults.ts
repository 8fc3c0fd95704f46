import { LEAD_STAGES, type LeadStage } from '../leads/lead-stage.ts';
import type { FieldErrors } from '../shared/field-errors.ts';

/**
 * Where a source's leads land when a row does not say (docs/decisions/0046): a Google Sheets
 * source and each project's web-form leads pick a stage and an owner (Krayin #2150: every web
 * lead in one default stage). Null = New, unassigned.
 */
export interface LeadDefaults {
  stage: LeadStage | null;
  ownerId: string | null;
}

/** A project's web-form lead settings as the project page's section shows them. */
export interface WebLeadSettings {
  projectId: string;
  defaults: LeadDefaults;
  owners: Array<{ id: string; name: string }>;
}

/** A person who may own leads: an active agent with CRM Leads on (every project's, today). */
export interface LeadOwnerCandidate {
  id: string;
  role: string;
  isActive: boolean;
  crmEnabled: boolean;
}

export const canOwnLeads = (user: LeadOwnerCandidate): boolean =>
  user.role === 'agent' && user.isActive && user.crmEnabled;

/**
 * The stage and owner fields of a form (names given, so each form keeps its own), checked
 * against the people who may own leads; errors name the field.
 */
export function parseLeadDefaults(
  form: Record<string, string | undefined>,
  names: { stage: string; owner: string },
  owners: readonly { id: string }[],
): { ok: true; value: LeadDefaults } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const stage = (form[names.stage] ?? '').trim();
  if (stage !== '' && !(LEAD_STAGES as readonly string[]).includes(stage))
    errors[names.stage] = 'Choose a stage from the list.';
  const owner = (form[names.owner] ?? '').trim();
  if (owner !== '' && !owners.some((one) => one.id === owner))
    errors[names.owner] =
      'Choose an active agent with CRM Leads as the owner, or leave the leads unassigned.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { stage: (stage || null) as LeadStage | null, ownerId: owner || null } };
}
