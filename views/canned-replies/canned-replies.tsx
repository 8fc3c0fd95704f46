import { type CannedReply, cannedIds, MAX_CANNED_REPLIES } from '../../src/canned-replies/canned-reply.ts';

export interface CannedRepliesPanelProps {
  replies: CannedReply[];
  /** A refusal or validation message shown above the form (422). */
  error?: string;
  /** What the person typed, kept when the save was refused. */
  draft?: { title: string; body: string };
}

const panelTarget = { 'hx-target': `#${cannedIds.panel}`, 'hx-swap': 'outerHTML' };

/** AGENT-4 manager: the agent's replies, editable in place, and the add form while a slot is free. */
export function CannedRepliesPanel({ replies, error, draft }: CannedRepliesPanelProps) {
  const full = replies.length >= MAX_CANNED_REPLIES;
  return (
    <>
      <section id={cannedIds.panel} class="canned-panel" aria-labelledby="canned-panel-title">
        <header class="canned-panel-header">
          <h2 id="canned-panel-title">Canned replies</h2>
          <p class="muted small">
            {replies.length} of {MAX_CANNED_REPLIES} used
          </p>
        </header>
        {error ? (
          <p class="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <ul class="canned-list">
          {replies.map((reply) => (
            <li>
              <form class="canned-form" hx-post={`/agent/canned-replies/${reply.id}`} {...panelTarget}>
                <CannedFields idPrefix={`canned-${reply.id}`} title={reply.title} body={reply.body} />
                <div class="canned-actions">
                  <button type="submit" class="button button-small">
                    Save
                  </button>
                  <button
                    type="button"
                    class="button button-small button-quiet"
                    hx-delete={`/agent/canned-replies/${reply.id}`}
                    {...panelTarget}
                  >
                    Delete
                  </button>
                </div>
              </form>
            </li>
          ))}
        </ul>
        {full ? (
          <p class="muted canned-full">
            You have {MAX_CANNED_REPLIES} canned replies, the most allowed. Delete one to add another.
          </p>
        ) : (
          <form class="canned-form canned-new" hx-post="/agent/canned-replies" {...panelTarget}>
            <h3>New reply</h3>
            <CannedFields idPrefix="canned-new" title={draft?.title ?? ''} body={draft?.body ?? ''} />
            <button type="submit" class="button button-small">
              Add reply
            </button>
          </form>
        )}
      </section>
      <CannedPickerList replies={replies} oob />
    </>
  );
}

function CannedFields({ idPrefix, title, body }: { idPrefix: string; title: string; body: string }) {
  return (
    <>
      <label for={`${idPrefix}-title`}>Title</label>
      <input
        id={`${idPrefix}-title`}
        type="text"
        name="title"
        value={title}
        maxlength={80}
        required
        autocomplete="off"
      />
      <label for={`${idPrefix}-body`}>Text</label>
      <textarea id={`${idPrefix}-body`} name="body" rows={3} maxlength={2000} required>
        {body}
      </textarea>
    </>
  );
}

/**
 * The composer's picker items. The reply text is element content (never an attribute); the
 * `cannedPicker` component copies it into the composer for editing before send.
 */
export function CannedPickerList({ replies, oob = false }: { replies: CannedReply[]; oob?: boolean }) {
  return (
    <ul id={cannedIds.pickerList} class="canned-picker-list" hx-swap-oob={oob ? 'true' : undefined}>
      {replies.length === 0 ? <li class="muted small">No canned replies yet.</li> : null}
      {replies.map((reply) => (
        <li>
          <button type="button" class="canned-item" x-on:click="insert">
            <span class="canned-item-title">{reply.title}</span>
            <span class="canned-item-body">{reply.body}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
