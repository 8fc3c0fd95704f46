import type { AiNote } from '../../src/ai/ai-agent.ts';

/**
 * AI-4: the summary the AI wrote when it handed the chat over, so the person taking it starts
 * informed. Staff panes only (a lead note, never a message: the visitor never sees it).
 */
export function HandoverNote({ note }: { note: AiNote | null | undefined }) {
  if (!note) return null;
  return (
    <aside class="handover-note" aria-label="AI handover summary">
      <p class="handover-note-title">
        AI handover summary <time datetime={note.createdAt}>{note.createdAt.slice(11, 16)}</time>
      </p>
      <p class="handover-note-body">{note.body}</p>
    </aside>
  );
}
