import { isKnownCountry } from '../shared/countries.ts';

/** The regions named by Accept-Language, in the browser's order of preference (en-IN → IN). */
function regionsOf(acceptLanguage: string | undefined): string[] {
  return (acceptLanguage ?? '')
    .split(',')
    .map((entry) => entry.split(';')[0]?.trim() ?? '')
    .flatMap((tag) => {
      const region = tag.split('-').find((part, i) => i > 0 && /^[A-Za-z]{2}$/.test(part));
      return region ? [region.toUpperCase()] : [];
    });
}

/**
 * The country preselected in the phone field (VIS-2, docs/decisions/0033): the project's own
 * default when it has one (an ad aimed at India), else where the visitor is (trusted CDN
 * headers, else the local geo database), else the first region among their browser languages
 * (many phones in India say en-US, which is why location comes before language), else the US.
 * Only a start: the visitor can change it, and a number typed with +code counts as that code.
 */
export function guessCountry(input: {
  projectDefault: string | null;
  geoCountry: string | null;
  acceptLanguage: string | undefined;
}): string {
  if (isKnownCountry(input.projectDefault)) return input.projectDefault;
  if (isKnownCountry(input.geoCountry)) return input.geoCountry;
  return regionsOf(input.acceptLanguage).find(isKnownCountry) ?? 'US';
}
