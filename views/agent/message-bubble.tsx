import { staffAttachmentUrl } from '../../src/attachments/attachment-urls.ts';
import type { Message } from '../../src/messages/message.ts';
import { receiptLabel, receiptStateOf, receiptTicks } from '../../src/messages/receipt-state.ts';
import { messageId } from '../dom-ids.ts';

const senderLabel: Record<Message['senderKind'], string> = {
  visitor: 'Visitor',
  agent: 'Agent',
  admin: 'From admin',
  ai: 'AI agent',
  system: 'System',
};

export interface ReceiptMarks {
  visitorDeliveredSeq: number;
  visitorReadSeq: number;
}

/** An image's stored size (attachments.width/height), for a thumbnail whose box is reserved. */
export interface ImageSize {
  width: number;
  height: number;
}

/** Thumbnails fit this box; the page reserves their exact size before the file arrives (VIS-5). */
const THUMBNAIL = { width: 260, height: 220 };

export function thumbnailSize({ width, height }: ImageSize): ImageSize {
  const scale = Math.min(1, THUMBNAIL.width / width, THUMBNAIL.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * One message bubble, wherever staff read a chat (the agent pane, the admin chat modal). Text is
 * element content only (JSX escapes it); links are not made live here. `marks` adds receipt
 * ticks to the staff side's own messages; `replyable` the agent pane's Reply button and its
 * quote button (the pane's script scrolls to the original); `visitorName` names the visitor.
 */
export function MessageBubble({
  message,
  quoted,
  marks,
  replyable = false,
  visitorName,
  image,
}: {
  message: Message;
  quoted?: string | undefined;
  marks?: ReceiptMarks;
  replyable?: boolean;
  visitorName?: string | null;
  image?: ImageSize | undefined;
}) {
  const mine = message.senderKind !== 'visitor';
  const receipt =
    mine && marks
      ? receiptStateOf(message.seq, {
          deliveredSeq: marks.visitorDeliveredSeq,
          readSeq: marks.visitorReadSeq,
        })
      : undefined;
  const sender =
    message.senderKind === 'visitor'
      ? visitorName || senderLabel.visitor
      : (message.senderName ?? senderLabel[message.senderKind]);
  const quote = quoted !== undefined ? quoted.slice(0, 140) || 'A photo' : 'An earlier message';
  const thumb = image ? thumbnailSize(image) : undefined;
  return (
    <article
      id={messageId(message.id)}
      class={`message message-${message.senderKind}${receipt ? ` receipt-${receipt}` : ''}`}
      data-seq={message.seq}
      data-message-id={message.id}
      tabindex={-1}
    >
      <header class="message-sender">{sender}</header>
      {message.replyToId && replyable ? (
        <button type="button" class="message-quote" data-quote-of={message.replyToId}>
          <span class="visually-hidden">Show the quoted message: </span>
          {quote}
        </button>
      ) : message.replyToId ? (
        <a class="message-quote" href={`#${messageId(message.replyToId)}`} data-quote-of={message.replyToId}>
          {quote}
        </a>
      ) : null}
      {message.attachmentId ? (
        <a
          class="message-image"
          href={staffAttachmentUrl(message.attachmentId)}
          target="_blank"
          rel="noopener"
        >
          <img
            src={staffAttachmentUrl(message.attachmentId)}
            width={thumb?.width}
            height={thumb?.height}
            loading="lazy"
            decoding="async"
            alt={`Sent by ${sender}, opens full size`}
          />
        </a>
      ) : null}
      {message.body ? <p class="message-body">{message.body}</p> : null}
      <footer class="message-meta">
        <time datetime={message.createdAt}>{message.createdAt.slice(11, 16)}</time>
        {receipt ? (
          <span class="ticks" role="img" aria-label={receiptLabel[receipt]} title={receiptLabel[receipt]}>
            {receiptTicks[receipt]}
          </span>
        ) : null}
        {replyable ? (
          <button type="button" class="message-reply" x-on:click="replyTo" title="Reply to this message">
            Reply
          </button>
        ) : null}
      </footer>
    </article>
  );
}
