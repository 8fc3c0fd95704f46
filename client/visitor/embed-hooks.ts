import type { HistoryPage, Message } from '../../src/messages/message.ts';

/**
 * What the widget's frame (widget/frame-bridge.ts, WID-1/WID-4) needs from the visitor page's
 * chat: to hand it the visitor token before it resumes, and to hear which messages it shows.
 * On the plain /p/{slug} page nothing listens and the handover is already done.
 */
export const MESSAGE_SHOWN_EVENT = 'visitor:message-shown';
export const HISTORY_SHOWN_EVENT = 'visitor:history-shown';

/** The host origin the embed page was served for (body data-embed-host), or undefined on /p/{slug}. */
export const embedHost = (): string | undefined => document.body.dataset.embedHost;

let handover: Promise<void> = Promise.resolve();

/** The frame bridge registers the wait for the host page's token; the chat resumes after it. */
export function waitForTokenHandover(done: Promise<void>): void {
  handover = done;
}

export const tokenHandover = (): Promise<void> => handover;

/** The frame keeps its form out of sight until a returning visitor's chat had its chance to resume. */
export function markResumeSettled(): void {
  document.body.dataset.resumeSettled = '';
}

export function announceMessage(message: Message): void {
  document.dispatchEvent(new CustomEvent<Message>(MESSAGE_SHOWN_EVENT, { detail: message }));
}

/** Sent before the page's messages are drawn: they are history, not news. */
export function announceHistory(page: HistoryPage): void {
  document.dispatchEvent(new CustomEvent<HistoryPage>(HISTORY_SHOWN_EVENT, { detail: page }));
}
