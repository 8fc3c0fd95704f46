import type { ChatPanelData } from '../../src/chats/chat.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { FormNotice } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { shortTime, stageLabel, statusLabel, statusPillClass } from './chat-labels.ts';
import { BlockSection, ChatMessages, ReplyForm } from './chat-sections.tsx';

export interface ChatPanelProps extends ChatPanelData {
  base: string;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
  errors?: FieldErrors;
}

/** The chat modal's content (ADMIN-2): who, where, state, and the staff actions. */
export function ChatPanel(props: ChatPanelProps) {
  const { base, conversation: chat, projectTitle, assigneeName, notice } = props;
  const action = `${base}/chats/${chat.id}`;
  const closed = chat.status === 'closed';
  return (
    <article id="chat-panel" class="chat-panel" aria-labelledby="chat-panel-title">
      <header class="chat-panel-header">
        <div>
          <h2 id="chat-panel-title">{chat.visitorName ?? 'Visitor'}</h2>
          <p class="muted small">
            {chat.visitorPhone ?? 'No phone'} · {chat.visitorEmail ?? 'No email'} · {projectTitle}
          </p>
        </div>
        <span class={statusPillClass(chat.status)}>{statusLabel[chat.status] ?? chat.status}</span>
      </header>
      {notice ? <FormNotice kind={notice.kind}>{notice.text}</FormNotice> : null}
      <dl class="chat-facts">
        <div>
          <dt>Agent</dt>
          <dd>{assigneeName ?? 'Nobody yet'}</dd>
        </div>
        <div>
          <dt>Lead stage</dt>
          <dd>{stageLabel[chat.leadStage] ?? chat.leadStage}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{shortTime(chat.createdAt)}</dd>
        </div>
        <div>
          <dt>Last message</dt>
          <dd>{shortTime(chat.lastMessageAt)}</dd>
        </div>
      </dl>
      <ChatMessages action={action} conversationId={chat.id} history={props.history} />
      {closed ? null : <ReplyForm action={action} errors={props.errors} />}
      <StageForm {...props} action={action} />
      {closed ? (
        <p class="alert alert-info">This chat has ended.</p>
      ) : (
        <div class="chat-actions">
          <AssignForm {...props} action={action} />
          <form
            method="post"
            action={`${action}/close`}
            hx-post={`${action}/close`}
            hx-target="#chat-panel"
            hx-swap="outerHTML"
            hx-confirm="Close this chat? The visitor will see that it has ended."
          >
            <button type="submit" class="button">
              Close chat
            </button>
          </form>
        </div>
      )}
      <BlockSection action={action} visitor={props.visitor} errors={props.errors} />
    </article>
  );
}

function StageForm({ conversation, action }: ChatPanelProps & { action: string }) {
  return (
    <form
      class="assign-form stage-form"
      method="post"
      action={`${action}/stage`}
      hx-post={`${action}/stage`}
      hx-target="#chat-panel"
      hx-swap="outerHTML"
    >
      <label for="chat-stage">Lead stage</label>
      <select id="chat-stage" name="stage">
        {Object.entries(stageLabel).map(([value, label]) => (
          <option value={value} selected={value === conversation.leadStage}>
            {label}
          </option>
        ))}
      </select>
      <button type="submit" class="button">
        Save stage
      </button>
    </form>
  );
}

function AssignForm({ agents, conversation, action }: ChatPanelProps & { action: string }) {
  const choices = agents.filter((a) => a.agent.isActive && a.agent.liveChatEnabled);
  return (
    <form
      class="assign-form"
      method="post"
      action={`${action}/assign`}
      hx-post={`${action}/assign`}
      hx-target="#chat-panel"
      hx-swap="outerHTML"
    >
      <label for="chat-assign-agent">Assign to</label>
      <select id="chat-assign-agent" name="agentId" required>
        {choices.map((a) => (
          <option value={a.agent.id} selected={a.agent.id === conversation.assigneeId}>
            {a.agent.displayName} — {a.online ? (a.agent.onBreak ? 'on break' : 'online') : 'offline'} ·{' '}
            {a.load.active}/{a.agent.activeLimit}
          </option>
        ))}
      </select>
      <button type="submit" class="button button-primary">
        Assign
      </button>
    </form>
  );
}

/** Route-addressable: the same panel as a page when opened without the modal. */
export function ChatPanelPage(props: ChatPanelProps & { user: ShellUser }) {
  return (
    <AppShell
      title={props.conversation.visitorName ?? 'Chat'}
      user={props.user}
      currentPath={`${props.base}/chats`}
    >
      <p class="breadcrumb">
        <a href={`${props.base}/chats`}>Chats</a>
      </p>
      <div class="card narrow-wide">
        <ChatPanel {...props} />
      </div>
    </AppShell>
  );
}

/** The native dialog the table opens chats in (filled by htmx, opened by the chatDialog component). */
export function ChatDialog() {
  return (
    <dialog id="chat-dialog" class="chat-dialog" x-data="chatDialog" aria-label="Chat">
      <form method="dialog" class="dialog-close">
        <button type="submit" class="button button-quiet" aria-label="Close dialog">
          ✕
        </button>
      </form>
      <div id="chat-dialog-body" x-ref="body" />
    </dialog>
  );
}
