import {
  AD_LINK_PRESETS,
  adLinkQuery,
  adLinkUrl,
  EMPTY_UTM,
  UTM_FIELDS,
  UTM_LABELS,
  UTM_MAX_LENGTH,
} from '../../src/projects/ad-links.ts';
import type { Project } from '../../src/projects/project.ts';
import { CopySnippet } from './copy-snippet.tsx';
import { projectIds } from './project-dom-ids.ts';

/** The QR download of the builder's current address; the builder script keeps the query in step. */
export const adLinkQrPath = (projectId: string, format: 'png' | 'svg') =>
  `/admin/projects/${projectId}/ad-link/qr.${format}`;

/**
 * The ad-link builder (BEYOND-9): the project page's address with UTM parameters, presets for
 * Meta and Google macros, copy, and QR downloads for print. Works as a plain GET form without
 * script (the downloads take the fields as their query); adLinkBuilder updates it as you type.
 */
export function AdLinkBuilder({ project, publicOrigin }: { project: Project; publicOrigin: string }) {
  const url = adLinkUrl(publicOrigin, project.slug, EMPTY_UTM);
  return (
    <section
      class="card ad-links"
      id={projectIds.adLinks}
      aria-labelledby="ad-links-heading"
      x-data="adLinkBuilder"
      data-base={`${publicOrigin}/p/${project.slug}`}
    >
      <h2 id="ad-links-heading">Ad links and QR code</h2>
      <p class="muted small">
        Build the address of this project's page for an ad, an email or print. Every chat started from it
        keeps these parameters (Chats, CRM and conversion tracking).
      </p>
      <form class="form" method="get" action={adLinkQrPath(project.id, 'png')} x-on:input="update">
        <div class="field">
          <label for="ad-link-preset">Preset</label>
          <select id="ad-link-preset" x-on:change="applyPreset" aria-describedby="ad-link-note">
            <option value="">Custom</option>
            {AD_LINK_PRESETS.map((preset) => (
              <option value={preset.id}>{preset.label}</option>
            ))}
          </select>
          <p class="hint" id="ad-link-note" x-text="note">
            Pick a preset to fill in the fields, then adjust them.
          </p>
        </div>
        <div class="field-row">
          {UTM_FIELDS.map((field) => (
            <div class="field">
              <label for={`ad-link-${field}`}>
                {UTM_LABELS[field]} <span class="muted small mono">{field}</span>
              </label>
              <input
                id={`ad-link-${field}`}
                name={field}
                type="text"
                maxlength={UTM_MAX_LENGTH}
                autocomplete="off"
                spellcheck={false}
              />
            </div>
          ))}
        </div>
        <CopySnippet id="ad-link-url" title="Link" codeId={projectIds.adLinkUrl} live="url">
          {url}
        </CopySnippet>
        <CopySnippet
          id="ad-link-query"
          title="URL parameters only"
          codeId={projectIds.adLinkQuery}
          live="queryText()"
        >
          {adLinkQuery(EMPTY_UTM) || 'No parameters yet'}
        </CopySnippet>
        <div class="form-actions">
          <button type="submit" class="button" formaction={adLinkQrPath(project.id, 'svg')}>
            Download QR code (SVG)
          </button>
          <button type="submit" class="button button-primary">
            Download QR code (PNG)
          </button>
        </div>
      </form>
    </section>
  );
}
