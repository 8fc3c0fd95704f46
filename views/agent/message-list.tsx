import type { Message } from '../../src/messages/message.ts';
import { conversationMessagesId } from '../dom-ids.ts';
import { MessageBubble, type ReceiptMarks } from './message-bubble.tsx';

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
        <MessageBubble
          message={m}
          quoted={m.replyToId ? (byId.get(m.replyToId) ?? quotes[m.replyToId]) : undefined}
          marks={marks}
          replyable
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
