import type { Project } from '../../src/projects/project.ts';
import { ICON_SIDE } from '../../src/security/uploads.ts';
import { FormNotice } from '../components/field.tsx';

/** Why an icon was refused, in the admin's words (codes from security/uploads.ts). */
export const iconRefusal: Record<string, string> = {
  'upload.empty': 'Choose an image file to upload.',
  'upload.too_large': 'The icon must be at most 1 MB.',
  'upload.bad_filename': 'That file name cannot be used: rename the file and try again.',
  'upload.not_an_image': 'That file is not a PNG, JPEG, GIF or WebP image.',
  'upload.extension_mismatch': "The file's name does not match what it contains (a PNG named .jpg, say).",
  'upload.type_mismatch': "The file's name does not match what it contains (a PNG named .jpg, say).",
  'upload.malformed': 'The image is damaged or cut off: export it again.',
  'upload.dimensions_too_large': `Use an image between ${ICON_SIDE.min} and ${ICON_SIDE.max} pixels on each side.`,
  'upload.icon_dimensions': `Use an image between ${ICON_SIDE.min} and ${ICON_SIDE.max} pixels on each side.`,
  'upload.active_content':
    'The file holds more than an image (markup or script): export it again as a plain image.',
};

export interface IconSectionProps {
  project: Project;
  /** The icon the page shows now (uploaded, linked or drawn), from branding's iconUrlOf. */
  iconSrc: string;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}

/**
 * The project's icon and favicon (PROJ-1, VIS-9): upload one (checked like visitor images), or
 * remove the upload to fall back to the Icon URL field or the icon drawn from the accent colour.
 * Its own form and route, beside the main project form.
 */
export function IconSection({ project, iconSrc, notice }: IconSectionProps) {
  const action = `/admin/projects/${project.id}/icon`;
  return (
    <section id="project-icon" class="card icon-section" aria-labelledby="project-icon-title">
      <h2 id="project-icon-title">Icon</h2>
      {notice ? <FormNotice kind={notice.kind}>{notice.text}</FormNotice> : null}
      <div class="icon-row">
        <img class="icon-preview" src={iconSrc} alt="" width={64} height={64} />
        <div class="icon-forms">
          <form
            method="post"
            action={action}
            enctype="multipart/form-data"
            hx-post={action}
            hx-target="#project-icon"
            hx-swap="outerHTML"
          >
            <div class="field">
              <label for="project-icon-file">Upload an icon</label>
              <input
                id="project-icon-file"
                name="icon"
                type="file"
                accept="image/png,image/jpeg,image/gif,image/webp"
                aria-describedby="project-icon-hint"
              />
              <p class="hint" id="project-icon-hint">
                PNG, JPEG, GIF or WebP, at most 1 MB, {ICON_SIDE.min}–{ICON_SIDE.max} px a side; square works
                best (shown as the favicon and the installed app icon).
              </p>
            </div>
            <button type="submit" class="button button-primary">
              Upload icon
            </button>
          </form>
          {project.uploadedIcon ? (
            <form
              method="post"
              action={`${action}/remove`}
              hx-post={`${action}/remove`}
              hx-target="#project-icon"
              hx-swap="outerHTML"
            >
              <button type="submit" class="button button-quiet">
                Remove uploaded icon
              </button>
            </form>
          ) : (
            <p class="muted small">
              {project.iconUrl ? 'Using the Icon URL above.' : 'Using an icon drawn in the accent colour.'}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
