import { alpineComponent } from './page.ts';

/**
 * Live preview of a project's branding while the admin edits it (PROJ-1): reads the form fields
 * on every input event; colours are set through the CSSOM (allowed by the CSP).
 */
const FIELDS = [
  'title',
  'subtitle',
  'accentColor',
  'headerColor',
  'welcomeHeading',
  'welcomeMessage',
  'formHeading',
] as const;

type Preview = Record<(typeof FIELDS)[number], string>;

alpineComponent('projectPreview', () => ({
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
    for (const name of FIELDS) {
      const input = this.$root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
      if (input) (this as Preview)[name] = input.value;
    }
  },
  headerStyle() {
    return { backgroundColor: this.headerColor };
  },
  accentStyle() {
    return { backgroundColor: this.accentColor };
  },
}));
