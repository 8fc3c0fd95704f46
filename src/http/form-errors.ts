import { zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from './env.ts';

/** Field name → first message, for re-rendering a form with inline errors (422). */
export type FieldErrors = Partial<Record<string, string>>;

interface IssueList {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}

export function fieldErrors(error: IssueList): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The submitted values as strings, to refill a refused form (files, arrays and passwords dropped). */
export function submittedValues(data: unknown): Record<string, string> {
  if (!data || typeof data !== 'object') return {};
  return Object.fromEntries(
    Object.entries(data).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'password',
    ),
  );
}

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
