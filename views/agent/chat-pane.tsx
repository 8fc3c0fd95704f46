import type { PaneData } from '../../src/agent/agent-console.ts';
import type { CannedReply } from '../../src/canned-replies/canned-reply.ts';
import type { ConversationStatus } from '../../src/conversations/conversation.ts';
import { LEAD_STAGES, type LeadStage, leadStageLabel } from '../../src/leads/lead-stage.ts';
import { MAX_MESSAGE_LENGTH, type Message } from '../../src/messages/message.ts';
import { HandoverNote } from '../ai/handover-note.tsx';
import { CannedPickerList } from '../canned-replies/canned-replies.tsx';
import { conversationStatusId, receiptsId, typingIndicatorId } from '../dom-ids.ts';
import { agentIds } from './agent-dom-ids.ts';
import { MessageList } from './message-list.tsx';
import { StarButton } from './star-button.tsx';

export type PaneChat = PaneData['chat'];

export interface ChatPaneProps {
  chat: PaneChat;
  /** A one-off message above the chat (a refused transfer, a lost pick-up race). */
  notice?: string;
  messages: Message[];
  quotes: Record<string, string>;
  olderCursor: string | null;
  /** How far the visitor has received / read (receipts, VIS-7). */
  visitorDeliveredSeq: number;
  visitorReadSeq: number;
  transferTargets: Array<{ id: string; name: string }>;
  cannedReplies: CannedReply[];
  handoverNote?: PaneData['handoverNote'];
}

/** The pane from what the service loaded (a page load with ?chat= and the pane routes share it). */
export function ChatPaneFor({
  data,
  cannedReplies,
  notice,
}: {
  data: PaneData;
  cannedReplies: CannedReply[];
  notice?: string;
}) {
  const { chat, history, transferTargets, handoverNote } = data;
  return (
    <ChatPane
      chat={chat}
      notice={notice}
      messages={history.messages}
      quotes={history.quotes}
      olderCursor={history.olderCursor}
      visitorDeliveredSeq={history.receipts.visitorDeliveredSeq}
      visitorReadSeq={history.receipts.visitorReadSeq}
      transferTargets={transferTargets}
      cannedReplies={chat.access === 'own' ? cannedReplies : []}
      handoverNote={handoverNote}
    />
  );
}

const statusLabel: Record<ConversationStatus, string> = {
  unassigned: 'Waiting',
  active: 'Active',
  offline: 'Visitor away',
  closed: 'Closed',
};

