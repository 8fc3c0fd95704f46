import type { ChatHistory, VisitorBlockState } from '../../src/chats/chat.ts';
import { MAX_MESSAGE_LENGTH } from '../../src/messages/message.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { MessageBubble } from '../agent/message-bubble.tsx';
import { TextArea } from '../components/field.tsx';
import { dateTime } from '../components/format.ts';
import { conversationMessagesId } from '../dom-ids.ts';

/** History (last 30, older on demand), the "from admin" composer and the visitor block (ADMIN-2). */
export function OlderMessagesButton({ action, cursor }: { action: string; cursor: string | null }) {
  if (!cursor) return null;
  const href = `${action}/history?before=${encodeURIComponent(cursor)}`;
  return (
    <button
      type="button"
      class="button button-small older-messages"
      hx-get={href}
      hx-target="this"
      hx-swap="outerHTML"
    >
      Show older messages
    </button>
  );
}

export function OlderMessages({ action, history }: { action: string; history: ChatHistory }) {
  return (
    <>
      <OlderMessagesButton action={action} cursor={history.olderCursor} />
      {history.messages.map((message) => (
        <MessageBubble message={message} />
      ))}
    </>
  );
}

export function ChatMessages({
  action,
  conversationId,
  history,
}: {
  action: string;
  conversationId: string;
  history: ChatHistory;
}) {
  return (
    <section class="chat-messages" aria-label="Messages">
      <div id={conversationMessagesId(conversationId)} class="message-list">
        {history.messages.length === 0 ? <p class="muted small">No messages yet.</p> : null}
        <OlderMessages action={action} history={history} />
      </div>
    </section>
  );
}

export function ReplyForm({ action, errors = {} }: { action: string; errors?: FieldErrors }) {
  return (
    <form
      class="reply-form"
      method="post"
      action={`${action}/reply`}
      hx-post={`${action}/reply`}
      hx-target="#chat-panel"
      hx-swap="outerHTML"
    >
      <TextArea
        id="chat-reply"
        name="body"
        label="Reply as admin"
        hint="The visitor sees it as a message from admin."
        rows={2}
        maxlength={MAX_MESSAGE_LENGTH}
        error={errors.body}
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          Send
        </button>
      </div>
    </form>
  );
}

export function BlockSection({
  action,
  visitor,
  errors = {},
}: {
  action: string;
  visitor: VisitorBlockState;
  errors?: FieldErrors;
}) {
  if (!visitor.ip) {
    return <p class="muted small">The visitor's address is unknown, so it cannot be blocked.</p>;
  }
  if (visitor.block) {
    return (
      <form
        class="block-form danger-zone"
        method="post"
        action={`${action}/unblock`}
        hx-post={`${action}/unblock`}
        hx-target="#chat-panel"
        hx-swap="outerHTML"
      >
        <p>
          <span class="pill pill-danger">Blocked</span> {visitor.ip} since {dateTime(visitor.block.createdAt)}
          {visitor.block.createdByName ? ` by ${visitor.block.createdByName}` : ' automatically'}:{' '}
          {visitor.block.reason ?? 'no reason given'}
        </p>
        <button type="submit" class="button">
          Unblock
        </button>
      </form>
    );
  }
  return (
    // A refused block comes back open, so its error is seen where it was made.
    <details class="block-details" open={errors.reason ? true : undefined}>
      <summary>Block visitor ({visitor.ip})</summary>
      <form
        class="block-form"
        method="post"
        action={`${action}/block`}
        hx-post={`${action}/block`}
        hx-target="#chat-panel"
        hx-swap="outerHTML"
      >
        <TextArea
          id="chat-block-reason"
          name="reason"
          label="Reason"
          hint="Required. Kept with your name and the time; the chat closes."
          rows={2}
          maxlength={500}
          error={errors.reason}
        />
        <button type="submit" class="button button-danger">
          Block and close chat
        </button>
      </form>
    </details>
  );
}
