/**
 * Stands in for `libphonenumber-js/min` in the widget frame's build of the visitor form
 * (src/assets/bundles.ts aliases it; docs/decisions/0029): the frame checks only the shape of a
 * number in the browser (client/visitor/phone-shape.ts) and the server's full libphonenumber check
 * answers on submit with the same field error in the same place.
 */
export { type CountryCode, getCountries, parsePhoneNumberFromString } from '../client/visitor/phone-shape.ts';