/** AGENT-3: one conversation, its actions for the agent who holds it, and the composer. */
export function ChatPane(props: ChatPaneProps) {
  const { chat } = props;
  const writable = chat.access === 'own' && chat.status !== 'closed';
  return (
    <article
      class="chat"
      x-data="chatPane"
      data-conversation-id={chat.id}
      data-last-seq={props.messages.at(-1)?.seq ?? 0}
      data-writable={writable ? '1' : '0'}
      aria-labelledby="chat-title"
    >
      <header class="chat-header">
        <div class="chat-who">
          <h2 id="chat-title">{chat.visitorName ?? 'Visitor'}</h2>
          <p class="chat-contact muted small">
            {[chat.visitorPhone, chat.visitorEmail].filter(Boolean).join(' · ') || 'No contact details'}
          </p>
        </div>
        <span id={conversationStatusId(chat.id)} class={`pill pill-${chat.status}`}>
          {statusLabel[chat.status]}
        </span>
        <div class="chat-actions">
          <StarButton conversationId={chat.id} starred={chat.starred} />
          <LeadStageControl chatId={chat.id} stage={chat.leadStage} editable={chat.access === 'own'} />
          {writable ? <TransferForm chatId={chat.id} targets={props.transferTargets} /> : null}
          {writable ? (
            <button
              type="button"
              class="button button-small button-danger"
              hx-post={`/agent/conversations/${chat.id}/close`}
              hx-target={`#${agentIds.chatPane}`}
              hx-confirm="Close this chat? The visitor will see that it has ended."
            >
              Close chat
            </button>
          ) : null}
        </div>
      </header>
      {props.notice ? (
        <p class="chat-notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <div class="chat-scroll" data-chat-scroll="">
        <HandoverNote note={props.handoverNote} />
        <MessageList
          conversationId={chat.id}
          messages={props.messages}
          quotes={props.quotes}
          olderCursor={props.olderCursor}
          visitorDeliveredSeq={props.visitorDeliveredSeq}
          visitorReadSeq={props.visitorReadSeq}
        />
      </div>
      <VisitorReceipts
        conversationId={chat.id}
        deliveredSeq={props.visitorDeliveredSeq}
        readSeq={props.visitorReadSeq}
      />
      <p class="typing-line" aria-live="polite">
        <TypingPill conversationId={chat.id} typing={false} />
      </p>
      {writable ? (
        <Composer chatId={chat.id} cannedReplies={props.cannedReplies} />
      ) : (
        <ReadOnlyFooter chat={chat} />
      )}
    </article>
  );
}

function ReadOnlyFooter({ chat }: { chat: PaneChat }) {
  if (chat.status === 'closed') return <p class="chat-readonly">This chat has ended.</p>;
  if (chat.assigneeName === null) {
    return (
      <div class="chat-readonly">
        <p>Waiting for an agent.</p>
        <button
          type="button"
          class="button button-primary button-small"
          hx-post={`/agent/conversations/${chat.id}/pick-up`}
          hx-target={`#${agentIds.chatPane}`}
        >
          Pick up this chat
        </button>
      </div>
    );
  }
  return <p class="chat-readonly">Read-only: this chat is with {chat.assigneeName}.</p>;
}

/**
 * How far the visitor has received and read (VIS-7): data on a hidden span, from which the
 * console marks the staff bubbles. The realtime receipt frame swaps this same element.
 */
export function VisitorReceipts(props: {
  conversationId: string;
  deliveredSeq: number;
  readSeq: number;
  oob?: boolean;
}) {
  return (
    <span
      id={receiptsId(props.conversationId)}
      hidden
      data-delivered-seq={props.deliveredSeq}
      data-read-seq={props.readSeq}
      hx-swap-oob={props.oob ? 'true' : undefined}
    />
  );
}

/** "Visitor is typing…" (RT-2): rendered empty with the pane, swapped by the realtime typing frame. */
export function TypingPill(props: { conversationId: string; typing: boolean; oob?: boolean }) {
  return (
    <span
      id={typingIndicatorId(props.conversationId)}
      class="typing-pill"
      hx-swap-oob={props.oob ? 'true' : undefined}
    >
      {props.typing ? 'Visitor is typing…' : ''}
    </span>
  );
}

export function LeadStageControl({
  chatId,
  stage,
  editable,
}: {
  chatId: string;
  stage: string;
  editable: boolean;
}) {
  if (!editable) return <span class="pill">{leadStageLabel[stage as LeadStage] ?? stage}</span>;
  return (
    <form
      class="stage-form"
      hx-post={`/agent/conversations/${chatId}/stage`}
      hx-swap="outerHTML"
      hx-trigger="change"
    >
      <label for={`stage-${chatId}`} class="visually-hidden">
        Lead stage
      </label>
      <select id={`stage-${chatId}`} name="stage">
        {LEAD_STAGES.map((s) => (
          <option value={s} selected={s === stage}>
            {leadStageLabel[s]}
          </option>
        ))}
      </select>
    </form>
  );
}

function TransferForm({ chatId, targets }: { chatId: string; targets: Array<{ id: string; name: string }> }) {
  return (
    <form
      class="transfer-form"
      hx-post={`/agent/conversations/${chatId}/transfer`}
      hx-target={`#${agentIds.chatPane}`}
    >
      <label for={`transfer-${chatId}`} class="visually-hidden">
        Transfer to
      </label>
      <select id={`transfer-${chatId}`} name="to" required>
        <option value="">Transfer to…</option>
        {targets.map((t) => (
          <option value={t.id}>{t.name}</option>
        ))}
      </select>
      <button type="submit" class="button button-small" disabled={targets.length === 0}>
        Transfer
      </button>
    </form>
  );
}

/** Sends over the WebSocket (static/agent/chat.js): Enter sends, Shift+Enter adds a line. */
function Composer({ chatId, cannedReplies }: { chatId: string; cannedReplies: CannedReply[] }) {
  return (
    <form
      class="composer"
      x-data="composer"
      {...{ 'x-on:submit.prevent': 'send' }}
      data-conversation-id={chatId}
    >
      <div class="composer-quote" x-show="replyToId" x-cloak="">
        <span class="composer-quote-label">Replying to</span>
        <span class="composer-quote-text" x-text="replyText" />
        <button type="button" class="button button-quiet button-small" x-on:click="cancelReply">
          Cancel
        </button>
      </div>
      <div class="composer-row">
        <div class="canned-picker" x-data="cannedPicker">
          <button
            type="button"
            class="icon-button"
            title="Canned replies"
            x-on:click="toggle"
            x-bind:aria-expanded="open"
          >
            <span aria-hidden="true">⚡</span>
            <span class="visually-hidden">Canned replies</span>
          </button>
          <div class="canned-popover" x-show="open" {...{ 'x-on:click.outside': 'close' }} x-cloak="">
            <CannedPickerList replies={cannedReplies} />
            <div x-data="cannedManager">
              <button type="button" class="button button-quiet button-small" x-on:click="manage">
                Manage canned replies
              </button>
            </div>
          </div>
        </div>
        <label for={`composer-${chatId}`} class="visually-hidden">
          Message
        </label>
        <textarea
          id={`composer-${chatId}`}
          name="body"
          rows={2}
          maxlength={MAX_MESSAGE_LENGTH}
          placeholder="Write a reply…"
          {...{ 'x-on:keydown.enter': 'enterKey' }}
          x-on:input="typed"
        />
        <button type="submit" class="button button-primary">
          Send
        </button>
      </div>
      <p class="composer-error" role="alert" x-text="error" />
    </form>
  );
}
