import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { toIso } from '../shared/clock.ts';
import { buildDataLayerEvent, type DataLayerEvent } from './data-layer.ts';
import { buildGa4Event } from './ga4-event.ts';
import { buildMetaServerEvent } from './meta-event.ts';
import { insertOutboxEvent, listLeadOutboxEvents, type TrackingContextRow } from './outbox.queries.ts';
import {
  type Built,
  eventsToSend,
  isTrackedStage,
  type LeadStageName,
  type StageEventInput,
  stageEventId,
} from './tracking.ts';
import { trackingConfigOf } from './tracking-settings.ts';

/**
 * The tracking half of a lead-stage change (TRACK-2/3): run INSIDE the stage change's write
 * transaction (`db` is the transaction), it writes the outbox rows the once-per-lead rule allows,
 * each built and checked now (docs/decisions/0018: a refused event is recorded as refused and
 * never queued), and returns the browser's dataLayer event carrying the same event id.
 */
export interface TrackedStageChange {
  conversationId: string;
  to: LeadStageName;
  value: number | null;
  currency: string | null;
  actor: { id: string; name: string } | null;
  at: Date;
  /** False when the lead has been at this stage before (the dataLayer event says so). */
  firstTime: boolean;
}

export async function enqueueStageEvents(
  db: Db,
  deps: Pick<Deps, 'ids' | 'log'>,
  context: TrackingContextRow,
  change: TrackedStageChange,
): Promise<DataLayerEvent | undefined> {
  const stage = change.to;
  if (!isTrackedStage(stage)) return undefined;
  const config = trackingConfigOf(context);
  const previous = await listLeadOutboxEvents(db, change.conversationId);
  const eventId = stageEventId(change.conversationId, stage);
  const usedIds = new Set(previous.map((event) => `${event.platform}\n${event.eventId}`));
  // A renamed Not Qualified event is a new name but the same id: the unique index allows one row.
  const due = eventsToSend(previous, stage, config).filter(
    (event) => !usedIds.has(`${event.platform}\n${eventId}`),
  );
  const at = toIso(change.at);
  for (const event of due) {
    const input: StageEventInput = {
      leadId: change.conversationId,
      stage,
      eventName: event.eventName,
      eventId,
      occurredAt: change.at,
      now: change.at,
      origin: 'chat',
      email: context.email,
      phone: context.phone,
      phoneCountry: null,
      value: stage === 'converted' ? change.value : null,
      currency: stage === 'converted' && change.value !== null ? change.currency : null,
      touch: context.touch,
    };
    const built: Built<unknown> =
      event.platform === 'meta' ? buildMetaServerEvent(input) : buildGa4Event(input);
    await insertOutboxEvent(db, {
      id: deps.ids.next(),
      destination: event.platform,
      event_id: eventId,
      event_name: event.eventName,
      stage,
      project_id: context.projectId,
      conversation_id: change.conversationId,
      lead_id: null,
      payload: built.ok ? JSON.stringify(built.value) : '{}',
      status: built.ok ? 'pending' : 'refused',
      next_attempt_at: at,
      event_time: at,
      last_error: built.ok ? null : `${built.field}: ${built.reason}`,
      created_at: at,
    });
    if (!built.ok) {
      deps.log.warn('tracking.event_refused', {
        conversationId: change.conversationId,
        platform: event.platform,
        field: built.field,
      });
    }
  }
  return buildDataLayerEvent({
    leadId: change.conversationId,
    stage,
    firstTime: change.firstTime,
    project: { id: context.projectId, name: context.projectName },
    agent: change.actor,
    email: context.email,
    phone: context.phone,
    phoneCountry: null,
    value: stage === 'converted' ? change.value : null,
    currency: stage === 'converted' ? change.currency : null,
    touch: context.touch,
    config,
  });
}
