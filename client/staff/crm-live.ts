import { LEAD_LIVE_ATTRS } from '../../views/crm/lead-live-dom-ids.ts';
import { connectRealtime, socketUrl } from '../shared/realtime.ts';
import { leadChanged, refreshAllLeadRegions } from './lead-live.ts';

/**
 * The CRM pages (lead page, inbox, board; ADR 0045): one socket, on which the server sends the
 * lead changes this person may see; each re-reads the regions showing that lead. A reconnect or
 * a resync (ADR 0044) re-reads them all, since events missed meanwhile are not replayed. The first connect does
 * not: the page was just rendered, and a re-read then would race the person's first click or drag.
 */
if (document.querySelector(`[${LEAD_LIVE_ATTRS.lead}], [${LEAD_LIVE_ATTRS.chat}]`)) {
  let opened = false;
  connectRealtime({
    url: socketUrl(),
    onEvent: (event) => {
      if (event.type === 'lead.changed') leadChanged(event);
    },
    onStatus: (status) => {
      // As the agent console does: styles and tests read the connection state from here.
      document.documentElement.setAttribute('data-realtime', status);
      if (status !== 'open') return;
      if (opened) refreshAllLeadRegions();
      opened = true;
    },
    onResync: refreshAllLeadRegions,
  });
}
