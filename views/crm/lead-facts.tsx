import type { Child } from 'hono/jsx';
import type { LeadTouch } from '../../src/leads/lead-touch.ts';
import { dateTime } from '../components/format.ts';

/** Label/value lists of a lead (empty values left out) and its attribution (VIS-10). */
export function Facts({
  items,
  quiet = false,
}: {
  items: Array<[string, Child | null | undefined]>;
  /** Say nothing when every value is empty (a list beside others). */
  quiet?: boolean;
}) {
  const shown = items.filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (shown.length === 0) return quiet ? null : <p class="muted">Nothing recorded.</p>;
  return (
    <dl class="facts">
      {shown.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

export function Attribution({ touch }: { touch: LeadTouch | null }) {
  if (!touch) return <p class="muted">This lead came without a recorded visit.</p>;
  const place = [touch.geoCity, touch.geoRegion, touch.geoCountry].filter(Boolean).join(', ');
  const device = [touch.deviceType, touch.osName, touch.browserName].filter(Boolean).join(' · ');
  return (
    <Facts
      items={[
        ['Campaign', touch.utmCampaign],
        ['Source / medium', [touch.utmSource, touch.utmMedium].filter(Boolean).join(' / ')],
        ['Term', touch.utmTerm],
        ['Content', touch.utmContent],
        [
          'Click ids',
          [
            touch.gclid && `gclid ${touch.gclid}`,
            touch.gbraid && `gbraid ${touch.gbraid}`,
            touch.wbraid && `wbraid ${touch.wbraid}`,
            touch.fbclid && `fbclid ${touch.fbclid}`,
          ]
            .filter(Boolean)
            .join(', '),
        ],
        ['Landing page', touch.landingUrl ? <span class="break-all">{touch.landingUrl}</span> : null],
        ['Referrer', touch.referrer ? <span class="break-all">{touch.referrer}</span> : null],
        ['Device', device],
        ['Language', touch.language],
        ['Location', place],
        ['Visitor', touch.isReturning ? 'Returning' : 'First visit'],
        ['First touch', dateTime(touch.createdAt)],
      ]}
    />
  );
}
