import { z } from 'zod';
import { ROLES } from '../auth/roles.ts';
import { MAX_CHAT_LIMIT } from '../routing/eligibility.ts';

/** Form schemas for the Agents and Staff consoles; messages are shown beside the field. */
const checkbox = z.preprocess((value) => value === 'on', z.boolean());
const displayName = z
  .string({ error: 'Enter a display name.' })
  .trim()
  .min(1, 'Enter a display name.')
  .max(120, 'Keep the name under 120 characters.');
const email = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter a valid email address.').max(254, 'Keep the email under 254 characters.'));
export const password = z
  .string({ error: 'Enter a password.' })
  .min(10, 'Use at least 10 characters.')
  .max(200, 'Keep the password under 200 characters.');
const limit = (max: number) =>
  z.coerce
    .number({ error: 'Enter a whole number.' })
    .int('Enter a whole number.')
    .min(0, 'Cannot be negative.')
    .max(max, `At most ${max}.`);

export const agentSettingsSchema = z.object({
  displayName,
  activeLimit: limit(MAX_CHAT_LIMIT),
  offlineLimit: limit(MAX_CHAT_LIMIT),
  liveChatEnabled: checkbox,
  crmEnabled: checkbox,
});

export const newAgentSchema = agentSettingsSchema.extend({ email, password });

export const staffMemberSchema = z.object({
  displayName,
  email,
  role: z.enum(ROLES, { error: 'Choose a role.' }),
  isActive: checkbox,
});

export const newStaffSchema = staffMemberSchema.extend({ password });

export const passwordSchema = z.object({ password });
