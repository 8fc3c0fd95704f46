import { staffAttachmentUrl } from '../../src/attachments/attachment-urls.ts';
import type { Message } from '../../src/messages/message.ts';
import { conversationMessagesId, messageId } from '../dom-ids.ts';

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

/** One bubble. Text is element content only (JSX escapes it); links are not made live here. */
export function AgentBubble({
  message,
  quoted,
  marks,
}: {
  message: Message;
  quoted: string | undefined;
  marks: ReceiptMarks;
}) {
  const mine = message.senderKind !== 'visitor';
  const receipt = mine ? receiptOf(message, marks) : undefined;
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
        <button type="button" class="message-reply" x-on:click="replyTo" title="Reply to this message">
          Reply
        </button>
      </footer>
    </article>
  );
}

export interface MessagePageProps extends ReceiptMarks {
  conversationId: string;
  /** Bodies of quoted originals that are not on this page. */
  quotes: Record<string, string>;
  /** Oldest first. */
  messages: Message[];
  /** The next older page, loaded when its sentinel scrolls into view; null at the start. */
  olderCursor: string | null;
}

function Bubbles({
  messages,
  quotes,
  visitorDeliveredSeq,
  visitorReadSeq,
}: Omit<MessagePageProps, 'conversationId' | 'olderCursor'>) {
  const byId = new Map(messages.map((m) => [m.id, m.body]));
  const marks = { visitorDeliveredSeq, visitorReadSeq };
  return (
    <>
      {messages.map((m) => (
        <AgentBubble
          message={m}
          quoted={m.replyToId ? (byId.get(m.replyToId) ?? quotes[m.replyToId]) : undefined}
          marks={marks}
        />
      ))}
    </>
  );
}

/** An older page: a new sentinel then the bubbles, swapped in place of the old sentinel. */
export function OlderMessages(props: MessagePageProps) {
  return (
    <>
      {props.olderCursor ? (
        <div
          class="older-sentinel"
          hx-get={`/agent/conversations/${props.conversationId}/messages?before=${encodeURIComponent(props.olderCursor)}`}
          hx-trigger="revealed"
          hx-swap="outerHTML"
        >
          <span class="muted small">Loading older messages…</span>
        </div>
      ) : (
        <p class="history-start muted small">Start of the conversation</p>
      )}
      <Bubbles {...props} />
    </>
  );
}

/** Newer messages (after a sequence), appended when the socket says some arrived. */
export function NewerMessages(props: Omit<MessagePageProps, 'olderCursor'>) {
  return <Bubbles {...props} />;
}

export function MessageList(props: MessagePageProps) {
  return (
    <div id={conversationMessagesId(props.conversationId)} class="messages">
      <OlderMessages {...props} />
    </div>
  );
}
