import type { Child } from 'hono/jsx';
import type { PaneData, QuotedPage } from '../../src/agent/agent-console.ts';
import type { CannedReply } from '../../src/canned-replies/canned-reply.ts';
import type { ConversationStatus } from '../../src/conversations/conversation.ts';
import { LEAD_STAGES, type LeadStage, leadStageLabel } from '../../src/leads/lead-stage.ts';
import { MAX_MESSAGE_LENGTH } from '../../src/messages/message.ts';
import { HandoverNote } from '../ai/handover-note.tsx';
import { CannedPickerList } from '../canned-replies/canned-replies.tsx';
import { leadLive, leadLiveIds } from '../crm/lead-live-dom-ids.ts';
import { LeadSide } from '../crm/lead-side.tsx';
import { conversationStatusId, receiptsId, typingIndicatorId } from '../dom-ids.ts';
import { agentIds } from './agent-dom-ids.ts';
import { MessageList } from './message-list.tsx';
import { StarButton } from './star-button.tsx';

export type PaneChat = PaneData['chat'];

export interface ChatPaneProps {
  chat: PaneChat;
  /** A one-off message above the chat (a refused transfer, a lost pick-up race). */
  notice?: string;
  /** The last page of messages, with what its bubbles need (quotes, image sizes, the name). */
  history: QuotedPage;
  transferTargets: Array<{ id: string; name: string }>;
  cannedReplies: CannedReply[];
  handoverNote?: PaneData['handoverNote'];
  /**
   * A panel beside the conversation (beside it on wide screens, above the messages on narrow
   * ones), for the lead's details and other per-chat tools; omitted, the conversation is full width.
   */
  side?: Child;
}

/** The pane from what the service loaded (a page load with ?chat= and the pane routes share it). */
export function ChatPaneFor({
  data,
  cannedReplies,
  notice,
  side,
}: {
  data: PaneData;
  cannedReplies: CannedReply[];
  notice?: string;
  side?: Child;
}) {
  const { chat, history, transferTargets, handoverNote, lead } = data;
  return (
    <ChatPane
      chat={chat}
      notice={notice}
      history={history}
      transferTargets={transferTargets}
      cannedReplies={chat.access === 'own' ? cannedReplies : []}
      handoverNote={handoverNote}
      side={
        side ??
        (lead ? (
          <LeadSide
            lead={lead}
            leadHref={`/agent/leads/${lead.leadId}`}
            conversationId={chat.id}
            canWork={chat.access === 'own'}
            liveUrl={paneUrl(chat.id)}
          />
        ) : undefined)
      }
    />
  );
}

/** The pane's own fragment, which its live lead regions are re-read from. */
const paneUrl = (chatId: string) => `/agent/conversations/${chatId}`;

const statusLabel: Record<ConversationStatus, string> = {
  unassigned: 'Unassigned',
  active: 'Active',
  offline: 'Visitor away',
  closed: 'Closed',
};

/**
 * AGENT-3: one conversation, its actions for the agent who holds it, and the composer. The
 * header stays put while the message list scrolls on its own (the console is an app layout);
 * on a phone the header's Back button returns to the list screen.
 */
