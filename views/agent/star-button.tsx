import { starFormId } from './agent-dom-ids.ts';

/** Per-agent star (AGENT-3); the POST answers with this form in its new state. */
export function StarButton({ conversationId, starred }: { conversationId: string; starred: boolean }) {
  return (
    <form
      id={starFormId(conversationId)}
      class="star-form"
      hx-post={`/agent/conversations/${conversationId}/star`}
      hx-swap="outerHTML"
    >
      <input type="hidden" name="starred" value={starred ? '0' : '1'} />
      <button
        type="submit"
        class={starred ? 'star-button is-starred' : 'star-button'}
        aria-pressed={starred ? 'true' : 'false'}
        title={starred ? 'Starred: click to remove the star' : 'Star this chat'}
      >
        <span aria-hidden="true">{starred ? '★' : '☆'}</span>
        <span class="visually-hidden">Star</span>
      </button>
    </form>
  );
}
