import { POPUP_DELAY_LIMITS, type Project, type WidgetSettings } from '../../src/projects/project.ts';
import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { Checkbox, FormNotice, SelectField, TextField } from '../components/field.tsx';
import { AdLinkBuilder } from './ad-link-builder.tsx';
import { EmbedCodes } from './embed-codes.tsx';
import { projectIds } from './project-dom-ids.ts';

export interface WidgetSectionProps {
  project: Project;
  /** Field values as strings: the saved settings, or what was submitted when refused. */
  values: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}

export function widgetValues(settings: WidgetSettings): Record<string, string> {
  return {
    widgetPosition: settings.widgetPosition,
    popupEnabled: settings.popupEnabled ? 'on' : '',
    popupDelaySeconds: String(settings.popupDelaySeconds),
  };
}

/**
 * The widget's settings (WID-1, WID-3) with a live preview of the bubble: its own form and POST
 * (/admin/projects/:id/widget), apart from the main project form. The preview follows the
 * position chosen here and the accent colour being edited in the main form (widgetPreview).
 */
export function WidgetSection({ project, values, errors = {}, notice }: WidgetSectionProps) {
  const action = `/admin/projects/${project.id}/widget`;
  const field = (name: string) => ({
    id: `widget-${name}`,
    name,
    value: values[name] ?? '',
    error: errors[name],
  });
  return (
    <form
      id={projectIds.widgetSection}
      class="card form widget-section"
      method="post"
      action={action}
      hx-post={action}
      hx-swap="outerHTML"
      aria-labelledby="widget-heading"
      novalidate
      x-data="widgetPreview"
      data-accent={project.accentColor}
    >
      <h2 id="widget-heading">Chat widget</h2>
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      {Object.keys(errors).length > 0 ? (
        <FormNotice kind="error">Check the highlighted fields.</FormNotice>
      ) : null}
      <div class="widget-settings">
        <div class="widget-fields">
          <SelectField
            {...field('widgetPosition')}
            label="Bubble position"
            hint="A script tag's data-position overrides it on that page."
            options={[
              { value: 'bottom-right', label: 'Bottom right' },
              { value: 'bottom-left', label: 'Bottom left' },
            ]}
          />
          <Checkbox
            {...field('popupEnabled')}
            checked={values.popupEnabled === 'on'}
            label="Open the chat as a popup"
            hint="A centred window, at most once every 7 hours per visitor. Closing it keeps it closed."
          />
          <TextField
            {...field('popupDelaySeconds')}
            type="number"
            min={POPUP_DELAY_LIMITS.min}
            max={POPUP_DELAY_LIMITS.max}
            label="Popup delay (seconds after the page loads)"
          />
        </div>
        <figure class="bubble-preview" aria-label="Bubble preview">
          <div class="bubble-preview-page" x-bind:class="cornerClass()">
            <span class="bubble-preview-line" />
            <span class="bubble-preview-line bubble-preview-short" />
            <span class="bubble-preview-bubble" x-bind:style="bubbleStyle()">
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M12 3C6.5 3 2 6.8 2 11.5c0 2.4 1.2 4.6 3.1 6.1-.2 1.3-.8 2.6-1.8 3.6 2 .1 3.9-.6 5.3-1.7 1.1.3 2.2.5 3.4.5 5.5 0 10-3.8 10-8.5S17.5 3 12 3z" />
              </svg>
            </span>
          </div>
          <figcaption class="muted small">Live preview: the bubble on a customer's page.</figcaption>
        </figure>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          Save widget settings
        </button>
      </div>
    </form>
  );
}

/** The project page's widget part (PROJ-3, BEYOND-9): settings with preview, embed codes, ad links. */
export function WidgetSections({ project, publicOrigin }: { project: Project; publicOrigin: string }) {
  return (
    <>
      <WidgetSection project={project} values={widgetValues(project)} />
      <EmbedCodes project={project} origin={publicOrigin} />
      <AdLinkBuilder project={project} publicOrigin={publicOrigin} />
    </>
  );
}
