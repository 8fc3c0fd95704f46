import { z } from 'zod';
import { parseAllowedOrigins } from '../projects/allowed-origin.ts';

const whole = (min: number, max: number, unit: string) =>
  z.coerce
    .number({ error: 'Enter a whole number.' })
    .int('Enter a whole number.')
    .min(min, `At least ${min} ${unit}.`)
    .max(max, `At most ${max} ${unit}.`);

/** The Settings page shows seconds and minutes; routing stores milliseconds. */
export const routingSettingsSchema = z
  .object({
    mode: z.enum(['round_robin', 'balanced'], { error: 'Choose a routing mode.' }),
    visitorGraceSeconds: whole(5, 600, 'seconds'),
    agentGraceSeconds: whole(5, 600, 'seconds'),
    idleLogoutMinutes: whole(1, 240, 'minutes'),
    defaultActiveLimit: whole(0, 50, 'chats'),
    defaultOfflineLimit: whole(0, 200, 'chats'),
  })
  .transform((form) => ({
    mode: form.mode,
    visitorGraceMs: form.visitorGraceSeconds * 1000,
    agentGraceMs: form.agentGraceSeconds * 1000,
    idleLogoutMs: form.idleLogoutMinutes * 60_000,
    defaultActiveLimit: form.defaultActiveLimit,
    defaultOfflineLimit: form.defaultOfflineLimit,
  }));

const snippet = z.string().max(20_000, 'Keep the snippet under 20,000 characters.').default('');

export const marketingTagsSchema = z.object({
  head: snippet,
  body: snippet,
  origins: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const parsed = parseAllowedOrigins(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.code });
        return z.NEVER;
      }
      return parsed.value;
    }),
});
