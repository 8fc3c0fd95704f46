import { z } from 'zod';
import { allowedOriginsField } from '../projects/allowed-origin.ts';
import { MAX_CHAT_LIMIT } from '../routing/eligibility.ts';
import type { GlobalSettings } from './settings.ts';

const whole = (min: number, max: number, unit: string) =>
  z.coerce
    .number({ error: 'Enter a whole number.' })
    .int('Enter a whole number.')
    .min(min, `At least ${min} ${unit}.`)
    .max(max, `At most ${max} ${unit}.`);

/** The Settings page shows seconds and minutes; routing stores milliseconds. */
export const globalSettingsSchema = z
  .object({
    mode: z.enum(['round_robin', 'balanced'], { error: 'Choose a routing mode.' }),
    visitorGoneSeconds: whole(5, 600, 'seconds'),
    agentGoneSeconds: whole(5, 600, 'seconds'),
    agentIdleMinutes: whole(1, 240, 'minutes'),
    defaultActiveLimit: whole(0, MAX_CHAT_LIMIT, 'chats'),
    defaultOfflineLimit: whole(0, MAX_CHAT_LIMIT, 'chats'),
  })
  .transform(
    (form): GlobalSettings => ({
      mode: form.mode,
      visitorGoneMs: form.visitorGoneSeconds * 1000,
      agentGoneMs: form.agentGoneSeconds * 1000,
      agentIdleMs: form.agentIdleMinutes * 60_000,
      agentDefaults: { activeLimit: form.defaultActiveLimit, offlineLimit: form.defaultOfflineLimit },
    }),
  );

const snippet = z.string().max(20_000, 'Keep the snippet under 20,000 characters.').default('');

export const marketingTagsSchema = z.object({
  head: snippet,
  body: snippet,
  origins: allowedOriginsField(),
});
