import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import type { FieldErrors } from '../shared/field-errors.ts';
import { parseLeadDefaults, type WebLeadSettings } from './lead-defaults.ts';
import { leadOwnerOptions } from './lead-owners.service.ts';
import { findWebLeadDefaults, updateWebLeadDefaults } from './web-leads.queries.ts';

/**
 * A project's web-form leads (POST /api/web-leads): the stage and owner they start with, set on
 * the project's settings by an admin (docs/decisions/0046).
 */
export type { WebLeadSettings };

export async function loadWebLeadSettings(
  deps: Pick<Deps, 'db'>,
  projectId: string,
): Promise<WebLeadSettings | undefined> {
  const defaults = await findWebLeadDefaults(deps.db, projectId);
  if (!defaults) return undefined;
  return { projectId, defaults, owners: await leadOwnerOptions(deps) };
}

export type SaveWebLeadSettings =
  | { ok: true; value: WebLeadSettings }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'invalid'; errors: FieldErrors; settings: WebLeadSettings };

/** Form fields `stage` and `owner`; a refusal changes nothing and names the field. */
export async function saveWebLeadSettings(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  projectId: string,
  form: Record<string, string>,
): Promise<SaveWebLeadSettings> {
  const settings = await loadWebLeadSettings(deps, projectId);
  if (!settings) return { ok: false, code: 'not_found' };
  const parsed = parseLeadDefaults(form, { stage: 'stage', owner: 'owner' }, settings.owners);
  if (!parsed.ok) return { ok: false, code: 'invalid', errors: parsed.errors, settings };
  await updateWebLeadDefaults(deps.db, {
    projectId,
    defaults: parsed.value,
    now: toIso(deps.clock.now()),
  });
  deps.log.info('leads.web_defaults_saved', {
    projectId,
    stage: parsed.value.stage,
    ownerId: parsed.value.ownerId,
  });
  return { ok: true, value: { ...settings, defaults: parsed.value } };
}