export function ChatPane(props: ChatPaneProps) {
  const { chat, history } = props;
  const writable = chat.access === 'own' && chat.status !== 'closed';
  const receipts = history.receipts;
  return (
    <article
      class="chat"
      x-data="chatPane"
      data-conversation-id={chat.id}
      data-last-seq={history.messages.at(-1)?.seq ?? 0}
      data-writable={writable ? '1' : '0'}
      aria-labelledby="chat-title"
    >
      <header class="chat-header">
        <button type="button" class="chat-back" x-on:click="backToList">
          <span aria-hidden="true">‹</span>
          <span class="visually-hidden">Back to </span>
          <span class="chat-back-label">Chats</span>
        </button>
        <div class="chat-who">
          <h2 id="chat-title">{chat.visitorName ?? 'Visitor'}</h2>
          <p class="chat-contact muted small">
            {[chat.visitorPhone, chat.visitorEmail].filter(Boolean).join(' · ') || 'No contact details'}
          </p>
        </div>
        <span id={conversationStatusId(chat.id)} class={`pill pill-${chat.status}`}>
          {statusLabel[chat.status]}
        </span>
        <button
          type="button"
          class="chat-actions-toggle"
          x-on:click="toggleActions"
          x-bind:aria-expanded="actionsOpen"
          aria-controls={`chat-actions-${chat.id}`}
        >
          <span aria-hidden="true">⋯</span>
          <span class="visually-hidden">Chat actions</span>
        </button>
        <div class="chat-actions" id={`chat-actions-${chat.id}`} x-bind:class="actionsOpen ? 'is-open' : ''">
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
          {writable ? (
            <button
              type="button"
              class="button button-small"
              hx-post={`/agent/conversations/${chat.id}/close`}
              hx-vals='{"withoutSurvey":"on"}'
              hx-target={`#${agentIds.chatPane}`}
              hx-confirm="Close this chat without asking the visitor for a rating?"
            >
              Close without survey
            </button>
          ) : null}
        </div>
      </header>
      {props.notice ? (
        <p class="chat-notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <div class={`chat-body${props.side ? ' has-side' : ''}`}>
        <div class="chat-conversation">
          <div class="chat-scroll" data-chat-scroll="">
            <HandoverNote note={props.handoverNote} />
            <MessageList
              conversationId={chat.id}
              messages={history.messages}
              quotes={history.quotes}
              images={history.images}
              visitorName={history.visitorName}
              olderCursor={history.olderCursor}
              visitorDeliveredSeq={receipts.visitorDeliveredSeq}
              visitorReadSeq={receipts.visitorReadSeq}
            />
          </div>
          <VisitorReceipts
            conversationId={chat.id}
            deliveredSeq={receipts.visitorDeliveredSeq}
            readSeq={receipts.visitorReadSeq}
          />
          <p class="typing-line" aria-live="polite" aria-atomic="true">
            <span class="typing-indicator">
              <span class="typing-dots" aria-hidden="true">
                <span />
                <span />
                <span />
              </span>
              <span class="typing-who">{chat.visitorName ?? 'The visitor'}</span>{' '}
              <TypingPill conversationId={chat.id} typing={false} />
            </span>
          </p>
          {writable ? (
            <Composer chatId={chat.id} cannedReplies={props.cannedReplies} />
          ) : (
            <ReadOnlyFooter chat={chat} />
          )}
        </div>
        {props.side ? (
          <aside class="chat-side" aria-label="Lead details">
            {props.side}
          </aside>
        ) : null}
      </div>
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

/**
 * "… is typing…" (RT-2): rendered empty with the pane, swapped by the realtime typing frame. The
 * pane's typing line shows the visitor's name beside it, and only while this is not empty.
 */
export function TypingPill(props: { conversationId: string; typing: boolean; oob?: boolean }) {
  return (
    <span
      id={typingIndicatorId(props.conversationId)}
      class="typing-pill"
      hx-swap-oob={props.oob ? 'true' : undefined}
    >
      {props.typing ? 'is typing…' : ''}
    </span>
  );
}

export function LeadStageControl({
  chatId,
  stage,
  editable,
  askValue,
  currency,
  error,
}: {
  chatId: string;
  stage: string;
  editable: boolean;
  /** Converted was chosen: ask for the deal value (optional) before saving (TRACK-3). */
  askValue?: boolean;
  currency?: string;
  error?: string | undefined;
}) {
  const live = { id: leadLiveIds.paneStage(chatId), ...leadLive({ chatId }, paneUrl(chatId)) };
  if (!editable)
    return (
      <span class="pill" {...live}>
        {leadStageLabel[stage as LeadStage] ?? stage}
      </span>
    );
  const shown = askValue ? 'converted' : stage;
  return (
    <form
      {...live}
      class="stage-form"
      hx-post={`/agent/conversations/${chatId}/stage`}
      hx-swap="outerHTML"
      hx-trigger={askValue ? 'submit' : 'change'}
    >
      <label for={`stage-${chatId}`} class="visually-hidden">
        Lead stage
      </label>
      <select id={`stage-${chatId}`} name="stage">
        {LEAD_STAGES.map((s) => (
          <option value={s} selected={s === shown}>
            {leadStageLabel[s]}
          </option>
        ))}
      </select>
      {askValue ? (
        <>
          <label for={`stage-value-${chatId}`}>Deal value ({currency ?? 'USD'}), optional</label>
          <input
            id={`stage-value-${chatId}`}
            name="value"
            inputmode="decimal"
            autocomplete="off"
            maxlength={20}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `stage-value-error-${chatId}` : undefined}
          />
          {error ? (
            <span id={`stage-value-error-${chatId}`} class="field-error">
              {error}
            </span>
          ) : null}
          <button type="submit" class="button button-small">
            Save Converted
          </button>
        </>
      ) : null}
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
