import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { FullPhoneRules } from './phone-on-demand.ts';

/**
 * The full phone rules for the visitor form (libphonenumber-js with its `min` metadata), loaded
 * on demand by client/visitor/phone-on-demand.ts so they stay out of the first load (PERF-4).
 */
const rules: FullPhoneRules = { parsePhoneNumberFromString };
window.livechatPhoneRules = rules;
