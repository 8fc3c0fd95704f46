import type { ChatPanelData } from '../../src/chats/chat.ts';
import type { StaffAssignment } from '../../src/routing/eligibility.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import type { AgentOverview } from '../../src/staff/staff.ts';
import { HandoverNote } from '../ai/handover-note.tsx';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { FormNotice } from '../components/field.tsx';
import { shortTime, stageLabel, statusLabel, statusPillClass } from '../components/format.ts';
import { LEAD_LIVE_SCRIPT, leadLive, leadLiveIds } from '../crm/lead-live-dom-ids.ts';
import { LeadSide } from '../crm/lead-side.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';
import { BlockSection, ChatMessages, ReplyForm } from './chat-sections.tsx';

export interface ChatPanelProps extends ChatPanelData {
  base: string;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
  errors?: FieldErrors;
  /** The agent chosen in a refused assignment, kept selected for the retry. */
  assignTo?: string | undefined;
  /** A staff assignment that just happened: the note says where the chat is now. */
  assigned?: StaffAssignment | undefined;
  /** The project's currency for a Converted deal value. */
  currency?: string;
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
      {props.assigned ? <AssignedNote assigned={props.assigned} agents={props.agents} /> : null}
      <dl class="chat-facts" id={leadLiveIds.modalFacts(chat.id)} {...leadLive({ chatId: chat.id }, action)}>
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
        {props.csat ? (
          <div>
            <dt>Visitor rating</dt>
            <dd>
              {props.csat.score} / 5
              {props.csat.comment ? <span class="cell-sub">{props.csat.comment}</span> : null}
            </dd>
          </div>
        ) : null}
      </dl>
      <HandoverNote note={props.aiNote} />
      {props.lead ? (
        <LeadSide
          lead={props.lead}
          leadHref={`${base}/leads/${props.lead.leadId}`}
          conversationId={chat.id}
          canWork
          liveUrl={action}
        />
      ) : null}
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
            <div class="field field-check">
              <input id="chat-close-without-survey" name="withoutSurvey" type="checkbox" value="on" />
              <label for="chat-close-without-survey">Without asking the visitor for a rating</label>
            </div>
          </form>
        </div>
      )}
      <BlockSection action={action} visitor={props.visitor} errors={props.errors} />
    </article>
  );
}

function StageForm({ conversation, action, currency }: ChatPanelProps & { action: string }) {
  return (
    <form
      id={leadLiveIds.modalStage(conversation.id)}
      {...leadLive({ chatId: conversation.id }, action)}
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
      <label for="chat-stage-value">Deal value ({currency ?? 'USD'}), when Converted</label>
      <input id="chat-stage-value" name="value" inputmode="decimal" autocomplete="off" maxlength={20} />
      <button type="submit" class="button">
        Save stage
      </button>
    </form>
  );
}

/** What each agent is doing, so whoever assigns knows what will happen (ROUTE-8). */
function agentState(a: AgentOverview): string {
  const presence = !a.online ? 'offline' : a.agent.onBreak ? 'on break' : 'online';
  const full = a.load.active >= a.agent.activeLimit ? ', at limit' : '';
  return `${a.agent.displayName} — ${presence} · ${a.load.active}/${a.agent.activeLimit} active${full}`;
}

/**
 * Admins and managers may give a chat to any live-chat agent (ROUTE-8): one who is offline or on a
 * break finds it waiting; one at their limit only with the explicit override. Nobody is
 * pre-selected, so Assign never hands the chat to whoever happened to be first.
 */
function AssignForm({ agents, action, assignTo }: ChatPanelProps & { action: string }) {
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
      <select id="chat-assign-agent" name="agentId" required aria-describedby="chat-assign-hint">
        <option value="" selected={!assignTo} disabled>
          Choose an agent…
        </option>
        {choices.map((a) => (
          <option value={a.agent.id} selected={a.agent.id === assignTo}>
            {agentState(a)}
          </option>
        ))}
      </select>
      <button type="submit" class="button button-primary">
        Assign
      </button>
      <div class="field field-check assign-override">
        <input id="chat-assign-over-limit" name="overLimit" type="checkbox" value="on" />
        <label for="chat-assign-over-limit">Assign over their limit</label>
      </div>
      <p class="hint" id="chat-assign-hint">
        Any agent can be chosen. Someone offline or on a break finds the chat waiting in their console when
        they are back, and nobody else is offered it meanwhile.
      </p>
    </form>
  );
}

const WAITS = {
  offline: 'is offline: the chat waits in their console until they are back',
  on_break: 'is on a break: the chat waits in their console until the break ends',
} as const;

/** Where the chat is after a staff assignment, said plainly (ROUTE-8). */
function AssignedNote({ assigned, agents }: { assigned: StaffAssignment; agents: AgentOverview[] }) {
  const agent = agents.find((a) => a.agent.id === assigned.assigneeId);
  const name = agent?.agent.displayName ?? 'the agent';
  const active = assigned.status === 'active';
  const held = active ? agent?.load.active : agent?.load.offline;
  const limit = active ? agent?.agent.activeLimit : agent?.agent.offlineLimit;
  const waits = assigned.waitsFor ? WAITS[assigned.waitsFor] : undefined;
  let text: string;
  if (assigned.overLimit) {
    text = `Assigned to ${name}, over their limit: they now hold ${held} ${assigned.status} chats (limit ${limit}).`;
    if (waits) text += ` ${name} ${waits}.`;
  } else if (waits) {
    text = `Assigned to ${name}, who ${waits}, and no other agent is offered it.`;
  } else {
    text = `Assigned to ${name}. They have the chat now.`;
  }
  return <FormNotice kind="success">{text}</FormNotice>;
}

/** Route-addressable: the same panel as a page when opened without the modal. */
export function ChatPanelPage(props: ChatPanelProps & { user: ShellUser }) {
  return (
    <AppShell
      title={props.conversation.visitorName ?? 'Chat'}
      user={props.user}
      currentPath={`${props.base}/chats`}
      scripts={[LEAD_LIVE_SCRIPT]}
    >
      <Breadcrumb
        parent={{ href: `${props.base}/chats`, label: 'Chats' }}
        current={props.conversation.visitorName ?? 'Visitor'}
      />
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
