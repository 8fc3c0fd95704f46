import { TIMEZONE_LINK_ATTR } from '../../views/reports/report-dom-ids.ts';

/**
 * PDF transcripts show times in the viewer's zone (REP-3): a click on a marked link adds the
 * browser's IANA zone as `?tz=` just before it is followed. Delegated, so rows swapped in by htmx
 * need nothing; without script the server falls back to UTC and says so in the PDF.
 */
document.addEventListener(
  'click',
  (event) => {
    const link = (event.target as Element | null)?.closest?.(`a[${TIMEZONE_LINK_ATTR}]`);
    if (!(link instanceof HTMLAnchorElement)) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    const url = new URL(link.href, location.href);
    url.searchParams.set('tz', zone);
    link.href = url.toString();
  },
  true,
);
