/**
 * Regions of the staff pages that show a lead and re-fetch themselves when a `lead.changed`
 * event names it (ADR 0045): the markup says which lead or chat a region shows and where its
 * fresh HTML comes from; client/staff/lead-live.ts does the rest. Shared by views and that script.
 */
export const LEAD_LIVE_ATTRS = {
  /** The lead a region shows, or `any` for a list of leads (the inbox, the board). */
  lead: 'data-lead-live',
  /** The chat a region shows the lead stage of (a chat's stage is the chat's own column). */
  chat: 'data-lead-chat',
  /** Where the region's fresh HTML is (a page or fragment holding an element of the same id); absent: this page. */
  url: 'data-live-url',
} as const;

export const ANY_LEAD = 'any';

/** A board card being dragged (client/staff/lead-board.ts): its board waits to be re-read. */
export const DRAGGING_CLASS = 'is-dragging';

/** The script of the CRM pages (lead page, inbox, board) that keeps these regions live. */
export const LEAD_LIVE_SCRIPT = '/static/js/lead-live.js';

export const leadLiveIds = {
  head: (leadId: string) => `lead-head-${leadId}`,
  contact: (leadId: string) => `lead-contact-${leadId}`,
  followUp: (leadId: string) => `lead-follow-up-${leadId}`,
  notes: (leadId: string) => `lead-notes-${leadId}`,
  /** The stage control in the agent's chat pane. */
  paneStage: (chatId: string) => `lead-stage-${chatId}`,
  /** The facts and the stage form of the admin chat modal. */
  modalFacts: (chatId: string) => `chat-facts-${chatId}`,
  modalStage: (chatId: string) => `chat-stage-form-${chatId}`,
};

/** The attributes that make an element a live lead region. */
export function leadLive(
  shows: { leadId: string } | { chatId: string } | typeof ANY_LEAD,
  url?: string,
): Record<string, string> {
  const which: Record<string, string> =
    shows === ANY_LEAD
      ? { [LEAD_LIVE_ATTRS.lead]: ANY_LEAD }
      : 'leadId' in shows
        ? { [LEAD_LIVE_ATTRS.lead]: shows.leadId }
        : { [LEAD_LIVE_ATTRS.chat]: shows.chatId };
  return url ? { ...which, [LEAD_LIVE_ATTRS.url]: url } : which;
}
