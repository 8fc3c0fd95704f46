import { alpineComponent } from './page.ts';

/**
 * Opens the chat modal (native <dialog>) once htmx has put a chat into it. htmx 4 fires
 * htmx:after:swap on the element that made the request (the table's "Open" link), so listen on
 * the document. Closing empties the dialog, so later swaps elsewhere never reopen it.
 */
alpineComponent('chatDialog', () => ({
  init() {
    const dialog = this.$el as HTMLDialogElement;
    const body = this.$refs.body;
    document.addEventListener('htmx:after:swap', () => {
      if (body && body.childElementCount > 0 && !dialog.open) dialog.showModal();
    });
    dialog.addEventListener('close', () => body?.replaceChildren());
  },
}));
