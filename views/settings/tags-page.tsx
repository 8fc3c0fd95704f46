import type { FieldErrors } from '../../src/shared/field-errors.ts';
import { FormNotice, TextArea } from '../components/field.tsx';
import { AppShell, type ShellUser } from '../layouts/app-shell.tsx';

export interface TagsFormProps {
  values: { head: string; body: string; origins: string };
  errors?: FieldErrors;
  notice?: string;
}

/** Marketing tags (ADMIN-6): snippets plus the origins they may load from (ADR 0006). */
export function TagsForm({ values, errors = {}, notice }: TagsFormProps) {
  return (
    <form
      id="tags-form"
      class="card form"
      method="post"
      action="/admin/tags"
      hx-post="/admin/tags"
      hx-swap="outerHTML"
      novalidate
    >
      {notice ? <FormNotice kind="success">{notice}</FormNotice> : null}
      <TextArea
        id="tags-head"
        name="head"
        label="Head snippet"
        hint="Inserted at the end of <head> on every page: visitor pages, consoles and sign-in."
        value={values.head}
        rows={8}
        mono
        spellcheck={false}
        error={errors.head}
      />
      <TextArea
        id="tags-body"
        name="body"
        label="Body snippet"
        hint="Inserted right after <body> (e.g. a <noscript> fallback)."
        value={values.body}
        rows={5}
        mono
        spellcheck={false}
        error={errors.body}
      />
      <TextArea
        id="tags-origins"
        name="origins"
        label="Tag origins"
        hint="One per line, e.g. https://www.googletagmanager.com. Scripts, beacons, pixels and frames may load from these only."
        value={values.origins}
        rows={4}
        mono
        spellcheck={false}
        error={errors.origins}
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          Save tags
        </button>
      </div>
    </form>
  );
}

export function TagsPage(props: TagsFormProps & { user: ShellUser }) {
  return (
    <AppShell title="Marketing tags" user={props.user} currentPath="/admin/tags">
      <div class="page-header">
        <div>
          <h1>Marketing tags</h1>
          <p class="muted">
            Tags run on every platform page from the next page load. Inline scripts in the snippets get a
            one-time nonce, so no other inline script can run. They never run on sites that embed the widget.
          </p>
        </div>
      </div>
      <div class="narrow-wide">
        <TagsForm {...props} />
      </div>
    </AppShell>
  );
}
