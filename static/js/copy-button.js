// Copy-to-clipboard for embed snippets (PROJ-3). Alpine CSP component: no inline script, no eval.
document.addEventListener('alpine:init', () => {
  window.Alpine.data('copyButton', () => ({
    label: 'Copy',
    copy() {
      const text = this.$refs.code.textContent.trim();
      navigator.clipboard.writeText(text).then(
        () => this.flash('Copied'),
        () => this.flash('Select and copy'),
      );
    },
    flash(label) {
      this.label = label;
      setTimeout(() => {
        this.label = 'Copy';
      }, 1600);
    },
  }));
});
