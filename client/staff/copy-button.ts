import { alpineComponent } from './page.ts';

/** Copy-to-clipboard for embed snippets (PROJ-3). */
alpineComponent('copyButton', () => ({
  label: 'Copy',
  copy() {
    const text = this.$refs.code?.textContent?.trim() ?? '';
    navigator.clipboard.writeText(text).then(
      () => this.flash('Copied'),
      () => this.flash('Select and copy'),
    );
  },
  flash(label: string) {
    this.label = label;
    setTimeout(() => {
      this.label = 'Copy';
    }, 1600);
  },
}));
