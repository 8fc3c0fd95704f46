import type { Project } from '../../src/projects/project.ts';

/** The three embeds of PROJ-3 as copyable snippets; `origin` is this server's public address. */
export function embedSnippets(project: Pick<Project, 'slug' | 'widgetPosition'>, origin: string) {
  const script = `<script async src="${origin}/widget/widget.js" data-project="${project.slug}"`;
  return [
    {
      id: 'widget',
      title: 'Chat widget',
      help: 'Paste before </body> on every page that should show the chat bubble.',
      code: `${script} data-position="${project.widgetPosition}"></script>`,
    },
    {
      id: 'trigger',
      title: 'Trigger link',
      help: 'Any element with data-cp-open opens the chat (the widget script must be on the page).',
      code: '<a href="#" data-cp-open>Chat with us</a>',
    },
    {
      id: 'popup',
      title: 'Auto-popup',
      help: 'Opens the chat in a centred window once per visitor every 7 hours.',
      code: `${script} data-auto-popup="true"></script>`,
    },
  ];
}

export function EmbedCodes({ project, origin }: { project: Project; origin: string }) {
  return (
    <section class="card" aria-labelledby="embed-heading" id="embed-codes">
      <h2 id="embed-heading">Embed code</h2>
      {embedSnippets(project, origin).map((snippet) => (
        <div class="snippet" x-data="copyButton">
          <div class="snippet-header">
            <h3 id={`embed-${snippet.id}-title`}>{snippet.title}</h3>
            <button
              type="button"
              class="button button-small"
              x-on:click="copy"
              aria-describedby={`embed-${snippet.id}-title`}
            >
              <span x-text="label">Copy</span>
            </button>
          </div>
          <p class="muted small">{snippet.help}</p>
          <pre class="code" x-ref="code">
            <code>{snippet.code}</code>
          </pre>
        </div>
      ))}
    </section>
  );
}
