import { zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import type { z } from 'zod';
import { type FieldErrors, fieldErrors, submittedValues } from '../shared/field-errors.ts';
import type { AppEnv } from './env.ts';

/**
 * Validates a form body; when it is refused, `onInvalid` re-renders the form with the errors and
 * the submitted values (answered as 422), and the handler never runs, so nothing is written.
 */
export function validForm<Schema extends z.ZodType>(
  schema: Schema,
  onInvalid: (
    c: Context<AppEnv>,
    errors: FieldErrors,
    values: Record<string, string>,
  ) => Response | Promise<Response>,
) {
  return zValidator('form', schema, async (result, c) => {
    if (!result.success) {
      return onInvalid(
        c as unknown as Context<AppEnv>,
        fieldErrors(result.error),
        submittedValues(result.data),
      );
    }
  });
}
