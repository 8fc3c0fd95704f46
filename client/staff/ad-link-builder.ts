import {
  AD_LINK_PRESETS,
  adLinkQuery,
  EMPTY_UTM,
  UTM_FIELDS,
  type UtmValues,
} from '../../src/projects/ad-links.ts';
import { alpineComponent } from './page.ts';

/**
 * The ad-link builder (BEYOND-9): the link and its parameters follow the fields as they are typed;
 * a preset fills the fields with Meta's or Google's macros. The QR downloads are the form's own
 * GET submit, so the server builds the same address from the same fields (src/projects/ad-links.ts).
 */
alpineComponent('adLinkBuilder', () => ({
  base: '',
  url: '',
  query: '',
  note: 'Pick a preset to fill in the fields, then adjust them.',
  init() {
    this.base = this.$root.dataset.base ?? '';
    this.update();
  },
  values(): UtmValues {
    const values = { ...EMPTY_UTM };
    for (const field of UTM_FIELDS) {
      const input = this.$root.querySelector<HTMLInputElement>(`[name="${field}"]`);
      values[field] = input?.value ?? '';
    }
    return values;
  },
  update() {
    this.query = adLinkQuery(this.values());
    this.url = this.query ? `${this.base}?${this.query}` : this.base;
  },
  applyPreset(event: Event) {
    const preset = AD_LINK_PRESETS.find((p) => p.id === (event.target as HTMLSelectElement).value);
    if (!preset) return;
    for (const field of UTM_FIELDS) {
      const input = this.$root.querySelector<HTMLInputElement>(`[name="${field}"]`);
      if (input) input.value = preset.values[field];
    }
    this.note = preset.note;
    this.update();
  },
  queryText() {
    return this.query || 'No parameters yet';
  },
}));
