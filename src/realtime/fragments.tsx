import type { Child } from 'hono/jsx';
import {
  conversationMessagesId,
  conversationPreviewId,
  conversationStatusId,
  messageId,
  presenceId,
  receiptsId,
  typingIndicatorId,
} from '../../views/dom-ids.ts';
import type { RealtimeEvent } from '../events/events.ts';
import type { Message } from '../messages/message.ts';

/**
 * What staff sockets receive: `{ type, event, content?, swap: 'none' }`. The htmx 4 ws extension
 * swaps `content` (its main swap is 'none', so only the `hx-swap-oob` elements inside land, keyed
 * by views/dom-ids.ts); scripts read `event`. Events without a visual change carry no content.
 */
export interface StaffFrame {
  type: RealtimeEvent['type'];
  event: RealtimeEvent;
  content?: string;
  swap?: 'none';
}

const senderLabel: Record<Message['senderKind'], string> = {
  visitor: 'Visitor',
  agent: 'Agent',
  admin: 'From admin',
  ai: 'AI agent',
  system: 'System',
};

export function MessageBubble({ message }: { message: Message }) {
  return (
    <article
      id={messageId(message.id)}
      class={`message message-${message.senderKind}`}
      data-seq={message.seq}
    >
      <header class="message-sender">{message.senderName ?? senderLabel[message.senderKind]}</header>
      <p class="message-body">{message.body}</p>
      <time datetime={message.createdAt}>{message.createdAt.slice(11, 16)}</time>
    </article>
  );
}

function Oob({ swap, children }: { swap: string; children: Child }) {
  return <div hx-swap-oob={swap}>{children}</div>;
}

/** The out-of-band HTML for one event, or undefined when nothing on screen changes. */
export function eventFragment(event: RealtimeEvent): Child | undefined {
  switch (event.type) {
    case 'message.created':
      return (
        <>
          <Oob swap={`beforeend:#${conversationMessagesId(event.conversationId)}`}>
            <MessageBubble message={event.message} />
          </Oob>
          <span id={conversationPreviewId(event.conversationId)} hx-swap-oob="true">
            {event.message.body.slice(0, 80)}
          </span>
        </>
      );
    case 'typing.changed':
      return event.side === 'visitor' ? (
        <span id={typingIndicatorId(event.conversationId)} hx-swap-oob="true" aria-live="polite">
          {event.typing ? 'Visitor is typing…' : ''}
        </span>
      ) : undefined;
    case 'receipt.updated':
      return event.side === 'visitor' ? (
        <span
          id={receiptsId(event.conversationId)}
          hx-swap-oob="true"
          data-delivered-seq={event.deliveredSeq}
          data-read-seq={event.readSeq}
        />
      ) : undefined;
    case 'conversation.status_changed':
    case 'conversation.assigned':
      return (
        <span id={conversationStatusId(event.conversationId)} hx-swap-oob="true">
          {event.status}
        </span>
      );
    case 'conversation.closed':
      return (
        <span id={conversationStatusId(event.conversationId)} hx-swap-oob="true">
          closed
        </span>
      );
    case 'presence.changed':
      return (
        <span
          id={presenceId(event.subject, event.id)}
          hx-swap-oob="true"
          data-online={event.online ? '1' : '0'}
        >
          {event.online ? 'online' : 'offline'}
        </span>
      );
    default:
      return undefined;
  }
}

export function renderStaffFrame(event: RealtimeEvent): string {
  const fragment = eventFragment(event);
  const frame: StaffFrame = { type: event.type, event };
  if (fragment !== undefined) {
    frame.content = String(fragment);
    frame.swap = 'none';
  }
  return JSON.stringify(frame);
}
