import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

export interface VisitorBrand {
  slug: string;
  title: string;
  themeColor: string;
  /** The project's icon, or our generated one. */
  iconUrl: string;
  themeCssUrl: string;
  manifestUrl: string;
}

export interface VisitorDocumentProps {
  brand: VisitorBrand;
  title: string;
  description?: string;
  cssUrl: string;
  /** Stylesheets after the page's own (the widget frame's embed styles). */
  moreCss?: string[];
  scripts: string[];
  children?: Child;
  bodyAttrs?: Record<string, string>;
}

/**
 * The visitor page's document: no htmx and no Alpine (the phone budget, SPEC PERF-4, has no
 * room for them); our CSS, the project's theme stylesheet and small module scripts, all same-origin.
 */
export function VisitorDocument({
  brand,
  title,
  description,
  cssUrl,
  moreCss = [],
  scripts,
  children,
  bodyAttrs,
}: VisitorDocumentProps) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <title>{title}</title>
          {description ? <meta name="description" content={description} /> : null}
          <meta name="theme-color" content={brand.themeColor} />
          <meta name="apple-mobile-web-app-capable" content="yes" />
          <meta name="apple-mobile-web-app-title" content={brand.title} />
          <link rel="manifest" href={brand.manifestUrl} />
          <link rel="icon" href={brand.iconUrl} />
          <link rel="apple-touch-icon" href={brand.iconUrl} />
          <link rel="stylesheet" href={cssUrl} />
          <link rel="stylesheet" href={brand.themeCssUrl} />
          {moreCss.map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
          {scripts.map((src) => (
            <script type="module" src={src} />
          ))}
        </head>
        <body class="visitor" {...bodyAttrs}>
          {children}
        </body>
      </html>
    </>
  );
}
