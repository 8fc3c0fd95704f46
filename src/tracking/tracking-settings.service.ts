import { writeTransaction } from '../db/dialect.ts';
import type { Deps } from '../deps.ts';
import { findProjectById } from '../projects/projects.queries.ts';
import { toIso } from '../shared/clock.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../shared/keyset-cursor.ts';
import { buildGa4Event } from './ga4-event.ts';
import { validateGa4Events } from './ga4-mp.ts';
import { sendMetaEvents } from './meta-capi.ts';
import { buildMetaServerEvent } from './meta-event.ts';
import {
  countOutboxOutcomesSince,
  findProjectTrackingSettings,
  listOutboxLog,
  retryFailedOutboxEvent,
  updateProjectTrackingSettings,
} from './outbox.queries.ts';
import type { OutboxLogRow, TrackingSettingsView } from './outbox.ts';
import { REQUEST_TIMEOUT_MS } from './outbox-sender.service.ts';
import type { StageEventInput } from './tracking.ts';
import type { TrackingSettingsForm } from './tracking-settings.forms.ts';
import { effectiveGa4Side, type ProjectTrackingSettings } from './tracking-settings.ts';

function viewOf(project: { id: string; name: string; slug: string }, s: ProjectTrackingSettings) {
  return {
    project: { id: project.id, name: project.name, slug: project.slug },
    metaPixelId: s.metaPixelId ?? '',
    metaTokenSet: Boolean(s.metaCapiToken),
    metaTestEventCode: s.metaTestEventCode ?? '',
    metaNotQualifiedEvent: s.metaNotQualifiedEvent ?? '',
    ga4MeasurementId: s.ga4MeasurementId ?? '',
    ga4SecretSet: Boolean(s.ga4ApiSecret),
    ga4Side: s.ga4Side ?? '',
    effectiveGa4Side: effectiveGa4Side(s),
    defaultCurrency: s.defaultCurrency ?? '',
  } satisfies TrackingSettingsView;
}

export async function loadTrackingSettings(
  deps: Pick<Deps, 'db'>,
  projectId: string,
): Promise<TrackingSettingsView | undefined> {
  const project = await findProjectById(deps.db, projectId);
  const settings = project ? await findProjectTrackingSettings(deps.db, projectId) : undefined;
  return project && settings ? viewOf(project, settings) : undefined;
}

/** Saves the form: a blank secret keeps the stored one, "clear" removes it, a new one is sealed. */
export async function saveTrackingSettings(
  deps: Pick<Deps, 'db' | 'secrets' | 'clock' | 'log'>,
  projectId: string,
  form: TrackingSettingsForm,
): Promise<TrackingSettingsView | undefined> {
  const secret = (value: string, clear: boolean) =>
    clear ? null : value === '' ? undefined : deps.secrets.seal(value);
  const patch: Partial<ProjectTrackingSettings> = {
    metaPixelId: form.metaPixelId || null,
    metaTestEventCode: form.metaTestEventCode || null,
    metaNotQualifiedEvent: form.metaNotQualifiedEvent || null,
    ga4MeasurementId: form.ga4MeasurementId || null,
    ga4Side: form.ga4Side || null,
    defaultCurrency: form.defaultCurrency || null,
  };
  const token = secret(form.metaAccessToken, form.metaAccessTokenClear === 'on');
  if (token !== undefined) patch.metaCapiToken = token;
  const apiSecret = secret(form.ga4ApiSecret, form.ga4ApiSecretClear === 'on');
  if (apiSecret !== undefined) patch.ga4ApiSecret = apiSecret;
  const saved = await writeTransaction(deps.db, (trx) =>
    updateProjectTrackingSettings(trx, projectId, patch, toIso(deps.clock.now())),
  );
  if (!saved) return undefined;
  deps.log.info('tracking.settings_saved', {
    projectId,
    metaToken: token === undefined ? 'kept' : token === null ? 'cleared' : 'replaced',
    ga4Secret: apiSecret === undefined ? 'kept' : apiSecret === null ? 'cleared' : 'replaced',
  });
  return loadTrackingSettings(deps, projectId);
}

export type TestOutcome = { ok: boolean; text: string };

/** A made-up lead for the test events: it matches nobody, and its id says it is a test. */
function testEvent(
  now: Date,
  eventName: string,
  request: { ip: string | null; userAgent: string | null; pageUrl: string },
): StageEventInput {
  const leadId = `test-${now.getTime()}`;
  return {
    leadId,
    stage: 'qualified',
    eventName,
    eventId: `${leadId}.qualified`,
    occurredAt: now,
    now,
    origin: 'chat',
    email: 'test@example.com',
    phone: null,
    phoneCountry: null,
    value: null,
    currency: null,
    touch: {
      landingUrl: request.pageUrl,
      utmSource: 'test',
      utmMedium: null,
      utmCampaign: 'tracking_test',
      utmTerm: null,
      utmContent: null,
      gclid: null,
      gbraid: null,
      wbraid: null,
      fbclid: null,
      fbc: null,
      fbp: null,
      gaClientId: null,
      gaSessionId: null,
      ip: request.ip,
      userAgent: request.userAgent ?? 'Mozilla/5.0 (tracking test)',
    },
  };
}

