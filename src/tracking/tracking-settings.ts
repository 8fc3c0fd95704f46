import { DEFAULT_META_NOT_QUALIFIED_EVENT, type Ga4Side, type TrackingConfig } from './tracking.ts';

/**
 * A project's tracking settings as stored, and the TrackingConfig they amount to (TRACK-3,
 * docs/decisions/0018). Pure. Credentials stay sealed here: only the sender opens them.
 */
export interface ProjectTrackingSettings {
  metaPixelId: string | null;
  /** Sealed (deps.secrets). */
  metaCapiToken: string | null;
  metaTestEventCode: string | null;
  metaNotQualifiedEvent: string | null;
  ga4MeasurementId: string | null;
  /** Sealed (deps.secrets). */
  ga4ApiSecret: string | null;
  /** As chosen; null = the default (effectiveGa4Side). */
  ga4Side: string | null;
  defaultCurrency: string | null;
}

export const FALLBACK_CURRENCY = 'USD';

export const GA4_SIDES: readonly Ga4Side[] = ['server', 'browser', 'none'];

const isGa4Side = (value: string | null): value is Ga4Side =>
  value !== null && (GA4_SIDES as readonly string[]).includes(value);

export const ga4ServerReady = (s: Pick<ProjectTrackingSettings, 'ga4MeasurementId' | 'ga4ApiSecret'>) =>
  Boolean(s.ga4MeasurementId && s.ga4ApiSecret);

export const metaServerReady = (s: Pick<ProjectTrackingSettings, 'metaPixelId' | 'metaCapiToken'>) =>
  Boolean(s.metaPixelId && s.metaCapiToken);

/**
 * GA4 cannot de-duplicate, so its events come from exactly one side. Not chosen: the server when
 * the measurement id and API secret are set, else the browser (the GTM tag). Chosen `server`
 * without the credentials sends nothing rather than queueing events that cannot go.
 */
export function effectiveGa4Side(s: ProjectTrackingSettings): Ga4Side {
  const chosen = isGa4Side(s.ga4Side) ? s.ga4Side : ga4ServerReady(s) ? 'server' : 'browser';
  return chosen === 'server' && !ga4ServerReady(s) ? 'none' : chosen;
}

export function trackingConfigOf(s: ProjectTrackingSettings): TrackingConfig {
  return {
    metaServer: metaServerReady(s),
    metaNotQualifiedEventName: s.metaNotQualifiedEvent || DEFAULT_META_NOT_QUALIFIED_EVENT,
    ga4Side: effectiveGa4Side(s),
  };
}
