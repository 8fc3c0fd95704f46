import { scopeOf } from '../auth/policy.ts';
import type { Role } from '../auth/roles.ts';
import { type AccessDenied, checkChatAccess } from '../conversations/chat-access.service.ts';
import { writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import type { DataLayerEvent } from '../tracking/data-layer.ts';
import { findStandaloneTrackingContext, findTrackingContext } from '../tracking/outbox.queries.ts';
import { enqueueStageEvents } from '../tracking/stage-events.service.ts';
import { FALLBACK_CURRENCY } from '../tracking/tracking-settings.ts';
import { publishLeadChanged } from './lead-events.service.ts';
import {
  findLeadStage,
  findStandaloneLeadStage,
  hasReachedStage,
  insertLeadStageChange,
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
  /** Converted only: the deal value and its currency (the project's default), or null. */
  value: number | null;
  currency: string | null;
  /**
   * The browser's `lead_stage_changed` event for the staff page to push (TRACK-2), with the same
   * event id as the server events; absent when nothing changed or the stage is not tracked.
   */
  dataLayer?: DataLayerEvent;
}

const ATTEMPTS = 3;

/** Whether `actor` may change this lead's stage: an agent on their own chats, admins and managers on any. */
export async function checkStageAccess(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: { id: string; role: Role },
  conversationId: string,
): Promise<Result<null, AccessDenied>> {
  const scope = scopeOf(actor.role, 'leads.stage');
  if (scope !== 'all' && scope !== 'own') return fail('not_found');
  if (scope === 'own') {
    const access = await checkChatAccess(deps, actor.id, conversationId, 'write');
    if (!access.ok) return fail(access.code);
  }
  return ok(null);
}

/**
 * THE way a lead's stage changes (CRM-2, ADMIN-7 `leads.stage`): an agent on their own chats,
 * admins and managers on any. Every caller goes through here (the agent pane, the admin chat
 * modal, and the CRM features to come). One write transaction holds the compare-and-set of the
 * stage (and the Converted value), the history row and the conversion outbox rows (TRACK-3), so
 * a change is never recorded without its events or the other way round.
 */
export async function changeLeadStage(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'ids' | 'publisher'>,
  input: {
    conversationId: string;
    stage: LeadStage;
    actor: { id: string; role: Role; displayName?: string };
    /** Converted only: the deal value, in the project's default currency. */
    value?: number | null;
    /** The CRM checked the actor may work the chat's lead (its owner need not hold the chat). */
    leadAccessChecked?: boolean;
  },
): Promise<Result<LeadStageChange, AccessDenied>> {
  if (!input.leadAccessChecked) {
    const allowed = await checkStageAccess(deps, input.actor, input.conversationId);
    if (!allowed.ok) return allowed;
  } else if (!scopeOf(input.actor.role, 'leads.stage')) {
    return fail('not_found');
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const outcome = await writeTransaction(deps.db, async (trx) => {
      const from = await findLeadStage(trx, input.conversationId);
      if (from === undefined) return 'not_found' as const;
      const now = deps.clock.now();
      const at = toIso(now);
      const converted = input.stage === 'converted';
      const context = from === input.stage ? undefined : await findTrackingContext(trx, input.conversationId);
      const value = converted && input.value !== undefined && input.value !== null ? input.value : null;
      const currency = value === null ? null : (context?.defaultCurrency ?? FALLBACK_CURRENCY);
      const change: LeadStageChange = {
        conversationId: input.conversationId,
        from,
        to: input.stage,
        actorId: input.actor.id,
        at,
        value,
        currency,
      };
      if (from === input.stage) return change;
      const moved = await updateConversationLeadStage(trx, {
        conversationId: input.conversationId,
        from,
        to: input.stage,
        now: at,
        ...(converted ? { conversion: { value, currency } } : {}),
      });
      if (!moved) return 'moved' as const; // someone else changed it meanwhile: read it again
      await mirrorStageOnChatLead(trx, { conversationId: input.conversationId, to: input.stage, now: at });
      const leadId = context?.leadId ?? null;
      const firstTime = !(await hasReachedStage(
        trx,
        { leadId, conversationId: input.conversationId },
        input.stage,
      ));
      await insertLeadStageChange(trx, {
        id: deps.ids.next(),
        conversationId: input.conversationId,
        leadId,
        from,
        to: input.stage,
        value,
        currency,
        actorId: input.actor.id,
        at,
      });
      if (context) {
        const dataLayer = await enqueueStageEvents(trx, deps, context, {
          to: input.stage,
          value,
          currency,
          actor: { id: input.actor.id, name: input.actor.displayName ?? '' },
          at: now,
          firstTime,
        });
        if (dataLayer) change.dataLayer = dataLayer;
      }
      return change;
    });
    if (outcome === 'not_found') return fail('not_found');
    if (outcome === 'moved') continue;
    if (outcome.from !== outcome.to) {
      deps.log.info('leads.stage_changed', {
        conversationId: outcome.conversationId,
        actorId: outcome.actorId,
        from: outcome.from,
        to: outcome.to,
      });
      // After the commit, so a console that re-fetches on the event reads the new stage.
      await publishLeadChanged(deps, { conversationId: outcome.conversationId }, 'stage');
    }
    return ok(outcome);
  }
  return fail('not_found');
}

/** The currency a Converted value is entered in: the project's default, else USD. */
export async function conversionCurrencyOf(deps: Pick<Deps, 'db'>, conversationId: string): Promise<string> {
  const context = await findTrackingContext(deps.db, conversationId);
  return context?.defaultCurrency ?? FALLBACK_CURRENCY;
}

/**
 * A lead that did not start as a chat (web form, CSV, Sheets) changes stage on its own row, with
 * the same compare-and-set, and its conversion events go to the outbox in the same transaction
 * (issue 16 item 5): a website form's lead with its browser touch as a website event, an imported
 * one as `system_generated` (docs/decisions/0018). The caller (the CRM) has checked the actor may
 * work the lead. (Its history row waits for lead_stage_changes to take leads without a chat.)
 */
export async function changeStandaloneLeadStage(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'ids' | 'publisher'>,
  input: {
    leadId: string;
    stage: LeadStage;
    actor: { id: string; role: Role; displayName?: string };
    value?: number | null;
  },
): Promise<
  Result<{ leadId: string; from: string; to: LeadStage; at: string; dataLayer?: DataLayerEvent }, 'not_found'>
> {
  if (!scopeOf(input.actor.role, 'leads.stage')) return fail('not_found');
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const outcome = await writeTransaction(deps.db, async (trx) => {
      const from = await findStandaloneLeadStage(trx, input.leadId);
      if (from === undefined) return 'not_found' as const;
      const now = deps.clock.now();
      const at = toIso(now);
      const change: { leadId: string; from: string; to: LeadStage; at: string; dataLayer?: DataLayerEvent } =
        {
          leadId: input.leadId,
          from,
          to: input.stage,
          at,
        };
      if (from === input.stage) return change;
      if (!(await updateStandaloneLeadStage(trx, { ...change, now: at }))) return 'moved' as const;
      const context = await findStandaloneTrackingContext(trx, input.leadId);
      if (context) {
        const value = input.stage === 'converted' ? (input.value ?? null) : null;
        const dataLayer = await enqueueStageEvents(trx, deps, context, {
          to: input.stage,
          value,
          currency: value === null ? null : (context.defaultCurrency ?? FALLBACK_CURRENCY),
          actor: { id: input.actor.id, name: input.actor.displayName ?? '' },
          at: now,
          firstTime: true,
        });
        if (dataLayer) change.dataLayer = dataLayer;
      }
      return change;
    });
    if (outcome === 'not_found') return fail('not_found');
    if (outcome === 'moved') continue;
    if (outcome.from !== outcome.to) {
      deps.log.info('leads.stage_changed', {
        leadId: input.leadId,
        actorId: input.actor.id,
        from: outcome.from,
        to: input.stage,
      });
      await publishLeadChanged(deps, { leadId: input.leadId }, 'stage');
    }
    return ok(outcome);
  }
  return fail('not_found');
}
