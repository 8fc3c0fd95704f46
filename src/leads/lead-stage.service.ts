import { scopeOf } from '../auth/policy.ts';
import type { Role } from '../auth/roles.ts';
import { type AccessDenied, checkChatAccess } from '../conversations/chat-access.service.ts';
import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import {
  findLeadStage,
  findStandaloneLeadStage,
  mirrorStageOnChatLead,
  updateConversationLeadStage,
  updateStandaloneLeadStage,
} from './lead-stage.queries.ts';
import type { LeadStage } from './lead-stage.ts';

/** One change of a lead's stage, as the CRM history and conversion tracking (TRACK-2/3) need it. */
export interface LeadStageChange {
  conversationId: string;
  /** The stage before; equal to `to` when the lead already was at that stage (nothing written). */
  from: string;
  to: LeadStage;
  actorId: string;
  at: string;
}

const ATTEMPTS = 3;

/**
 * THE way a lead's stage changes (CRM-2, ADMIN-7 `leads.stage`): an agent on their own chats,
 * admins and managers on any. Every caller goes through here (the agent pane, the admin chat
 * modal, and the CRM and conversion-tracking features to come), so the change it returns, with
 * the true previous stage, is the one place to hook into.
 */
export async function changeLeadStage(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  input: {
    conversationId: string;
    stage: LeadStage;
    actor: { id: string; role: Role };
    /** The CRM checked the actor may work the chat's lead (its owner need not hold the chat). */
    leadAccessChecked?: boolean;
  },
): Promise<Result<LeadStageChange, AccessDenied>> {
  const scope = scopeOf(input.actor.role, 'leads.stage');
  if (scope !== 'all' && scope !== 'own') return fail('not_found');
  if (scope === 'own' && !input.leadAccessChecked) {
    const access = await checkChatAccess(deps, input.actor.id, input.conversationId, 'write');
    if (!access.ok) return fail(access.code);
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const from = await findLeadStage(deps.db, input.conversationId);
    if (from === undefined) return fail('not_found');
    const at = toIso(deps.clock.now());
    const change = {
      conversationId: input.conversationId,
      from,
      to: input.stage,
      actorId: input.actor.id,
      at,
    };
    if (from === input.stage) return ok(change);
    const moved = await updateConversationLeadStage(deps.db, { ...change, now: at });
    if (!moved) continue; // someone else changed it meanwhile: read the new previous stage
    await mirrorStageOnChatLead(deps.db, { conversationId: change.conversationId, to: change.to, now: at });
    deps.log.info('leads.stage_changed', {
      conversationId: change.conversationId,
      actorId: change.actorId,
      from,
      to: change.to,
    });
    return ok(change);
  }
  return fail('not_found');
}

/**
 * A lead that did not start as a chat (web form, CSV, Sheets) changes stage on its own row, with
 * the same compare-and-set; the caller (the CRM) has checked the actor may work the lead.
 */
export async function changeStandaloneLeadStage(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  input: { leadId: string; stage: LeadStage; actor: { id: string; role: Role } },
): Promise<Result<{ leadId: string; from: string; to: LeadStage; at: string }, 'not_found'>> {
  if (!scopeOf(input.actor.role, 'leads.stage')) return fail('not_found');
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const from = await findStandaloneLeadStage(deps.db, input.leadId);
    if (from === undefined) return fail('not_found');
    const at = toIso(deps.clock.now());
    const change = { leadId: input.leadId, from, to: input.stage, at };
    if (from === input.stage) return ok(change);
    if (!(await updateStandaloneLeadStage(deps.db, { ...change, now: at }))) continue;
    deps.log.info('leads.stage_changed', {
      leadId: input.leadId,
      actorId: input.actor.id,
      from,
      to: input.stage,
    });
    return ok(change);
  }
  return fail('not_found');
}
