import { findUserById, listUsersByRoles } from '../auth/users.queries.ts';
import type { Deps } from '../deps.ts';
import { canOwnLeads } from './lead-defaults.ts';

/**
 * Who may be a source's default owner (docs/decisions/0046): active agents with CRM Leads on.
 * Staff have no per-project membership, so these may hold leads of every project; an agent
 * without CRM Leads could not open the lead at all (AGENT-6).
 */
export async function leadOwnerOptions(deps: Pick<Deps, 'db'>): Promise<Array<{ id: string; name: string }>> {
  const agents = await listUsersByRoles(deps.db, ['agent']);
  return agents.filter(canOwnLeads).map((agent) => ({ id: agent.id, name: agent.displayName }));
}

/**
 * The saved owner if they may still own leads, else null (unassigned): someone chosen months ago
 * may since have left or lost CRM Leads, and a lead nobody can open would slip.
 */
export async function currentLeadOwner(
  deps: Pick<Deps, 'db' | 'log'>,
  ownerId: string | null,
): Promise<string | null> {
  if (!ownerId) return null;
  const user = await findUserById(deps.db, ownerId);
  if (user && canOwnLeads(user)) return ownerId;
  deps.log.warn('leads.default_owner_unavailable', { userId: ownerId });
  return null;
}
