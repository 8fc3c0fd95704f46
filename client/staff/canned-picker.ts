import { agentIds } from '../../views/agent/agent-dom-ids.ts';
import { alpineComponent, htmx } from './page.ts';

/**
 * AGENT-4: the composer's lightning picker. A click copies the reply into the composer for
 * editing (never sends it); "Manage" opens the replies in the console dialog.
 */
alpineComponent('cannedPicker', () => ({
  open: false,
  toggle() {
    this.open = !this.open;
  },
  close() {
    this.open = false;
  },
  insert() {
    const body = this.$el.querySelector('.canned-item-body');
    const textarea = this.$root.closest('form')?.querySelector('textarea');
    if (!body || !textarea) return;
    textarea.value = body.textContent ?? '';
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    this.open = false;
  },
}));

alpineComponent('cannedManager', () => ({
  async manage() {
    const dialog = document.getElementById(agentIds.dialog) as HTMLDialogElement | null;
    await htmx().ajax('GET', '/agent/canned-replies', { target: `#${agentIds.dialogBody}` });
    dialog?.showModal();
  },
  closeDialog() {
    (document.getElementById(agentIds.dialog) as HTMLDialogElement | null)?.close();
  },
}));
