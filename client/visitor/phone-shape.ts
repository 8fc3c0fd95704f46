/**
 * A phone number's shape, checked without libphonenumber's metadata (~30 KB gzipped, PERF-4):
 * what the widget's frame (widget/phone-lite.ts) always uses, and the visitor page's form until
 * its full rules arrive (client/visitor/phone-on-demand.ts). The server's full check answers on
 * submit with the same field error in the same place. Only what src/visitors/contact-rules.ts
 * calls is provided.
 */
export type CountryCode = string;

/** The countries the server rendered into the form's selector: the same list libphonenumber has. */
export function getCountries(): CountryCode[] {
  const select = document.querySelector<HTMLSelectElement>('select[name="country"]');
  return select ? [...select.options].map((option) => option.value).filter(Boolean) : [];
}

interface ParsedNumber {
  number: string;
  country?: CountryCode;
  isValid(): boolean;
}

/** E.164 allows up to 15 digits; no country's numbers are shorter than 4. */
export function parsePhoneNumberFromString(input: string, _country?: CountryCode): ParsedNumber | undefined {
  const digits = input.replace(/\D/g, '');
  if (digits.length < 4 || digits.length > 15) return undefined;
  return { number: `+${digits}`, isValid: () => true };
}
