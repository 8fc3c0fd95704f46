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
