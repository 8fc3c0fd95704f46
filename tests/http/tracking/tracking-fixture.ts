import type { Deps } from '../../../src/deps.ts';
import { captureTouch } from '../../../src/visitors/attribution.ts';
import { insertAttribution } from '../../../src/visitors/visitors.queries.ts';
import { makeConversation, makeProject, makeVisitor } from '../../support/factories.ts';

export const PIXEL = '1234567890123456';
export const META_TOKEN = 'EAAB-test-access-token-0123456789';
export const GA4_ID = 'G-TEST12345';
export const GA4_SECRET = 'ga4-api-secret-abc123';
export const FBCLID = 'IwAR0Case-Sensitive_ID';
export const LANDING = `https://acme.example/p/solar?utm_source=meta&utm_campaign=x&fbclid=${FBCLID}`;
export const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** A project set up for Meta CAPI and GA4 MP (credentials sealed as the settings page stores them). */
export async function trackedProject(
  deps: Pick<Deps, 'db' | 'secrets'>,
  overrides: { meta?: boolean; ga4?: boolean; ga4Side?: string | null; currency?: string | null } = {},
) {
  const meta = overrides.meta ?? true;
  const ga4 = overrides.ga4 ?? true;
  return makeProject(deps.db, {
    meta_pixel_id: meta ? PIXEL : null,
    meta_capi_token: meta ? deps.secrets.seal(META_TOKEN) : null,
    ga4_measurement_id: ga4 ? GA4_ID : null,
    ga4_api_secret: ga4 ? deps.secrets.seal(GA4_SECRET) : null,
    ga4_side: overrides.ga4Side ?? null,
    default_currency: overrides.currency ?? null,
  });
}

/** A chat lead from a Meta ad with its touch, held by `assigneeId` when given. */
export async function trackedLead(
  deps: Pick<Deps, 'db' | 'ids' | 'clock'>,
  projectId: string,
  assigneeId?: string,
) {
  const visitor = await makeVisitor(deps.db, { project_id: projectId });
  const attributionId = deps.ids.next();
  await insertAttribution(deps.db, {
    id: attributionId,
    visitorId: visitor.id,
    isReturning: false,
    now: deps.clock.now().toISOString(),
    touch: captureTouch({
      landingUrl: LANDING,
      referrer: undefined,
      userAgent: UA,
      language: 'en-GB',
      acceptLanguage: undefined,
      connectionType: undefined,
      timeOnPageMs: undefined,
      fbpCookie: 'fb.1.1700000000000.1234567890',
      fbcCookie: undefined,
      gaCookie: 'GA1.1.1234567890.1700000000',
      gaSessionCookie: 'GS1.1.1764000000.3.1.1764000100.60.0.0',
      ip: '203.0.113.9',
      trustedHeaders: undefined,
      now: deps.clock.now(),
    }),
  });
  return makeConversation(deps.db, {
    project_id: projectId,
    visitor_id: visitor.id,
    attribution_id: attributionId,
    visitor_name: 'Dora',
    visitor_email: '  Dora@Example.COM ',
    visitor_phone: '+14155552671',
    ...(assigneeId
      ? { status: 'active', assignee_id: assigneeId, assigned_at: deps.clock.now().toISOString() }
      : {}),
  });
}
