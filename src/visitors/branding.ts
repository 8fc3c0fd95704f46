import type { Selectable } from 'kysely';
import type { ProjectsTable } from '../db/database.ts';
import { iconSrcOf } from '../projects/project.ts';

/**
 * A project's look on its page (VIS-1, VIS-9): colours go out as a small stylesheet (the CSP
 * forbids inline styles), the icon is the project's own or one drawn from its accent colour.
 */
export type ProjectRow = Selectable<ProjectsTable>;

const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export const safeColor = (value: string | null | undefined, fallback: string): string =>
  value && HEX.test(value) ? value.toLowerCase() : fallback;

function rgb(hex: string): [number, number, number] {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((ch) => ch + ch).join('')}` : hex;
  return [1, 3, 5].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

/** White or near-black text, whichever has the higher WCAG contrast ratio on the colour. */
export function inkFor(hex: string): string {
  const [r, g, b] = rgb(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const onWhite = 1.05 / (luminance + 0.05);
  const onDark = (luminance + 0.05) / 0.0585; // #0f172a has a luminance of about 0.0085
  return onDark > onWhite ? '#0f172a' : '#ffffff';
}

export const accentOf = (p: ProjectRow) => safeColor(p.accent_color, '#2563eb');
export const headerOf = (p: ProjectRow) => safeColor(p.header_color, '#0f172a');

export function themeCss(p: ProjectRow): string {
  const accent = accentOf(p);
  const header = headerOf(p);
  return `:root{--accent:${accent};--accent-ink:${inkFor(accent)};--header:${header};--header-ink:${inkFor(header)}}\n`;
}

/** The icon the page shows: the rule is the projects module's (iconSrcOf). */
export const iconUrlOf = (p: ProjectRow): string =>
  iconSrcOf({ slug: p.slug, iconUrl: p.icon_url, hasUpload: p.icon_key !== null, updatedAt: p.updated_at });

/** A chat bubble in the accent colour. Built only from validated colours: no user text inside. */
export function iconSvg(p: ProjectRow): string {
  const accent = accentOf(p);
  const ink = inkFor(accent);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">` +
    `<rect width="512" height="512" rx="112" fill="${accent}"/>` +
    `<path d="M136 152h240a40 40 0 0 1 40 40v120a40 40 0 0 1-40 40H232l-72 56v-56h-24a40 40 0 0 1-40-40V192a40 40 0 0 1 40-40z" fill="${ink}"/>` +
    `<circle cx="196" cy="252" r="18" fill="${accent}"/><circle cx="256" cy="252" r="18" fill="${accent}"/>` +
    `<circle cx="316" cy="252" r="18" fill="${accent}"/></svg>`
  );
}

/** The web app manifest (VIS-9): installs as the project, opens on its page. */
export function manifestOf(p: ProjectRow, path: string) {
  const icon = iconUrlOf(p);
  const drawn = icon.startsWith(`/p/${p.slug}/icon.svg`);
  return {
    id: path,
    name: p.title || p.name,
    short_name: (p.name || p.title).slice(0, 30),
    description: p.subtitle || undefined,
    start_url: path,
    scope: path,
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: headerOf(p),
    icons: drawn
      ? [{ src: icon, sizes: 'any', type: 'image/svg+xml', purpose: 'any' }]
      : p.icon_key && p.icon_type
        ? [{ src: icon, sizes: p.icon_sizes ?? 'any', type: p.icon_type, purpose: 'any' }]
        : [{ src: icon, sizes: '192x192 512x512', purpose: 'any' }],
  };
}
