import { z } from 'zod';

/**
 * The Converted value beside the stage (TRACK-3: Meta's Purchase needs a value and a currency):
 * optional, a plain amount with up to two decimals, in the project's default currency. Absent
 * (`undefined`) is not the same as empty: the agent pane asks for it before saving Converted.
 */
export const conversionValueField = z
  .string()
  .trim()
  .max(20, 'Enter the value as a number such as 1200 or 99.50.')
  .regex(/^(\d{1,12}(\.\d{1,2})?)?$/, 'Enter the value as a number such as 1200 or 99.50.')
  .transform((value) => (value === '' ? null : Number(value)))
  .optional();

export const VALUE_ERROR = 'Enter the value as a number such as 1200 or 99.50.';
