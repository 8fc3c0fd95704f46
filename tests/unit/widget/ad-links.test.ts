import { describe, expect, test } from 'bun:test';
import { AD_LINK_PRESETS, adLinkQuery, adLinkUrl, utmValuesOf } from '../../../src/projects/ad-links.ts';

describe('ad-link builder (BEYOND-9)', () => {
  test('platform macros stay as typed; everything else is percent-encoded', () => {
    const meta = AD_LINK_PRESETS.find((preset) => preset.id === 'meta');
    expect(adLinkUrl('https://chat.example.com', 'spring', meta?.values ?? {})).toBe(
      'https://chat.example.com/p/spring?utm_source={{site_source_name}}&utm_medium=paid_social&utm_campaign={{campaign.name}}&utm_term={{placement}}&utm_content={{ad.name}}',
    );
    const google = AD_LINK_PRESETS.find((preset) => preset.id === 'google');
    expect(adLinkQuery(google?.values ?? {})).toBe(
      'utm_source=google&utm_medium=cpc&utm_campaign={campaignid}&utm_term={keyword}&utm_content={creative}',
    );
    expect(adLinkQuery({ utm_campaign: 'Spring sale & more/50%', utm_source: ' qr ' })).toBe(
      'utm_source=qr&utm_campaign=Spring%20sale%20%26%20more%2F50%25',
    );
    expect(adLinkUrl('https://chat.example.com', 'spring', {})).toBe('https://chat.example.com/p/spring');
  });

  test('only the five UTM fields are read, each cut to 200 characters', () => {
    const query: Record<string, string> = {
      utm_source: 'x'.repeat(500),
      utm_medium: 'email',
      redirect: 'https://evil',
    };
    const values = utmValuesOf((field) => query[field]);
    expect(values.utm_source).toHaveLength(200);
    expect(values).toEqual({
      utm_source: 'x'.repeat(200),
      utm_medium: 'email',
      utm_campaign: '',
      utm_term: '',
      utm_content: '',
    });
    expect(adLinkUrl('https://c.example', 'p', values)).not.toContain('evil');
  });
});
