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
  /** The phone country the lead form starts on; null = guessed per visitor (geo, then language). */
  defaultCountry: string | null;
  iconUrl: string | null;
  /** An uploaded icon, which the page uses before `iconUrl` (set by its own form, not this one). */
  uploadedIcon: UploadedIcon | null;
  widgetPosition: WidgetPosition;
  /** The widget's auto-popup (WID-3) and its delay after the host page loads. */
  popupEnabled: boolean;
  popupDelaySeconds: number;
  aiInstructions: string | null;
  isDefault: boolean;
  updatedAt: string;
}

/** The corners the widget's bubble can sit in (WID-1); a script tag's data-position picks one too. */
export const WIDGET_POSITIONS = ['bottom-right', 'bottom-left'] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];

export const isWidgetPosition = (value: string): value is WidgetPosition =>
  (WIDGET_POSITIONS as readonly string[]).includes(value);

/** The popup's delay is whole seconds within these bounds (0: at once). */
export const POPUP_DELAY_LIMITS = { min: 0, max: 600 } as const;

/** What the project page's widget section edits (views/projects/widget-section.tsx), apart from the main form. */
export type WidgetSettings = Pick<Project, 'widgetPosition' | 'popupEnabled' | 'popupDelaySeconds'>;

/** What the project form edits. */
export type ProjectFields = Omit<
  Project,
  'id' | 'isDefault' | 'updatedAt' | 'uploadedIcon' | keyof WidgetSettings
>;

export interface UploadedIcon {
  key: string;
  contentType: string;
  /** "WxH", for the web app manifest. */
  sizes: string;
}

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
