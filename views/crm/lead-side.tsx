import type { ChatLeadSummary } from '../../src/leads/lead-touch.ts';
import { dateTime } from '../components/format.ts';
import { Attribution, Facts } from './lead-facts.tsx';

/**
 * The lead beside its chat (CRM-2, issue 14 item 2): where it came from, its follow-up and the
 * latest notes, so whoever works the chat sees the campaign without leaving it.
 */
export function LeadSide({ lead, leadHref }: { lead: ChatLeadSummary; leadHref: string }) {
  return (
    <section class="lead-side" aria-labelledby={`lead-side-${lead.leadId}`}>
      <div class="lead-side-head">
        <h3 id={`lead-side-${lead.leadId}`}>Where this lead came from</h3>
        <a class="button button-small" href={leadHref}>
          Open lead
        </a>
      </div>
      <Attribution touch={lead.touch} />
      <Facts
        items={[
          ['Follow-up', lead.followUpOn],
          ['Final remark', lead.finalRemark],
        ]}
        quiet
      />
      {lead.notes.length > 0 ? (
        <>
          <h4>Latest notes</h4>
          <ol class="note-trail">
            {lead.notes.map((note) => (
              <li>
                <p class="note-meta">
                  <strong>{note.authorName}</strong>{' '}
                  <span class="muted small">{dateTime(note.createdAt)}</span>
                </p>
                <p class="note-body">{note.body}</p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
