import type {
  CountryCode as FullCountryCode,
  parsePhoneNumberFromString as fullParse,
} from 'libphonenumber-js/min';
import * as lite from './phone-shape.ts';

/**
 * Stands in for `libphonenumber-js/min` in the visitor page's form script (src/assets/bundles.ts
 * aliases it; PERF-4, ADR 0032). The metadata is ~30 KB gzipped, the whole first-load budget, so
 * it is its own script (`visitor/phone-rules.js`, client/visitor/phone-rules.ts), fetched when
 * the visitor first touches the form. Until it has run, numbers get the widget's shape check
 * (client/visitor/phone-shape.ts) and the server's full check answers on submit, in the same place.
 */
export type CountryCode = FullCountryCode;

export interface FullPhoneRules {
  parsePhoneNumberFromString: typeof fullParse;
}

declare global {
  interface Window {
    livechatPhoneRules?: FullPhoneRules;
  }
}

export const getCountries = (): CountryCode[] => lite.getCountries() as CountryCode[];

export function parsePhoneNumberFromString(input: string, country?: CountryCode) {
  const full = window.livechatPhoneRules;
  return full
    ? full.parsePhoneNumberFromString(input, country)
    : lite.parsePhoneNumberFromString(input, country);
}

let requested = false;

/** Dispatched on `document` once the full rules have run. */
export const PHONE_RULES_READY = 'livechat:phone-rules-ready';

/** Adds the full rules' script once; the page names its URL in `data-phone-rules` (none in the widget). */
export function loadFullPhoneRules(): void {
  const url = document.body.dataset.phoneRules;
  if (requested || !url || window.livechatPhoneRules) return;
  requested = true;
  const script = document.createElement('script');
  script.src = url;
  script.async = true;
  // What was typed or pasted before the rules arrived is read again with them.
  script.addEventListener('load', () => document.dispatchEvent(new Event(PHONE_RULES_READY)));
  document.head.append(script);
}
