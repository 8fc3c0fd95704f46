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
}

function FieldError({ field, errors }: { field: ContactField; errors: ContactErrors }) {
  return (
    <p class="vp-field-error" id={fieldErrorId(field)} aria-live="polite">
      {errors[field] ?? ''}
    </p>
  );
}

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
}: ContactFormProps) {
  const hasErrors = Object.keys(errors).length > 0;
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
        <FieldError field="name" errors={errors} />
      </div>
      <div class="vp-field">
        <label for="contact-phone">Phone number</label>
        <div class="vp-phone">
          <label for="contact-country" class="vp-sr-only">
            Country
          </label>
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
        <FieldError field="country" errors={errors} />
        <FieldError field="phone" errors={errors} />
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
        <FieldError field="email" errors={errors} />
      </div>
      <input type="hidden" name="landing_url" value={landingUrl} />
      <input type="hidden" name="referrer" value={referrer} />
      <button type="submit" class="vp-button vp-button-primary">
        Start chat
      </button>
      <p class="vp-fineprint">We only use your details to reply to you.</p>
    </form>
  );
}
