import type { Message } from '../../src/messages/message.ts';
import { MAX_UPLOAD_BYTES } from '../../src/security/uploads.ts';
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
  /** Runs before each send; a string stops it and says why (a closed chat that could not be reopened). */
  beforeSend(): Promise<true | string>;
  onUploaded(message: Message): void;
}

const TYPING_REPEAT_MS = 2000;
const newClientId = () => crypto.randomUUID().replaceAll('-', '');
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The server said no to this image: a reason the visitor can act on. */
class Refused extends Error {}

const TOO_LARGE = 'This image is too large to send (the limit is 5 MB).';
const NOT_AN_IMAGE = 'This file is not an image we can send (use a JPEG, PNG, GIF or WebP photo).';

/** Why an upload was refused, in the visitor's words (issue 13: never "check your connection"). */
function refusalText(status: number, code: string | undefined): string {
  if (status === 413 || code === 'upload.too_large') return TOO_LARGE;
  if (code === 'upload.dimensions_too_large')
    return 'This image has too many pixels. Please send a smaller copy.';
  if (code === 'upload.bad_filename')
    return 'This file name cannot be sent. Please rename the file and try again.';
  if (status === 429) return 'Too many images in a short time. Please wait a minute and try again.';
  if (code?.startsWith('upload.')) return NOT_AN_IMAGE;
  return 'The image could not be sent. Please try again.';
}

export function setUpComposer(options: ComposerOptions) {
  const form = byId<HTMLFormElement>(visitorIds.composer);
  const input = byId<HTMLTextAreaElement>(visitorIds.composerInput);
  const list = byId<HTMLOListElement>(visitorIds.messages);
  const fileInput = byId<HTMLInputElement>(visitorIds.attachInput);
  const previewImg = byId<HTMLImageElement>(visitorIds.imagePreviewImg);
  const problem = byId(visitorIds.composerError);
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

  function showProblem(text: string | undefined): void {
    if (!problem) return;
    problem.textContent = text ?? '';
    problem.hidden = !text;
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
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      throw new Refused(refusalText(res.status, body.error));
    }
    options.onUploaded((await res.json()) as Message);
  }

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    const text = input?.value.trim() ?? '';
    if ((!text && !image) || !input) return;
    showProblem(undefined);
    // Checked here first: no waiting (or paying for data) to learn that a photo is too large.
    if (image && image.size > MAX_UPLOAD_BYTES) return showProblem(TOO_LARGE);
    if (image && !IMAGE_TYPES.has(image.type)) return showProblem(NOT_AN_IMAGE);
    const ready = await options.beforeSend();
    if (ready !== true) return showProblem(ready);
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
    } catch (error) {
      if (error instanceof Refused) {
        // Refused for a reason: say it, and give the caption back so nothing typed is lost.
        settle(clientMessageId);
        showProblem(error.message);
        if (input.value.trim() === '') input.value = text;
        return;
      }
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
    showProblem(undefined);
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
