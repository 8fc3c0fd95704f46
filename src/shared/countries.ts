import { getCountries, getCountryCallingCode } from 'libphonenumber-js/min';

/**
 * Every country libphonenumber knows, by English name, with its calling code: the phone
 * selector of the lead form and the project's default-country setting.
 */
export interface CountryOption {
  code: string;
  name: string;
  callingCode: string;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export const countryOptions: readonly CountryOption[] = getCountries()
  .map((code) => ({
    code,
    name: regionNames.of(code) ?? code,
    callingCode: getCountryCallingCode(code),
  }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en'));

const known = new Set(countryOptions.map((option) => option.code));

export const isKnownCountry = (code: string | null | undefined): code is string =>
  typeof code === 'string' && known.has(code);
