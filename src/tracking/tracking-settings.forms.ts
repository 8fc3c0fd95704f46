import { z } from 'zod';
import { checkMetaCustomEventName } from './tracking.ts';

/**
 * The project's conversion tracking form (TRACK-3). Secrets are write-only: a blank field keeps
 * the stored one, the "clear" box removes it; nothing stored is ever sent back to the page.
 */
const optional = (max: number, pattern: RegExp, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .refine((value) => value === '' || pattern.test(value), message)
    .default('');

export const trackingSettingsSchema = z.object({
  metaPixelId: optional(
    30,
    /^\d{1,30}$/,
    'The pixel (dataset) id is digits only, as Events Manager shows it.',
  ),
  metaAccessToken: z.string().trim().max(400, 'That is longer than any Meta access token.').default(''),
  metaAccessTokenClear: z.literal('on').optional(),
  metaTestEventCode: optional(
    64,
    /^[A-Za-z0-9]{1,64}$/,
    'Use the code from Events Manager → Test events, e.g. TEST12345.',
  ),
  metaNotQualifiedEvent: z
    .string()
    .trim()
    .default('')
    .superRefine((value, ctx) => {
      const problem = value === '' ? undefined : checkMetaCustomEventName(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  ga4MeasurementId: optional(20, /^G-[A-Z0-9]{4,16}$/, 'The measurement id looks like G-XXXXXXXXXX.'),
  ga4ApiSecret: z.string().trim().max(100, 'That is longer than any GA4 API secret.').default(''),
  ga4ApiSecretClear: z.literal('on').optional(),
  ga4Side: z
    .enum(['', 'server', 'browser', 'none'], { error: 'Choose where GA4 events come from.' })
    .default(''),
  defaultCurrency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      (value) => value === '' || /^[A-Z]{3}$/.test(value),
      'Use a three-letter ISO 4217 code such as USD.',
    )
    .default(''),
});

export type TrackingSettingsForm = z.infer<typeof trackingSettingsSchema>;

export const trackingTestSchema = z.object({
  platform: z.enum(['meta', 'ga4'], { error: 'Choose Meta or GA4.' }),
});
