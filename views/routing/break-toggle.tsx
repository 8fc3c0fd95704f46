/** The agent's break switch (ROUTE-10): posts the opposite state and swaps itself with the answer. */
export const BREAK_TOGGLE_ID = 'break-toggle';

export function BreakToggle({ onBreak }: { onBreak: boolean }) {
  return (
    <form
      id={BREAK_TOGGLE_ID}
      method="post"
      action="/api/agent/break"
      hx-post="/api/agent/break"
      hx-swap="outerHTML"
    >
      <input type="hidden" name="on_break" value={onBreak ? '0' : '1'} />
      <span class="break-status" role="status">
        {onBreak ? 'On break: no new chats' : 'Available for new chats'}
      </span>
      <button type="submit" aria-pressed={onBreak ? 'true' : 'false'}>
        {onBreak ? 'End break' : 'Take a break'}
      </button>
    </form>
  );
}
