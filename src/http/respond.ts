import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from './env.ts';
import { isFragmentRequest } from './fragments.ts';

/** One URL answers with a fragment for htmx and a whole page otherwise (STYLE 2.5). */
export function respond(
  c: Context<AppEnv>,
  views: { fragment: () => JSX.Element; page: () => JSX.Element },
  status: 200 | 404 | 409 | 422 = 200,
) {
  c.header('Vary', 'HX-Request');
  const body = isFragmentRequest(c) ? views.fragment() : views.page();
  return c.html(body, status);
}

/** After a create: htmx follows HX-Redirect, a plain form post follows the 303. */
export function redirectTo(c: Context<AppEnv>, location: string) {
  if (c.req.header('HX-Request') === 'true') {
    c.header('HX-Redirect', location);
    return c.body(null, 204);
  }
  return c.redirect(location, 303);
}
