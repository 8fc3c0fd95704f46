import { TRIGGER_ATTRIBUTE } from '../../src/projects/embed-contract.ts';
import type { Project } from '../../src/projects/project.ts';
import { CopySnippet } from './copy-snippet.tsx';
import { projectIds } from './project-dom-ids.ts';

type EmbedProject = Pick<Project, 'slug'>;

/**
 * The embeds of PROJ-3 as copyable snippets, exactly as the widget reads them (README
 * "Embedding"); `origin` is this server's public address.
 */
export function embedSnippets(project: EmbedProject, origin: string) {
  const tag = (file: string, extra = '') =>
    `<script async src="${origin}/widget/${file}" data-project="${project.slug}"${extra}></script>`;
  return [
    {
      id: 'widget',
      title: 'Chat widget',
      help: 'Paste before </body> on every page that should show the chat bubble. The bubble takes the corner and popup settings above; add data-position="bottom-left" to move it on one page.',
      code: tag('widget.js'),
    },
    {
      id: 'trigger',
      title: 'Trigger link',
      help: `Any element with ${TRIGGER_ATTRIBUTE} opens the chat, also ones added later (the widget tag must be on the page). Add data-bubble="off" to the widget tag to show the chat only from your own links.`,
      code: `<a href="#" ${TRIGGER_ATTRIBUTE}>Chat with us</a>`,
    },
    {
      id: 'popup',
      title: 'Auto-popup',
      help: 'Use this tag instead of the plain one on the pages that should open the chat by themselves: a centred window after the delay set above, at most once every 7 hours per visitor. Or switch the popup on for every page above.',
      code: tag('widget.js', ' data-popup="on"'),
    },
    {
      id: 'lead-form',
      title: 'Lead capture for your own forms',
      help: 'Sends name, phone and email from every form on the page to the CRM as a web lead, with the page address and UTM parameters. The forms work exactly as before.',
      code: tag('lead-form.js'),
    },
  ];
}

export function EmbedCodes({ project, origin }: { project: Project; origin: string }) {
  return (
    <section class="card" aria-labelledby="embed-heading" id={projectIds.embedCodes}>
      <h2 id="embed-heading">Embed code</h2>
      <p class="muted small">
        Add your site's address to Allowed embed origins above first: the chat shows only on those sites.
      </p>
      {embedSnippets(project, origin).map((snippet) => (
        <CopySnippet id={`embed-${snippet.id}`} title={snippet.title} help={snippet.help}>
          {snippet.code}
        </CopySnippet>
      ))}
    </section>
  );
}
