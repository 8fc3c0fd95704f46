import type { CountryOption } from '../../src/shared/countries.ts';
import type { ContactErrors, ContactField } from '../../src/visitors/contact-rules.ts';
import { fieldErrorId, visitorIds } from './visitor-dom-ids.ts';

export interface ContactFormValues {
  name: string;
  country: string;
  phone: string;
  email: string;
}

export interface ContactFormProps {
  slug: string;
  heading: string;
  description: string;
  values: ContactFormValues;
  errors: ContactErrors;
  countries: readonly CountryOption[];
  /** The page the visitor landed on and where they came from, captured when the page was served. */
  landingUrl: string;
  referrer: string;
  /** The form's stylesheet for browsers without script (the plain country selector). */
  noscriptCssUrl: string;
}

/**
 * A field's error lines. Their box keeps one line's height even when empty, so an error that
 * clears as a field is left never moves the Start chat button under a finger (issue 13).
 */
function FieldErrors({ fields, errors }: { fields: ContactField[]; errors: ContactErrors }) {
  return (
    <div class="vp-field-errors">
      {fields.map((field) => (
        <p class="vp-field-error" id={fieldErrorId(field)} aria-live="polite">
          {errors[field] ?? ''}
        </p>
      ))}
    </div>
  );
}

/** "IN +91": what the closed country selector shows, short enough never to be cut off. */
export const countryCodeLabel = (country: CountryOption | undefined): string =>
  country ? `${country.code} +${country.callingCode}` : '';

const invalid = (errors: ContactErrors, field: ContactField) => (errors[field] ? 'true' : undefined);

/** The lead form (VIS-2): works without script (full-page 422), and the client script checks it first. */
export function ContactForm({
  slug,
  heading,
  description,
  values,
  errors,
  countries,
  landingUrl,
  referrer,
  noscriptCssUrl,
}: ContactFormProps) {
  const hasErrors = Object.keys(errors).length > 0;
  const chosen = countries.find((country) => country.code === values.country);
  return (
    <form
      id={visitorIds.contactForm}
      class="vp-card vp-form"
      method="post"
      action={`/p/${slug}/chat`}
      novalidate
      aria-labelledby="contact-heading"
    >
      <h2 id="contact-heading">{heading || 'Start a chat'}</h2>
      {description ? <p class="vp-muted">{description}</p> : null}
      <p id={visitorIds.formAlert} class="vp-alert" role="alert" hidden={!hasErrors}>
        {hasErrors ? 'Please check the highlighted fields.' : ''}
      </p>
      <div class="vp-field">
        <label for="contact-name">Your name</label>
        <input
          id="contact-name"
          name="name"
          type="text"
          autocomplete="name"
          required
          maxlength={120}
          value={values.name}
          aria-invalid={invalid(errors, 'name')}
          aria-describedby={fieldErrorId('name')}
        />
        <FieldErrors fields={['name']} errors={errors} />
      </div>
      <div class="vp-field">
        <label for="contact-phone">Phone number</label>
        <div class="vp-phone">
          <label for="contact-country" class="vp-sr-only">
            Country
          </label>
          {/* The native picker lists full names; closed, the box shows the compact code above it. */}
          <div class="vp-country">
            <span id={visitorIds.countryCode} class="vp-country-code" aria-hidden="true">
              {countryCodeLabel(chosen)}
            </span>
            <select
              id="contact-country"
              name="country"
              autocomplete="country"
              aria-invalid={invalid(errors, 'country')}
              aria-describedby={fieldErrorId('country')}
            >
              {countries.map((country) => (
                <option value={country.code} selected={country.code === values.country}>
                  {`${country.name} (+${country.callingCode})`}
                </option>
              ))}
            </select>
          </div>
          <input
            id="contact-phone"
            name="phone"
            type="tel"
            inputmode="tel"
            autocomplete="tel-national"
            required
            maxlength={32}
            value={values.phone}
            aria-invalid={invalid(errors, 'phone')}
            aria-describedby={`${fieldErrorId('country')} ${fieldErrorId('phone')}`}
          />
        </div>
        <FieldErrors fields={['country', 'phone']} errors={errors} />
      </div>
      <div class="vp-field">
        <label for="contact-email">
          Email <span class="vp-optional">(optional)</span>
        </label>
        <input
          id="contact-email"
          name="email"
          type="email"
          inputmode="email"
          autocomplete="email"
          maxlength={254}
          value={values.email}
          aria-invalid={invalid(errors, 'email')}
          aria-describedby={fieldErrorId('email')}
        />
        <FieldErrors fields={['email']} errors={errors} />
      </div>
      <input type="hidden" name="landing_url" value={landingUrl} />
      <input type="hidden" name="referrer" value={referrer} />
      <button type="submit" class="vp-button vp-button-primary">
        Start chat
      </button>
      <p class="vp-fineprint">We only use your details to reply to you.</p>
      <noscript>
        <link rel="stylesheet" href={noscriptCssUrl} />
      </noscript>
    </form>
  );
}
