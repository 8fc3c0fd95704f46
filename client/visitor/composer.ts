import type { Message } from '../../src/messages/message.ts';
import { visitorIds } from '../../views/visitor/visitor-dom-ids.ts';
import type { RealtimeClient } from '../shared/realtime.ts';
import { el, show } from './chat-view.ts';
import { byId } from './page.ts';

/**
 * The composer: text with Enter to send, typing signals, reply-to with a quoted preview (VIS-6),
 * and an image with a preview before it is sent (VIS-5). A sent message shows at once as
 * "sending" and is replaced by the stored one when it comes back from the server.
 */
export interface ComposerOptions {
  slug: string;
  conversationId(): string;
  client(): RealtimeClient | undefined;
  authHeaders(): Record<string, string>;
  /** Runs before each send; false stops it (a closed chat that could not be reopened). */
  beforeSend(): Promise<boolean>;
  onUploaded(message: Message): void;
}

const TYPING_REPEAT_MS = 2000;
const newClientId = () => crypto.randomUUID().replaceAll('-', '');

export function setUpComposer(options: ComposerOptions) {
  const form = byId<HTMLFormElement>(visitorIds.composer);
  const input = byId<HTMLTextAreaElement>(visitorIds.composerInput);
  const list = byId<HTMLOListElement>(visitorIds.messages);
  const fileInput = byId<HTMLInputElement>(visitorIds.attachInput);
  const previewImg = byId<HTMLImageElement>(visitorIds.imagePreviewImg);
  let replyTo: Message | undefined;
  let image: File | undefined;
  let typingSentAt = 0;

  const pending = new Map<string, HTMLLIElement>();

  function showPending(clientMessageId: string, text: string): void {
    const li = el('li', 'vp-msg vp-msg-mine vp-pending');
    li.append(el('span', 'vp-msg-text', text || 'Sending image…'));
    const meta = el('span', 'vp-msg-meta', 'Sending…');
    li.append(meta);
    list?.append(li);
    li.scrollIntoView({ block: 'end' });
    pending.set(clientMessageId, li);
  }

  function settle(clientMessageId: string): void {
    pending.get(clientMessageId)?.remove();
    pending.delete(clientMessageId);
  }

  function clearReply(): void {
    replyTo = undefined;
    show(visitorIds.replyPreview, false);
  }

  function clearImage(): void {
    if (previewImg?.src) URL.revokeObjectURL(previewImg.src);
    image = undefined;
    if (fileInput) fileInput.value = '';
    show(visitorIds.imagePreview, false);
  }

  function signalTyping(typing: boolean): void {
    const client = options.client();
    if (!client || !options.conversationId()) return;
    const now = Date.now();
    if (typing && now - typingSentAt < TYPING_REPEAT_MS) return;
    typingSentAt = typing ? now : 0;
    client.typing(options.conversationId(), typing);
  }

  async function upload(file: File, caption: string, clientMessageId: string): Promise<void> {
    const body = new FormData();
    body.set('file', file);
    body.set('conversationId', options.conversationId());
    body.set('clientMessageId', clientMessageId);
    body.set('body', caption);
    if (replyTo) body.set('replyToId', replyTo.id);
    const res = await fetch(`/p/${options.slug}/uploads`, {
      method: 'POST',
      body,
      headers: { ...options.authHeaders(), Accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`upload refused: ${res.status}`);
    options.onUploaded((await res.json()) as Message);
  }

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    const text = input?.value.trim() ?? '';
    if ((!text && !image) || !input) return;
    if (!(await options.beforeSend())) return;
    const clientMessageId = newClientId();
    const file = image;
    const replyToId = replyTo?.id;
    input.value = '';
    input.style.height = '';
    showPending(clientMessageId, text);
    // The composer is ready for the next message at once; the pending bubble tracks this one.
    clearReply();
    clearImage();
    signalTyping(false);
    try {
      if (file) await upload(file, text, clientMessageId);
      else await options.client()?.send(options.conversationId(), text, { clientMessageId, replyToId });
    } catch {
      const li = pending.get(clientMessageId);
      li?.classList.add('vp-failed');
      li?.querySelector('.vp-msg-meta')?.replaceChildren('Not sent. Check your connection and try again.');
    }
  }

  form?.addEventListener('submit', (event) => void send(event));
  input?.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form?.requestSubmit();
    }
  });
  input?.addEventListener('input', () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
    signalTyping(input.value.trim() !== '');
  });
  input?.addEventListener('blur', () => signalTyping(false));
  byId(visitorIds.replyCancel)?.addEventListener('click', clearReply);
  byId(visitorIds.imageRemove)?.addEventListener('click', clearImage);
  byId(visitorIds.attachButton)?.addEventListener('click', () => fileInput?.click());
  fileInput?.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file || !previewImg) return;
    image = file;
    previewImg.src = URL.createObjectURL(file);
    show(visitorIds.imagePreview, true);
    input?.focus();
  });
  if (document.body.dataset.uploads === '1') show(visitorIds.attachButton, true);

  return {
    settle,
    replyTo(message: Message): void {
      replyTo = message;
      const quote = byId(visitorIds.replyQuote);
      if (quote) quote.textContent = message.body || 'Image';
      show(visitorIds.replyPreview, true);
      input?.focus();
    },
  };
}
