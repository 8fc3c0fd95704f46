// AGENT-4: the composer's lightning picker. A click copies the reply into the composer for
// editing (never sends it); "Manage" opens the replies in the console dialog.
document.addEventListener('alpine:init', () => {
  window.Alpine.data('cannedPicker', () => ({
    open: false,
    toggle() {
      this.open = !this.open;
    },
    close() {
      this.open = false;
    },
    insert() {
      const body = this.$el.querySelector('.canned-item-body');
      const form = this.$root.closest('form');
      const textarea = form?.querySelector('textarea');
      if (!body || !textarea) return;
      textarea.value = body.textContent;
      textarea.focus();
      textarea.setSelectionRange(textarea.value.length, textarea.value.length);
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
      this.open = false;
    },
  }));

  window.Alpine.data('cannedManager', () => ({
    async manage() {
      const dialog = document.getElementById('agent-dialog');
      await window.htmx.ajax('GET', '/agent/canned-replies', { target: '#agent-dialog-body' });
      dialog?.showModal();
    },
    closeDialog() {
      document.getElementById('agent-dialog')?.close();
    },
  }));
});
