import type { Message } from '../../src/messages/message.ts';
import { messageDomId, visitorIds } from '../../views/visitor/visitor-dom-ids.ts';
import { appendLinkedText } from './links.ts';
import { byId } from './page.ts';

/**
 * Draws the chat from realtime JSON (VIS-4..8). Every piece of user text goes in through
 * textContent or text nodes (VIS-12); no HTML string is ever parsed here.
 */

export interface Receipts {
  staffDeliveredSeq: number;
  staffReadSeq: number;
}

const senderLabel: Record<Message['senderKind'], string> = {
  visitor: 'You',
  agent: 'Support',
  admin: 'From the team',
  ai: 'Support',
  system: '',
};

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function tickFor(seq: number, receipts: Receipts): { text: string; label: string; read: boolean } {
  if (seq <= receipts.staffReadSeq) return { text: '✓✓', label: 'Read', read: true };
  if (seq <= receipts.staffDeliveredSeq) return { text: '✓✓', label: 'Delivered', read: false };
  return { text: '✓', label: 'Sent', read: false };
}

export function paintTick(tick: HTMLElement, seq: number, receipts: Receipts): void {
  const state = tickFor(seq, receipts);
  tick.textContent = state.text;
  tick.setAttribute('aria-label', state.label);
  tick.title = state.label;
  tick.classList.toggle('vp-tick-read', state.read);
}

export interface MessageHandlers {
  onReply(message: Message): void;
  onQuoteClick(messageId: string): void;
  quoteOf(messageId: string): Message | undefined;
  /** Shows the image of an attachment in `img` (client/visitor/attachment-image.ts). */
  showAttachment(img: HTMLImageElement, attachmentId: string): void;
}

/** One bubble: sender, optional quote, optional image (lazy), the text with safe links, time and ticks. */
export function renderMessage(m: Message, receipts: Receipts, handlers: MessageHandlers): HTMLLIElement {
  const mine = m.senderKind === 'visitor';
  const li = el(
    'li',
    `vp-msg${mine ? ' vp-msg-mine' : ''}${m.senderKind === 'system' ? ' vp-msg-system' : ''}${m.senderKind === 'admin' ? ' vp-msg-admin' : ''}`,
  );
  li.id = messageDomId(m.id);
  li.dataset.seq = String(m.seq);
  if (!mine && m.senderKind !== 'system') {
    // An admin's reply names them and says it is from the team, so it never passes for the agent's.
    const name = m.senderKind === 'admin' && m.senderName ? `${m.senderName} · ${senderLabel.admin}` : null;
    li.append(el('span', 'vp-msg-sender', name ?? m.senderName ?? senderLabel[m.senderKind]));
  }
  if (m.replyToId) {
    const quoted = handlers.quoteOf(m.replyToId);
    const quote = el('button', 'vp-msg-quote', quoted ? quoted.body || 'Image' : 'Earlier message');
    quote.type = 'button';
    quote.setAttribute('aria-label', 'Show the message this replies to');
    const target = m.replyToId;
    quote.addEventListener('click', () => handlers.onQuoteClick(target));
    li.append(quote);
  }
  if (m.attachmentId) {
    const img = el('img', 'vp-msg-image');
    img.alt = mine ? 'Image you sent' : 'Image from support';
    img.loading = 'lazy';
    img.decoding = 'async';
    handlers.showAttachment(img, m.attachmentId);
    li.append(img);
  }
  if (m.body) {
    const text = el('span', 'vp-msg-text');
    appendLinkedText(text, m.body);
    li.append(text);
  }
  const meta = el('span', 'vp-msg-meta');
  const time = el('time', undefined, timeFormat.format(new Date(m.createdAt)));
  time.dateTime = m.createdAt;
  meta.append(time);
  if (m.senderKind !== 'system') {
    const reply = el('button', 'vp-msg-reply', 'Reply');
    reply.type = 'button';
    reply.addEventListener('click', () => handlers.onReply(m));
    meta.append(reply);
  }
  if (mine) {
    const tick = el('span', 'vp-tick');
    paintTick(tick, m.seq, receipts);
    meta.append(tick);
  }
  li.append(meta);
  return li;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** Where a fresh chat begins after "this chat has ended" (VIS-8), with the day it started. */
export function renderSeparator(startedAt: string): HTMLLIElement {
  const li = el('li', 'vp-separator');
  li.setAttribute('role', 'separator');
  li.setAttribute('aria-label', `New conversation, ${dayFormat.format(new Date(startedAt))}`);
  li.append(el('span', undefined, 'New conversation'));
  const time = el('time', undefined, dayFormat.format(new Date(startedAt)));
  time.dateTime = startedAt;
  li.append(time);
  return li;
}

/** Scrolls to a quoted message and flashes it (VIS-6). */
export function highlightMessage(messageId: string): boolean {
  const target = byId(messageDomId(messageId));
  if (!target) return false;
  target.scrollIntoView({ behavior: 'smooth', block: 'center' });
  target.classList.add('vp-highlight');
  setTimeout(() => target.classList.remove('vp-highlight'), 1600);
  return true;
}

export function setStatusText(text: string): void {
  const status = byId(visitorIds.chatStatus);
  if (status) status.textContent = text;
}

export function show(id: string, visible: boolean): void {
  const node = byId(id);
  if (node) node.hidden = !visible;
}
