/**
 * Stands in for `libphonenumber-js/min` in the widget frame's build of the visitor form
 * (src/assets/bundles.ts aliases it; docs/decisions/0029). The metadata alone is ~30 KB gzipped,
 * most of the PERF-4 budget, so the frame checks only the shape of a number in the browser and the
 * server's full libphonenumber check answers on submit with the same field error in the same place.
 * Only what src/visitors/contact-rules.ts calls is provided.
 */
export type CountryCode = string;

/** The countries the server rendered into the form's selector: the same list libphonenumber has. */
export function getCountries(): CountryCode[] {
  const select = document.querySelector<HTMLSelectElement>('select[name="country"]');
  return select ? [...select.options].map((option) => option.value).filter(Boolean) : [];
}

interface ParsedNumber {
  number: string;
  isValid(): boolean;
}

/** E.164 allows up to 15 digits; no country's numbers are shorter than 4. */
export function parsePhoneNumberFromString(input: string, _country?: CountryCode): ParsedNumber | undefined {
  const digits = input.replace(/\D/g, '');
  if (digits.length < 4 || digits.length > 15) return undefined;
  return { number: `+${digits}`, isValid: () => true };
}
