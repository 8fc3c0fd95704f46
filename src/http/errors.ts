/** A failure the HTTP edge turns into a status and a short, safe message (STYLE 2.9). */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429,
    message: string,
  ) {
    super(message);
  }
}

export const forbidden = (message = 'You do not have access to this page.') =>
  new AppError('auth.forbidden', 403, message);

export const notFound = (message = 'We could not find that page.') =>
  new AppError('http.not_found', 404, message);
