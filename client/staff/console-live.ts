import { LIVE_REFRESH_EVENT } from '../../views/dom-ids.ts';
import { connectRealtime, socketUrl } from '../shared/realtime.ts';
import { leadChanged } from './lead-live.ts';
import { htmx } from './page.ts';

/**
 * Live admin/manager consoles (ADMIN-1): one socket on the staff topic; any chat, assignment or
 * presence event, and every reconnect (events missed while away are not replayed), asks the
 * regions marked data-live-refresh to reload themselves, debounced.
 */
const REFRESH_DELAY_MS = 400;

if (document.querySelector('[data-live-refresh]')) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      for (const region of document.querySelectorAll('[data-live-refresh]')) {
        htmx().trigger(region, LIVE_REFRESH_EVENT);
      }
    }, REFRESH_DELAY_MS);
  };
  connectRealtime({
    url: socketUrl(),
    onEvent: (event) => {
      // The chat modal's lead panel, stage and facts (ADR 0045), besides the table behind it.
      if (event.type === 'lead.changed') leadChanged(event);
      refreshSoon();
    },
    onStatus: (status) => {
      document.documentElement.setAttribute('data-realtime', status);
      if (status === 'open') refreshSoon();
    },
  });
}
