import type { LeadDetail, LeadNote } from '../../src/crm/lead.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { FormNotice } from '../components/field.tsx';
import { dateTime, stageLabel } from '../components/format.ts';
import { AppShell, type NavItem, type ShellUser } from '../layouts/app-shell.tsx';
import { leadPath, leadsPath, sourceLabel } from './crm-labels.ts';
import { Attribution, Facts } from './lead-facts.tsx';
import { LEAD_LIVE_SCRIPT, leadLive, leadLiveIds } from './lead-live-dom-ids.ts';

/**
 * One lead (CRM-2, CRM-3): contact, stage, owner, follow-up and final remark, the append-only
 * note trail, and where the lead came from (VIS-10 attribution), with the chat a chat lead lives in.
 */
export interface LeadViewProps {
  base: string;
  lead: LeadDetail;
  notes: LeadNote[];
  /** What the signed-in person may do here (the routes check the same server-side). */
  can: { work: boolean; stage: boolean; assign: 'any' | 'own' | false };
  agents: Array<{ id: string; name: string }>;
  /** Where the chat opens for this console, when the lead is a chat's. */
  chatHref: string | undefined;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
  /** The text of a refused note, to keep what was typed. */
  noteDraft?: string | undefined;
}

function StageForm({ base, lead }: { base: string; lead: LeadDetail }) {
  return (
    <form method="post" action={`${leadPath(base, lead.id)}/stage`} class="inline-form">
      <div class="field">
        <label for="lead-stage">Stage</label>
        <select id="lead-stage" name="stage">
          {Object.entries(stageLabel).map(([value, label]) => (
            <option value={value} selected={lead.stage === value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        Save stage
      </button>
    </form>
  );
}

function OwnerForm({ base, lead, can, agents }: LeadViewProps) {
  const action = `${leadPath(base, lead.id)}/assign`;
  if (can.assign === false) return null;
  return (
    <form method="post" action={action} class="inline-form">
      <div class="field">
        <label for="lead-assignee">Owner</label>
        <select id="lead-assignee" name="assignee">
          {can.assign === 'any' ? <option value="">Nobody</option> : null}
          {agents.map((agent) => (
            <option value={agent.id} selected={lead.assigneeId === agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        Assign
      </button>
    </form>
  );
}

function FollowUpForm({ base, lead }: { base: string; lead: LeadDetail }) {
  return (
    <form method="post" action={`${leadPath(base, lead.id)}/follow-up`} class="stack-form">
      <div class="field">
        <label for="lead-follow-up">Follow-up date</label>
        <input id="lead-follow-up" name="follow_up_on" type="date" value={lead.followUpOn ?? ''} />
      </div>
      <div class="field">
        <label for="lead-remark">Final remark</label>
        <textarea id="lead-remark" name="final_remark" rows={2} maxlength={2000}>
          {lead.finalRemark ?? ''}
        </textarea>
      </div>
      <button type="submit" class="button">
        Save follow-up
      </button>
    </form>
  );
}

function Notes({ base, lead, notes, can, noteDraft }: LeadViewProps) {
  return (
    <section class="card" aria-labelledby="lead-notes-heading">
      <h2 id="lead-notes-heading">Notes</h2>
      <div id={leadLiveIds.notes(lead.id)} {...leadLive({ leadId: lead.id })}>
        {notes.length === 0 ? <p class="muted">No notes yet.</p> : null}
        <ol class="note-trail">
          {notes.map((note) => (
            <li>
              <p class="note-meta">
                <strong>{note.authorName}</strong> <span class="muted small">{dateTime(note.createdAt)}</span>
              </p>
              <p class="note-body">{note.body}</p>
            </li>
          ))}
        </ol>
      </div>
      {can.work ? (
        <form method="post" action={`${leadPath(base, lead.id)}/notes`} class="stack-form">
          <div class="field">
            <label for="lead-note">Add a note</label>
            <textarea id="lead-note" name="body" rows={3} maxlength={4000} required>
              {noteDraft ?? ''}
            </textarea>
            <p class="hint">Notes are kept for good: they cannot be edited or deleted.</p>
          </div>
          <button type="submit" class="button button-primary">
            Add note
          </button>
        </form>
      ) : null}
    </section>
  );
}

export function LeadPage(
  props: LeadViewProps & {
    user: ShellUser;
    nav?: NavItem[] | undefined;
    withConsoleStyles: boolean;
    /** A stage change's conversion event, pushed to the dataLayer on load (TRACK-2). */
    dataLayerEvents?: readonly object[] | undefined;
  },
) {
  const { base, lead, can } = props;
  const title = lead.name ?? lead.email ?? lead.phone ?? 'Lead';
  return (
    <AppShell
      title={title}
      user={props.user}
      nav={props.nav}
      currentPath={leadPath(base, lead.id)}
      dataLayerEvents={props.dataLayerEvents}
      scripts={[LEAD_LIVE_SCRIPT]}
      styles={props.withConsoleStyles ? ['/static/css/console.css', '/static/css/console-chats.css'] : []}
    >
      <Breadcrumb parent={{ href: leadsPath(base), label: 'Leads' }} current={title} />
      <div class="page-header" id={leadLiveIds.head(lead.id)} {...leadLive({ leadId: lead.id })}>
        <div>
          <h1>{title}</h1>
          <p class="muted">
            {sourceLabel(lead.source)} lead · {lead.projectTitle ?? 'No project'} · since{' '}
            {dateTime(lead.createdAt)}
          </p>
        </div>
        <span class={`pill pill-stage-${lead.stage}`}>{stageLabel[lead.stage] ?? lead.stage}</span>
      </div>
      {props.notice ? <FormNotice kind={props.notice.kind}>{props.notice.text}</FormNotice> : null}
      <div class="lead-grid">
        <section
          class="card"
          aria-labelledby="lead-contact-heading"
          id={leadLiveIds.contact(lead.id)}
          {...leadLive({ leadId: lead.id })}
        >
          <h2 id="lead-contact-heading">Contact</h2>
          <Facts
            items={[
              ['Phone', lead.phone],
              ['Email', lead.email],
              ['Owner', lead.assigneeName ?? 'Unassigned'],
              ['Page', lead.pageUrl ? <span class="break-all">{lead.pageUrl}</span> : null],
              ['Form', lead.formName],
              [
                'Repeat of',
                lead.duplicateOfId ? <a href={leadPath(base, lead.duplicateOfId)}>the first lead</a> : null,
              ],
              ['Chat', props.chatHref ? <a href={props.chatHref}>Open the chat</a> : null],
            ]}
          />
          {can.stage ? <StageForm base={base} lead={lead} /> : null}
          <OwnerForm {...props} />
        </section>
        <section
          class="card"
          aria-labelledby="lead-follow-up-heading"
          id={leadLiveIds.followUp(lead.id)}
          {...leadLive({ leadId: lead.id })}
        >
          <h2 id="lead-follow-up-heading">Follow-up</h2>
          {can.work ? (
            <FollowUpForm base={base} lead={lead} />
          ) : (
            <Facts
              items={[
                ['Follow-up', lead.followUpOn],
                ['Final remark', lead.finalRemark],
              ]}
            />
          )}
        </section>
        <section class="card" aria-labelledby="lead-touch-heading">
          <h2 id="lead-touch-heading">Where this lead came from</h2>
          <Attribution touch={lead.touch} />
        </section>
        <Notes {...props} />
      </div>
    </AppShell>
  );
}
