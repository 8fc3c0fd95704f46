import { LEAD_LIVE_ATTRS } from '../../views/crm/lead-live-dom-ids.ts';
import { connectRealtime, socketUrl } from '../shared/realtime.ts';
import { leadChanged, refreshAllLeadRegions } from './lead-live.ts';

/**
 * The CRM pages (lead page, inbox, board; ADR 0045): one socket, on which the server sends the
 * lead changes this person may see; each re-reads the regions showing that lead. Every (re)connect
 * re-reads them all, since events missed while away are not replayed.
 */
if (document.querySelector(`[${LEAD_LIVE_ATTRS.lead}], [${LEAD_LIVE_ATTRS.chat}]`)) {
  connectRealtime({
    url: socketUrl(),
    onEvent: (event) => {
      if (event.type === 'lead.changed') leadChanged(event);
    },
    onStatus: (status) => {
      if (status === 'open') refreshAllLeadRegions();
    },
  });
}
