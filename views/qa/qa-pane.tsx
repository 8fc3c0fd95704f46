import type { Child } from 'hono/jsx';
import type { HistoryPage, Message } from '../../src/messages/message.ts';
import type { QaPaneData } from '../../src/qa/qa.ts';
import { VisitorReceipts } from '../agent/chat-pane.tsx';
import { MessageBubble } from '../agent/message-bubble.tsx';
import { HandoverNote } from '../ai/handover-note.tsx';
import { shortTime, stageLabel, statusLabel, statusPillClass } from '../components/format.ts';
import { conversationMessagesId, conversationStatusId, typingIndicatorId } from '../dom-ids.ts';
import { qaPresenceId } from './qa-dom-ids.ts';

/**
 * The QA pane (QA-1): one chat, read-only and live. The agent console's bubbles, receipts and
 * typing line without a composer, a stage selector or an assign control: nothing here posts.
 */
const chatUrl = (id: string) => `/qa/chats/${id}`;

export function OlderSentinel({ conversationId, cursor }: { conversationId: string; cursor: string | null }) {
  if (!cursor) return <p class="history-start muted small">Start of the conversation</p>;
  const href = `${chatUrl(conversationId)}/messages?before=${encodeURIComponent(cursor)}`;
  return (
    <button
      type="button"
      class="button button-small older-messages"
      hx-get={href}
      hx-trigger="click, revealed"
      hx-swap="outerHTML"
    >
      Show older messages
    </button>
  );
}

export function QaBubbles({
  messages,
  page,
  visitorName,
}: {
  messages: Message[];
  page: HistoryPage;
  visitorName: string | null;
}) {
  const marks = {
    visitorDeliveredSeq: page.receipts.visitorDeliveredSeq,
    visitorReadSeq: page.receipts.visitorReadSeq,
  };
  return (
    <>
      {messages.map((message) => (
        <MessageBubble message={message} marks={marks} visitorName={visitorName} />
      ))}
    </>
  );
}

/** A page older than what is shown: a new sentinel, then its bubbles (replaces the old sentinel). */
export function QaOlderMessages(props: {
  conversationId: string;
  page: HistoryPage;
  visitorName: string | null;
}) {
  return (
    <>
      <OlderSentinel conversationId={props.conversationId} cursor={props.page.olderCursor} />
      <QaBubbles messages={props.page.messages} page={props.page} visitorName={props.visitorName} />
    </>
  );
}

export function QaPane({ data, scores }: { data: QaPaneData; scores?: Child }) {
  const { conversation: chat, history } = data;
  const agent = chat.aiActive && !data.assigneeName ? 'AI' : (data.assigneeName ?? 'Nobody yet');
  return (
    <article
      class="qa-chat chat-panel"
      data-qa-chat={chat.id}
      data-visitor-name={chat.visitorName ?? 'The visitor'}
      aria-labelledby="qa-chat-title"
    >
      <header class="chat-panel-header">
        <div>
          <h2 id="qa-chat-title">{chat.visitorName ?? 'Visitor'}</h2>
          <p class="muted small">
            {data.projectTitle} · started {shortTime(chat.createdAt)}
          </p>
        </div>
        <span id={conversationStatusId(chat.id)} class={statusPillClass(chat.status)}>
          {statusLabel[chat.status] ?? chat.status}
        </span>
      </header>
      <dl class="chat-facts">
        <div>
          <dt>Agent</dt>
          <dd>
            {agent}
            {chat.aiActive ? <span class="pill pill-ai qa-ai-pill">AI-handled</span> : null}
          </dd>
        </div>
        <div>
          <dt>Lead stage</dt>
          <dd>{stageLabel[chat.leadStage] ?? chat.leadStage}</dd>
        </div>
        <div>
          <dt>Visitor</dt>
          <dd id={qaPresenceId(chat.id)}>{data.visitorOnline ? 'Online' : 'Away'}</dd>
        </div>
        <div>
          <dt>Rating</dt>
          <dd>{data.csat ? `${data.csat.score} / 5` : <span class="muted">Not rated</span>}</dd>
        </div>
      </dl>
      {data.csat?.comment ? (
        <blockquote class="qa-csat-comment" aria-label="Visitor's comment">
          {data.csat.comment}
        </blockquote>
      ) : null}
      <HandoverNote note={data.aiNote} />
      <section class="chat-messages" aria-label="Messages">
        <div id={conversationMessagesId(chat.id)} class="message-list" data-qa-scroll="">
          <QaOlderMessages conversationId={chat.id} page={history} visitorName={chat.visitorName} />
        </div>
        <VisitorReceipts
          conversationId={chat.id}
          deliveredSeq={history.receipts.visitorDeliveredSeq}
          readSeq={history.receipts.visitorReadSeq}
        />
        <p class="typing-line qa-typing" aria-live="polite" aria-atomic="true">
          <span id={typingIndicatorId(chat.id)} />
        </p>
      </section>
      <p class="chat-readonly muted small">Read-only: quality review never changes a chat.</p>
      {scores ?? null}
    </article>
  );
}
