import { alpineComponent } from './page.ts';

/**
 * The bubble preview of the widget section (PROJ-3): the corner chosen in the section, in the
 * accent colour being edited in the main project form (or the saved one). CSSOM only (CSP).
 */
alpineComponent('widgetPreview', () => ({
  position: 'bottom-right',
  accent: '#2563eb',
  init() {
    this.accent = this.$root.dataset.accent ?? this.accent;
    this.read();
    this.$root.addEventListener('input', () => this.read());
    this.$root.addEventListener('change', () => this.read());
    document.addEventListener('input', (event) => {
      const target = event.target;
      if (target instanceof HTMLInputElement && target.name === 'accentColor') this.accent = target.value;
    });
  },
  read() {
    const select = this.$root.querySelector<HTMLSelectElement>('[name="widgetPosition"]');
    if (select) this.position = select.value;
  },
  cornerClass() {
    return this.position === 'bottom-left' ? 'is-left' : 'is-right';
  },
  bubbleStyle() {
    return { backgroundColor: this.accent };
  },
}));
