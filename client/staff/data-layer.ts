import type { DataLayerEvent } from '../../src/tracking/data-layer.ts';
import { DATA_LAYER_HX_EVENT } from '../../src/tracking/tracking.ts';

/**
 * Conversion tracking in the browser (TRACK-2): a stage change on any staff page answers with an
 * HX-Trigger carrying the `lead_stage_changed` event the server built (hashes included, the same
 * event_id as the server-side Meta and GA4 events). This pushes it to `window.dataLayer` exactly
 * once per response, for the marketer's GTM tags; nothing here builds or hashes anything.
 */
declare global {
  interface Window {
    dataLayer?: unknown[];
  }
}

const FIELDS: ReadonlyArray<keyof DataLayerEvent> = [
  'event',
  'event_id',
  'first_time',
  'stage',
  'meta_event_name',
  'ga4_event_name',
  'ga4_from_browser',
  'project_id',
  'project_name',
  'agent_id',
  'agent_name',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'gclid',
  'gbraid',
  'wbraid',
  'fbclid',
  'fbc',
  'value',
  'currency',
  'email_sha256',
  'phone_sha256',
];

document.addEventListener(DATA_LAYER_HX_EVENT, (event) => {
  const detail = (event as CustomEvent<Record<string, unknown>>).detail;
  if (typeof detail !== 'object' || detail === null || detail.event !== 'lead_stage_changed') return;
  // htmx adds the element that made the request (`elt`): only the event's own fields are pushed.
  const pushed: Record<string, unknown> = {};
  for (const field of FIELDS) pushed[field] = detail[field] ?? null;
  window.dataLayer = window.dataLayer ?? [];
  window.dataLayer.push(pushed);
});
