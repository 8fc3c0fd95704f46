import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

export interface DocumentProps {
  title: string;
  children?: Child;
  bodyClass?: string;
  /** Scripts beyond htmx, all from our own origin (strict CSP). */
  scripts?: string[];
}

/** The HTML document every platform page shares: our CSS, htmx and Alpine (CSP build), no inline code. */
export function Document({ title, children, bodyClass, scripts = [] }: DocumentProps) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light" />
          <title>{title}</title>
          <link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/css/app.css" />
          <script src="/static/vendor/htmx.js" defer />
          {scripts.map((src) => (
            <script src={src} defer />
          ))}
          <script src="/static/vendor/alpine-csp.js" defer />
        </head>
        <body class={bodyClass}>{children}</body>
      </html>
    </>
  );
}