/**
 * "Send test event": Meta with the project's test event code (shown under Test events, never
 * counted), GA4 against the validation server (nothing reaches reports; its verdict is shown).
 */
export async function sendTrackingTest(
  deps: Pick<Deps, 'db' | 'secrets' | 'clock' | 'config'>,
  projectId: string,
  platform: 'meta' | 'ga4',
  request: { ip: string | null; userAgent: string | null; pageUrl: string },
): Promise<TestOutcome | undefined> {
  const settings = await findProjectTrackingSettings(deps.db, projectId);
  if (!settings) return undefined;
  const now = deps.clock.now();
  if (platform === 'meta') {
    const token = settings.metaCapiToken ? deps.secrets.open(settings.metaCapiToken) : null;
    if (!settings.metaPixelId || !token)
      return { ok: false, text: 'Save the pixel id and access token first.' };
    if (!settings.metaTestEventCode) {
      return {
        ok: false,
        text: 'Save a test event code first (Events Manager → Test events), so the test is not counted as a lead.',
      };
    }
    const built = buildMetaServerEvent(testEvent(now, 'Lead', request));
    if (!built.ok) return { ok: false, text: `The test event was refused: ${built.reason}` };
    const outcome = await sendMetaEvents({
      baseUrl: deps.config.metaGraphUrl,
      apiVersion: deps.config.metaApiVersion,
      pixelId: settings.metaPixelId,
      accessToken: token,
      testEventCode: settings.metaTestEventCode,
      events: [built.value],
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    return outcome.ok
      ? {
          ok: true,
          text: `Meta received the test Lead (code ${settings.metaTestEventCode}): look under Test events.`,
        }
      : { ok: false, text: outcome.error };
  }
  const secret = settings.ga4ApiSecret ? deps.secrets.open(settings.ga4ApiSecret) : null;
  if (!settings.ga4MeasurementId || !secret) {
    return { ok: false, text: 'Save the measurement id and API secret first.' };
  }
  const built = buildGa4Event(testEvent(now, 'qualify_lead', request));
  if (!built.ok) return { ok: false, text: `The test event was refused: ${built.reason}` };
  const outcome = await validateGa4Events({
    baseUrl: deps.config.ga4MpUrl,
    measurementId: settings.ga4MeasurementId,
    apiSecret: secret,
    ...built.value,
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  if (!outcome.ok) return { ok: false, text: outcome.error };
  if (outcome.messages.length === 0) {
    return { ok: true, text: 'GA4’s validation server found nothing wrong with a qualify_lead event.' };
  }
  const problems = outcome.messages.map((m) => `${m.fieldPath}: ${m.description}`).join(' ');
  return { ok: false, text: `GA4’s validation server: ${problems}` };
}

export const LOG_PAGE_SIZE = 50;

export interface DeliveryLogPage {
  rows: OutboxLogRow[];
  nextCursor: string | undefined;
  last24h: { sent: number; failed: number };
}

export async function loadDeliveryLog(
  deps: Pick<Deps, 'db' | 'clock'>,
  projectId: string,
  after: string | undefined,
): Promise<DeliveryLogPage> {
  const rows = await listOutboxLog(deps.db, {
    projectId,
    before: decodeKeysetCursor(after),
    limit: LOG_PAGE_SIZE,
  });
  const page = rows.slice(0, LOG_PAGE_SIZE);
  const last = page.at(-1);
  const since = toIso(new Date(deps.clock.now().getTime() - 24 * 3_600_000));
  return {
    rows: page,
    nextCursor:
      rows.length > LOG_PAGE_SIZE && last
        ? encodeKeysetCursor({ at: last.createdAt, id: last.id })
        : undefined,
    last24h: await countOutboxOutcomesSince(deps.db, since, projectId),
  };
}

/** Puts a given-up event back in the queue (its window is checked again when it is sent). */
export async function retryDelivery(
  deps: Pick<Deps, 'db' | 'clock'>,
  projectId: string,
  outboxId: string,
): Promise<boolean> {
  return writeTransaction(deps.db, (trx) =>
    retryFailedOutboxEvent(trx, { id: outboxId, projectId, now: toIso(deps.clock.now()) }),
  );
}
