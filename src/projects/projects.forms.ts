import { z } from 'zod';
import { isKnownCountry } from '../shared/countries.ts';
import { allowedOriginsField } from './allowed-origin.ts';
import { POPUP_DELAY_LIMITS, WIDGET_POSITIONS } from './project.ts';

/** The project form (PROJ-1): every message names what to fix, shown beside the field. */
const text = (max: number, label: string) =>
  z.string().trim().max(max, `${label}: at most ${max} characters.`).default('');
const required = (max: number, label: string) =>
  text(max, label).pipe(z.string().min(1, `Enter ${label.toLowerCase()}.`));
const colour = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, `${label}: use a hex colour like #2563eb.`)
    .transform((value) => value.toLowerCase());

export const projectSchema = z.object({
  name: required(120, 'A name'),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
      'Use 1-64 lower-case letters, digits and dashes (not at the ends).',
    ),
  title: required(160, 'A page title'),
  subtitle: text(240, 'Subtitle'),
  accentColor: colour('Accent colour'),
  headerColor: colour('Header colour'),
  welcomeHeading: text(160, 'Welcome heading'),
  welcomeMessage: text(1000, 'Welcome message'),
  formHeading: text(160, 'Form heading'),
  formDescription: text(1000, 'Form description'),
  defaultCountry: z
    .string()
    .trim()
    .default('')
    .refine((value) => value === '' || isKnownCountry(value), 'Choose a country from the list.')
    .transform((value) => value || null),
  iconUrl: text(500, 'Icon URL').refine(
    (value) => value === '' || /^(https:\/\/[^\s]+|\/[^\s/][^\s]*)$/.test(value),
    'Icon URL: use an https:// address or a path on this site.',
  ),
  allowedOrigins: allowedOriginsField(),
  aiInstructions: text(8000, 'AI instructions'),
});

export type ProjectForm = z.infer<typeof projectSchema>;

/** The widget section (WID-1, WID-3): its own form and POST, beside the main project form. */
export const widgetSettingsSchema = z.object({
  widgetPosition: z.enum(WIDGET_POSITIONS, { error: 'Choose a corner for the chat bubble.' }),
  // An unchecked checkbox sends nothing.
  popupEnabled: z
    .string()
    .optional()
    .transform((value) => value === 'on' || value === '1' || value === 'true'),
  popupDelaySeconds: z.coerce
    .number({ error: 'Popup delay: enter a number of seconds.' })
    .int('Popup delay: use whole seconds.')
    .min(POPUP_DELAY_LIMITS.min, `Popup delay: ${POPUP_DELAY_LIMITS.min} seconds or more.`)
    .max(POPUP_DELAY_LIMITS.max, `Popup delay: at most ${POPUP_DELAY_LIMITS.max} seconds.`),
});
