/**
 * What the loader reads from and keeps on the host site (README "Embedding" → Storage): its own
 * localStorage (refused in some private modes: the widget then still works, it just forgets), the
 * visit's landing page and Meta's first-party cookies for the chat's touch (VIS-10).
 */
export const hostStorage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): boolean {
    try {
      localStorage.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  },
};

/** A first-party cookie of the host site (Meta's `_fbp` / `_fbc`, GA's `_ga`). */
export function hostCookie(name: string): string | null {
  const found = document.cookie.split('; ').find((pair) => pair.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
}

/** GA4's session cookie, `_ga_<stream>` (the first one: one GA4 stream per site is the norm). */
export function hostGaSessionCookie(): string | null {
  const found = document.cookie.split('; ').find((pair) => /^_ga_[A-Za-z0-9]{1,20}=/.test(pair));
  return found ? decodeURIComponent(found.slice(found.indexOf('=') + 1)) : null;
}

/** The first page of this visit: its UTM and click ids are the chat's touch. */
export function landingUrl(projectId: string): string {
  const key = `livechat:${projectId}:landing`;
  try {
    const kept = sessionStorage.getItem(key);
    if (kept) return kept;
    sessionStorage.setItem(key, location.href);
  } catch {
    // no session storage: this page is the touch
  }
  return location.href;
}
