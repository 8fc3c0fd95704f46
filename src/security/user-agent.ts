/**
 * Every current browser (Chrome, Firefox, Safari, Edge, mobile webviews) starts its User-Agent
 * this way; scripts and scanners mostly do not. Used only to count strikes, never to trust.
 */
export const looksLikeBrowser = (userAgent: string | undefined): boolean =>
  userAgent !== undefined && /^Mozilla\/5\.0 \(/.test(userAgent);
