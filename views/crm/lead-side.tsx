import type { ChatLeadSummary } from '../../src/leads/lead-touch.ts';
import { dateTime } from '../components/format.ts';
import { Attribution, Facts } from './lead-facts.tsx';
import { leadLive } from './lead-live-dom-ids.ts';

export const leadSideId = (leadId: string) => `lead-side-${leadId}`;

export interface LeadSideProps {
  lead: ChatLeadSummary;
  /** The lead's page in this console, e.g. `/agent/leads/<id>`; its routes take the forms below. */
  leadHref: string;
  /** The chat the panel sits beside (its touch is the one shown). */
  conversationId: string;
  /** Whoever may work the lead gets the note and follow-up forms (the routes check the same). */
  canWork: boolean;
  /** A refused note, said in the panel. */
  error?: string | undefined;
  /** The pane or modal this panel sits in, which it is re-read from when the lead changes (ADR 0045). */
  liveUrl: string;
}

/**
 * The lead beside its chat (CRM-2, CRM-3, issue 14 item 2): where it came from, its follow-up and
 * the latest notes, with a note and the follow-up written in place, so whoever works the chat
 * sees the campaign and keeps the lead up to date without leaving the chat.
 */
export function LeadSide({ lead, leadHref, conversationId, canWork, error, liveUrl }: LeadSideProps) {
  const id = leadSideId(lead.leadId);
  const swap = { 'hx-target': `#${id}`, 'hx-swap': 'outerHTML' };
  return (
    <section
      id={id}
      class="lead-side"
      aria-labelledby={`${id}-title`}
      {...leadLive({ leadId: lead.leadId }, liveUrl)}
    >
      <div class="lead-side-head">
        <h3 id={`${id}-title`}>Where this lead came from</h3>
        <a class="button button-small" href={leadHref}>
          Open lead
        </a>
      </div>
      <Attribution touch={lead.touch} />
      {canWork ? (
        <form
          method="post"
          action={`${leadHref}/follow-up`}
          hx-post={`${leadHref}/follow-up`}
          {...swap}
          class="stack-form lead-side-form"
        >
          <input type="hidden" name="conversation" value={conversationId} />
          <div class="field">
            <label for={`${id}-follow-up`}>Follow-up date</label>
            <input id={`${id}-follow-up`} name="follow_up_on" type="date" value={lead.followUpOn ?? ''} />
          </div>
          <div class="field">
            <label for={`${id}-remark`}>Final remark</label>
            <input
              id={`${id}-remark`}
              name="final_remark"
              type="text"
              maxlength={2000}
              value={lead.finalRemark ?? ''}
            />
          </div>
          <button type="submit" class="button button-small">
            Save follow-up
          </button>
        </form>
      ) : (
        <Facts
          items={[
            ['Follow-up', lead.followUpOn],
            ['Final remark', lead.finalRemark],
          ]}
          quiet
        />
      )}
      <h4>Notes</h4>
      {lead.notes.length === 0 ? <p class="muted small">No notes yet.</p> : null}
      <ol class="note-trail">
        {lead.notes.map((note) => (
          <li>
            <p class="note-meta">
              <strong>{note.authorName}</strong> <span class="muted small">{dateTime(note.createdAt)}</span>
            </p>
            <p class="note-body">{note.body}</p>
          </li>
        ))}
      </ol>
      {canWork ? (
        <form
          method="post"
          action={`${leadHref}/notes`}
          hx-post={`${leadHref}/notes`}
          {...swap}
          class="stack-form lead-side-form"
        >
          <input type="hidden" name="conversation" value={conversationId} />
          <div class={error ? 'field field-invalid' : 'field'}>
            <label for={`${id}-note`}>Add a note</label>
            <textarea
              id={`${id}-note`}
              name="body"
              rows={2}
              maxlength={4000}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? `${id}-note-error` : undefined}
            />
            {error ? (
              <p class="field-error" id={`${id}-note-error`}>
                {error}
              </p>
            ) : null}
          </div>
          <button type="submit" class="button button-small button-primary">
            Add note
          </button>
        </form>
      ) : null}
    </section>
  );
}
