import type { Child } from 'hono/jsx';

export interface CopySnippetProps {
  /** Names the heading (`{id}-title`) the copy button is described by. */
  id: string;
  title: string;
  help?: string;
  /** The `<code>` element's content; it is what Copy puts on the clipboard. */
  children: Child;
  /** An Alpine expression that keeps the code in step (ad-link builder), when it changes live. */
  live?: string;
  codeId?: string;
}

/** A titled code block with a Copy button (PROJ-3 embed snippets, BEYOND-9 ad links). */
export function CopySnippet({ id, title, help, children, live, codeId }: CopySnippetProps) {
  return (
    <div class="snippet" x-data="copyButton">
      <div class="snippet-header">
        <h3 id={`${id}-title`}>{title}</h3>
        <button type="button" class="button button-small" x-on:click="copy" aria-describedby={`${id}-title`}>
          <span x-text="label">Copy</span>
        </button>
      </div>
      {help ? <p class="muted small">{help}</p> : null}
      <pre class="code" x-ref="code">
        <code id={codeId} x-text={live}>
          {children}
        </code>
      </pre>
    </div>
  );
}
