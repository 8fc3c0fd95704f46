// Live preview of a project's branding while the admin edits it (PROJ-1). Alpine CSP component:
// reads the form fields on every input event; colours are set through the CSSOM (allowed by the CSP).
document.addEventListener('alpine:init', () => {
  const fields = [
    'title',
    'subtitle',
    'accentColor',
    'headerColor',
    'welcomeHeading',
    'welcomeMessage',
    'formHeading',
  ];
  window.Alpine.data('projectPreview', () => ({
    title: '',
    subtitle: '',
    accentColor: '#2563eb',
    headerColor: '#0f172a',
    welcomeHeading: '',
    welcomeMessage: '',
    formHeading: '',
    init() {
      this.read();
      this.$root.addEventListener('input', () => this.read());
      this.$root.addEventListener('htmx:after:swap', () => this.read());
    },
    read() {
      for (const name of fields) {
        const input = this.$root.querySelector(`[name="${name}"]`);
        if (input) this[name] = input.value;
      }
    },
    headerStyle() {
      return { backgroundColor: this.headerColor };
    },
    accentStyle() {
      return { backgroundColor: this.accentColor };
    },
  }));
});
