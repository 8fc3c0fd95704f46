import { getCountries, getCountryCallingCode } from 'libphonenumber-js/min';

export interface CountryOption {
  code: string;
  name: string;
  callingCode: string;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** Every country libphonenumber knows, by English name, with its calling code (for the selector). */
export const countryOptions: readonly CountryOption[] = getCountries()
  .map((code) => ({
    code,
    name: regionNames.of(code) ?? code,
    callingCode: getCountryCallingCode(code),
  }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en'));

const known = new Set(countryOptions.map((option) => option.code));

/**
 * The country preselected in the phone field: the trusted CDN's geo country, else the region of
 * the browser's first language (en-GB → GB), else the US. Only a guess; the visitor can change it.
 */
export function guessCountry(geoCountry: string | null, acceptLanguage: string | undefined): string {
  if (geoCountry && known.has(geoCountry)) return geoCountry;
  const region = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim().split('-')[1]?.toUpperCase();
  return region && known.has(region) ? region : 'US';
}
