import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

export interface DocumentProps {
  title: string;
  children?: Child;
  bodyClass?: string;
  /** Scripts beyond htmx, all from our own origin (strict CSP). */
  scripts?: string[];
  /** ES module scripts (e.g. pages that import static/js/realtime-client.js). */
  modules?: string[];
  /** Module stylesheets after app.css (e.g. /static/css/agent.css). */
  styles?: string[];
  /** A web app manifest for installable consoles (AGENT-5) and pages (VIS-9). */
  manifest?: string;
}

/** The HTML document every platform page shares: our CSS, htmx and Alpine (CSP build), no inline code. */
export function Document(props: DocumentProps) {
  const { title, children, bodyClass, scripts = [], modules = [], styles = [], manifest } = props;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light" />
          {/* SEC-5: htmx's settle step copies class/style/width/height from an element to its
              replacement with setAttribute; a style attribute left by an extension, a screenshot
              tool or Alpine's x-show is then re-applied inline, which style-src 'self' refuses.
              We use no settle transitions, so the step is off (issue 13 item 8). */}
          <meta name="htmx-config" content="defaultSettleDelay:0" />
          <title>{title}</title>
          <link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/css/app.css" />
          {styles.map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
          {manifest ? <link rel="manifest" href={manifest} /> : null}
          {manifest ? <meta name="theme-color" content="#0f172a" /> : null}
          <script src="/static/vendor/htmx.js" defer />
          {scripts.map((src) => (
            <script src={src} defer />
          ))}
          {modules.map((src) => (
            <script type="module" src={src} />
          ))}
          <script src="/static/vendor/alpine-csp.js" defer />
        </head>
        <body class={bodyClass}>{children}</body>
      </html>
    </>
  );
}
