import { staffAttachmentUrl } from '../../src/attachments/attachment-urls.ts';
import type { Message } from '../../src/messages/message.ts';
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

/** ✓ sent, ✓✓ delivered, green ✓✓ read (VIS-7) for the staff side's own bubbles. */
function receiptOf(message: Message, marks: ReceiptMarks): 'sent' | 'delivered' | 'read' {
  if (message.seq <= marks.visitorReadSeq) return 'read';
  if (message.seq <= marks.visitorDeliveredSeq) return 'delivered';
  return 'sent';
}

const receiptLabel = { sent: 'Sent', delivered: 'Delivered', read: 'Read' };

/**
 * One message bubble, wherever staff read a chat (the agent pane, the admin chat modal). Text is
 * element content only (JSX escapes it); links are not made live here. `marks` adds receipt
 * ticks to the staff side's own messages; `replyable` the Reply button of the agent composer.
 */
export function MessageBubble({
  message,
  quoted,
  marks,
  replyable = false,
}: {
  message: Message;
  quoted?: string | undefined;
  marks?: ReceiptMarks;
  replyable?: boolean;
}) {
  const mine = message.senderKind !== 'visitor';
  const receipt = mine && marks ? receiptOf(message, marks) : undefined;
  return (
    <article
      id={messageId(message.id)}
      class={`message message-${message.senderKind}${receipt ? ` receipt-${receipt}` : ''}`}
      data-seq={message.seq}
      data-message-id={message.id}
    >
      <header class="message-sender">{message.senderName ?? senderLabel[message.senderKind]}</header>
      {message.replyToId ? (
        <a class="message-quote" href={`#${messageId(message.replyToId)}`} data-quote-of={message.replyToId}>
          {quoted !== undefined ? quoted.slice(0, 140) : 'An earlier message'}
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
            loading="lazy"
            alt={`Sent by ${message.senderName ?? senderLabel[message.senderKind]}, opens full size`}
          />
        </a>
      ) : null}
      {message.body ? <p class="message-body">{message.body}</p> : null}
      <footer class="message-meta">
        <time datetime={message.createdAt}>{message.createdAt.slice(11, 16)}</time>
        {receipt ? (
          <span class="ticks" title={receiptLabel[receipt]}>
            <span aria-hidden="true">{receipt === 'sent' ? '✓' : '✓✓'}</span>
            <span class="visually-hidden">{receiptLabel[receipt]}</span>
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
