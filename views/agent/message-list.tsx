import type { Message } from '../../src/messages/message.ts';
import { conversationMessagesId } from '../dom-ids.ts';
import { type ImageSize, MessageBubble, type ReceiptMarks } from './message-bubble.tsx';

export interface MessagePageProps extends ReceiptMarks {
  conversationId: string;
  /** Bodies of quoted originals that are not on this page. */
  quotes: Record<string, string>;
  /** Stored sizes of the page's images, by attachment id: thumbnails keep their box. */
  images: Record<string, ImageSize>;
  /** Shown on the visitor's bubbles instead of "Visitor". */
  visitorName: string | null;
  /** Oldest first. */
  messages: Message[];
  /** The next older page, loaded when its sentinel scrolls into view; null at the start. */
  olderCursor: string | null;
}

function Bubbles({
  messages,
  quotes,
  images,
  visitorName,
  visitorDeliveredSeq,
  visitorReadSeq,
}: Omit<MessagePageProps, 'conversationId' | 'olderCursor'>) {
  const byId = new Map(messages.map((m) => [m.id, m.body]));
  const marks = { visitorDeliveredSeq, visitorReadSeq };
  return (
    <>
      {messages.map((m) => (
        <MessageBubble
          message={m}
          quoted={m.replyToId ? (byId.get(m.replyToId) ?? quotes[m.replyToId]) : undefined}
          marks={marks}
          replyable
          visitorName={visitorName}
          image={m.attachmentId ? images[m.attachmentId] : undefined}
        />
      ))}
    </>
  );
}

/** The URL of the page of messages older than `cursor` (the sentinel's, and the quote jump's). */
export const olderMessagesUrl = (conversationId: string, cursor: string) =>
  `/agent/conversations/${conversationId}/messages?before=${encodeURIComponent(cursor)}`;

/** An older page: a new sentinel then the bubbles, swapped in place of the old sentinel. */
export function OlderMessages(props: MessagePageProps) {
  return (
    <>
      {props.olderCursor ? (
        <div
          class="older-sentinel"
          hx-get={olderMessagesUrl(props.conversationId, props.olderCursor)}
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
