import type { EventOf } from '../../src/events/events.ts';
import { ANY_LEAD, DRAGGING_CLASS, LEAD_LIVE_ATTRS } from '../../views/crm/lead-live-dom-ids.ts';
import { htmx } from './page.ts';

/**
 * Live lead regions (ADR 0045): a `lead.changed` event only says which lead changed; every region
 * showing it (marked by views/crm/lead-live-dom-ids.ts) is re-read from the server, with the
 * route's own authorisation, and swapped by htmx. Regions sharing a URL cost one request (the
 * first is the target, the others come out of band). A region being edited (focus inside it, or
 * a field changed and not yet saved) waits until the person leaves it, so a draft is never lost;
 * one with a request of its own in flight (a move on the board) waits for that answer's swap.
 * Nothing here builds HTML or trusts the event's data.
 */
const REFRESH_DELAY_MS = 150;
const REGIONS = `[${LEAD_LIVE_ATTRS.lead}], [${LEAD_LIVE_ATTRS.chat}]`;
const waiting = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;

function regionsShowing(event: EventOf<'lead.changed'>): HTMLElement[] {
  const selectors = [
    `[${LEAD_LIVE_ATTRS.lead}="${ANY_LEAD}"]`,
    `[${LEAD_LIVE_ATTRS.lead}="${CSS.escape(event.leadId)}"]`,
  ];
  if (event.chatId) selectors.push(`[${LEAD_LIVE_ATTRS.chat}="${CSS.escape(event.chatId)}"]`);
  return [...document.querySelectorAll<HTMLElement>(selectors.join(', '))];
}

/**
 * Focus in one of its fields, a field whose value differs from what the server rendered, a card
 * being dragged, or an htmx request from inside it not answered yet (htmx marks its source with
 * `htmx-request`).
 */
function isBusy(region: HTMLElement): boolean {
  const busy = `.htmx-request, .${DRAGGING_CLASS}`;
  if (region.matches(busy) || region.querySelector(busy)) return true;
  const active = document.activeElement;
  if (active && region.contains(active) && active.matches('input, textarea, select')) return true;
  for (const field of region.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
    if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) {
      if (field.checked !== field.defaultChecked) return true;
    } else if (field.type !== 'hidden' && field.value !== field.defaultValue) {
      return true;
    }
  }
  for (const option of region.querySelectorAll<HTMLOptionElement>('select option')) {
    if (option.selected !== option.defaultSelected) return true;
  }
  return false;
}

function refreshWaiting(): void {
  const byUrl = new Map<string, HTMLElement[]>();
  for (const id of [...waiting]) {
    const region = document.getElementById(id);
    if (!region || isBusy(region)) {
      if (!region) waiting.delete(id);
      continue;
    }
    waiting.delete(id);
    const url = region.getAttribute(LEAD_LIVE_ATTRS.url) ?? `${location.pathname}${location.search}`;
    byUrl.set(url, [...(byUrl.get(url) ?? []), region]);
  }
  for (const [url, [first, ...others]] of byUrl) {
    if (!first) continue;
    const selector = (region: HTMLElement) => `#${CSS.escape(region.id)}`;
    void htmx().ajax('GET', url, {
      target: selector(first),
      select: selector(first),
      selectOOB: others.map(selector).join(','),
      swap: 'outerHTML',
      leadLive: true,
    });
  }
}

function refreshSoon(regions: Iterable<HTMLElement>): void {
  for (const region of regions) if (region.id) waiting.add(region.id);
  if (waiting.size === 0) return;
  clearTimeout(timer);
  timer = setTimeout(refreshWaiting, REFRESH_DELAY_MS);
}

/** A lead changed: re-read every region on this page that shows it. */
export function leadChanged(event: EventOf<'lead.changed'>): void {
  refreshSoon(regionsShowing(event));
}

/** After a reconnect (events sent meanwhile are not replayed): re-read every lead region. */
export function refreshAllLeadRegions(): void {
  refreshSoon(document.querySelectorAll<HTMLElement>(REGIONS));
}

// A region that waited: once its editor leaves it, its own request has been swapped in, a drag ended.
for (const settled of ['focusout', 'htmx:after:settle', 'dragend']) {
  document.addEventListener(settled, () => {
    if (waiting.size > 0) refreshSoon([]);
  });
}

interface HtmxResponseEvent extends Event {
  detail?: { ctx?: { leadLive?: boolean; response?: { status?: number } } };
}

// A refused re-read (the lead was given to someone else, the session ended) never swaps an error
// page into a region: a page of its own is loaded again, so the server says what is the matter.
document.addEventListener('htmx:before:response', (event: HtmxResponseEvent) => {
  const ctx = event.detail?.ctx;
  if (!ctx?.leadLive || (ctx.response?.status ?? 200) < 400) return;
  event.preventDefault();
  if (ctx.response?.status !== 401) location.reload();
});
