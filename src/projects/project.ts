/** A project as the consoles and pages use it (PROJ-1); secrets of TRACK-3 stay out. */
export interface Project {
  id: string;
  slug: string;
  name: string;
  title: string;
  subtitle: string;
  accentColor: string;
  headerColor: string;
  welcomeHeading: string;
  welcomeMessage: string;
  formHeading: string;
  formDescription: string;
  iconUrl: string | null;
  /** An uploaded icon, which the page uses before `iconUrl` (set by its own form, not this one). */
  uploadedIcon: UploadedIcon | null;
  widgetPosition: string;
  aiInstructions: string | null;
  isDefault: boolean;
  updatedAt: string;
}

export interface UploadedIcon {
  key: string;
  contentType: string;
  /** "WxH", for the web app manifest. */
  sizes: string;
}

/** What the project form edits. */
export type ProjectFields = Omit<Project, 'id' | 'isDefault' | 'updatedAt' | 'uploadedIcon'>;

/**
 * The icon a project's page shows (PROJ-1, VIS-9): an uploaded one first (served by
 * /p/{slug}/icon), then an http(s) Icon URL or a path on this site; anything else falls back to
 * the icon drawn from the accent colour. `?v=` changes with every save, so caches stay right.
 */
export function iconSrcOf(p: {
  slug: string;
  iconUrl: string | null;
  hasUpload: boolean;
  updatedAt: string;
}) {
  const version = encodeURIComponent(p.updatedAt);
  if (p.hasUpload) return `/p/${p.slug}/icon?v=${version}`;
  const url = p.iconUrl?.trim();
  if (url && (/^https?:\/\//i.test(url) || /^\/[^/\\]/.test(url))) return url;
  return `/p/${p.slug}/icon.svg?v=${version}`;
}
