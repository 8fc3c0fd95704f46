import { isUniqueViolation, writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { embedOriginAllowed, projectFor } from '../embed/embed.service.ts';
import { toIso } from '../shared/clock.ts';
import type { FieldErrors } from '../shared/field-errors.ts';
import { fail, ok } from '../shared/result.ts';
import type { Touch } from '../visitors/attribution.ts';
import { insertAttribution } from '../visitors/visitors.queries.ts';
import { currentLeadOwner } from './lead-owners.service.ts';
import { parseWebLead, webLeadProjectSlug } from './web-lead.ts';
import {
  findFirstLeadWithContact,
  findWebLeadDefaults,
  findWebLeadReceipt,
  insertWebLead,
} from './web-leads.queries.ts';

export type WebLeadOutcome =
  | { ok: true; value: ReceivedWebLead }
  | { ok: false; code: 'project.not_found' | 'origin.not_allowed' }
  | { ok: false; code: 'invalid'; errors: FieldErrors };

export interface ReceivedWebLead {
  leadId: string;
  /** False when this client id was seen before: the first lead is returned, nothing is written. */
  created: boolean;
}

/**
 * A lead from a form on a customer's site (CRM-1, WID-6). The caller's Origin must be on the
 * project's allowed origins (WID-5), as for the widget; the lead, its touch and the receipt of its
 * client id commit together, so a retried beacon finds the first lead and never makes a second.
 * The lead starts in the project's web-lead stage with its web-lead owner (docs/decisions/0046).
 */
export async function receiveWebLead(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'log'>,
  input: {
    body: Record<string, unknown>;
    origin: string | undefined;
    ownOrigin: string;
    /** Where the request comes from (geo), for numbers written without +code when the project has no country. */
    requestCountry: string | null;
    touch: Touch;
  },
): Promise<WebLeadOutcome> {
  const project = await projectFor(deps, webLeadProjectSlug(input.body));
  if (!project) return fail('project.not_found');
  if (!input.origin || !(await embedOriginAllowed(deps, project.id, input.origin, input.ownOrigin))) {
    return fail('origin.not_allowed');
  }
  const parsed = parseWebLead(input.body, project.defaultCountry ?? input.requestCountry);
  if (!parsed.ok) return { ok: false, code: 'invalid', errors: parsed.errors };
  const { lead } = parsed;

  const seen = await findWebLeadReceipt(deps.db, project.id, lead.clientId);
  if (seen) return ok({ leadId: seen, created: false });
  const defaults = await findWebLeadDefaults(deps.db, project.id);
  const assigneeId = await currentLeadOwner(deps, defaults?.ownerId ?? null);
  const leadId = deps.ids.next();
  const now = toIso(deps.clock.now());
  try {
    await writeTransaction(deps.db, async (trx) => {
      const attributionId = deps.ids.next();
      await insertAttribution(trx, {
        id: attributionId,
        visitorId: null,
        touch: input.touch,
        isReturning: false,
        now,
      });
      const duplicateOfId = await findFirstLeadWithContact(trx, project.id, lead);
      await insertWebLead(trx, {
        id: leadId,
        projectId: project.id,
        lead,
        attributionId,
        duplicateOfId,
        stage: defaults?.stage ?? 'new',
        assigneeId,
        now,
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same client id raced in on another request: its lead is the one.
    const first = await findWebLeadReceipt(deps.db, project.id, lead.clientId);
    if (first) return ok({ leadId: first, created: false });
    throw error;
  }
  deps.log.info('leads.web_received', { leadId, projectId: project.id, form: lead.formName });
  return ok({ leadId, created: true });
}
