import {
  type ContactErrors,
  type ContactField,
  checkCountry,
  checkEmail,
  checkName,
  countryOfInternational,
  phoneToE164,
  validateContact,
} from '../../src/visitors/contact-rules.ts';
import { fieldErrorId, visitorIds } from '../../views/visitor/visitor-dom-ids.ts';
import { byId, pageContext, seenKey, showChat, storeToken } from './page.ts';
import { loadFullPhoneRules, PHONE_RULES_READY } from './phone-on-demand.ts';

/**
 * The contact form in the browser (VIS-2): the server's own rules (contact-rules.ts) on blur and
 * on submit, then one JSON post. The server checks again; its 422 field errors land in the same
 * places. Attribution extras only the browser knows are added to the post (VIS-10).
 *
 * Nothing moves under a pressed finger or mouse (issue 13): a blur caused by pressing Start chat
 * would show or clear error lines between press and release and the click would miss the moved
 * button, so what a blur finds is shown only after the press has ended and its click has landed.
 */
const started = performance.now();
const ctx = pageContext();
const form = byId<HTMLFormElement>(visitorIds.contactForm);
const returning = readAndMarkSeen();

function readAndMarkSeen(): boolean {
  try {
    const seen = localStorage.getItem(seenKey(ctx.projectId)) !== null;
    localStorage.setItem(seenKey(ctx.projectId), '1');
    return seen;
  } catch {
    return false;
  }
}

const value = (name: string) =>
  (form?.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '';

function showError(field: ContactField, message: string | undefined): void {
  const el = byId(fieldErrorId(field));
  if (el) el.textContent = message ?? '';
  const input = form?.elements.namedItem(field) as HTMLElement | null;
  if (message) input?.setAttribute('aria-invalid', 'true');
  else input?.removeAttribute('aria-invalid');
}

function showErrors(errors: ContactErrors): void {
  for (const field of ['name', 'country', 'phone', 'email'] as const) showError(field, errors[field]);
  const alert = byId(visitorIds.formAlert);
  const any = Object.keys(errors).length > 0;
  if (alert) {
    alert.hidden = !any;
    alert.textContent = any ? 'Please check the highlighted fields.' : '';
  }
  const first = (['name', 'country', 'phone', 'email'] as const).find((f) => errors[f]);
  if (first) (form?.elements.namedItem(first) as HTMLElement | null)?.focus();
}

/** The compact "IN +91" over the country selector, from the option the visitor chose. */
function showCountryCode(): void {
  const select = form?.elements.namedItem('country') as HTMLSelectElement | null;
  const label = byId(visitorIds.countryCode);
  const match = /\(\+(\d+)\)$/.exec(select?.selectedOptions[0]?.textContent ?? '');
  if (select && label) label.textContent = match ? `${select.value} +${match[1]}` : '';
}

/** A number typed or pasted with its own +code (or 00 code) sets the selector to that country. */
function followInternationalNumber(): void {
  const country = countryOfInternational(value('phone'));
  const select = form?.elements.namedItem('country') as HTMLSelectElement | null;
  if (!country || !select || select.value === country) return;
  select.value = country;
  showCountryCode();
}

let pressed = false;
const afterPress = new Map<ContactField, () => void>();
function whenNotPressed(field: ContactField, run: () => void): void {
  // A touch's compatibility mousedown, blur and click come in one task: a timeout lands after them.
  if (pressed) afterPress.set(field, run);
  else setTimeout(run, 0);
}
function release(): void {
  pressed = false;
  const queued = [...afterPress.values()];
  afterPress.clear();
  setTimeout(() => {
    for (const run of queued) run();
  }, 0);
}

const fieldChecks: Record<ContactField, () => string | undefined> = {
  name: () => checkName(value('name')),
  country: () => checkCountry(value('country')),
  phone: () => {
    if (value('phone').trim() === '') return undefined; // not yet typed: no error while filling in
    const result = phoneToE164(value('country'), value('phone'));
    return 'error' in result ? result.error : undefined;
  },
  email: () => checkEmail(value('email')),
};

function connectionType(): string {
  const connection = (navigator as Navigator & { connection?: { type?: string; effectiveType?: string } })
    .connection;
  return connection?.type && connection.type !== 'unknown'
    ? connection.type
    : (connection?.effectiveType ?? '');
}

function showAlert(text: string): void {
  const alert = byId(visitorIds.formAlert);
  if (!alert) return;
  alert.hidden = false;
  alert.textContent = text;
}

function tooManyMessage(json: { error?: string; retryAfter?: number }): string {
  if (json.error === 'chat.too_many_open') {
    return 'Too many chats are open from your network right now. Please try again later.';
  }
  const minutes = Math.max(1, Math.ceil((json.retryAfter ?? 60) / 60));
  return `Too many attempts. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

async function submit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (!form) return;
  const checked = validateContact({
    name: value('name'),
    country: value('country'),
    phone: value('phone'),
    email: value('email'),
  });
  if ('errors' in checked) return showErrors(checked.errors);
  showErrors({});
  const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
  body.set('time_on_page_ms', String(Math.round(performance.now() - started)));
  body.set('language', navigator.language);
  body.set('connection_type', connectionType());
  body.set('returning', returning ? '1' : '0');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (button) button.disabled = true;
  try {
    const res = await fetch(form.action, { method: 'POST', body, headers: { Accept: 'application/json' } });
    const json = (await res.json()) as {
      error?: string;
      retryAfter?: number;
      errors?: ContactErrors;
      token?: string;
      conversationId?: string;
      status?: string;
    };
    if (res.status === 422 && json.errors) return showErrors(json.errors);
    if (res.status === 429) return showAlert(tooManyMessage(json));
    if (!res.ok || !json.token || !json.conversationId) throw new Error(`chat start failed: ${res.status}`);
    storeToken(ctx.projectId, json.token);
    showChat({ conversationId: json.conversationId, status: json.status ?? 'unassigned' });
  } catch {
    showAlert('We could not start the chat. Please check your connection and try again.');
  } finally {
    if (button) button.disabled = false;
  }
}

if (form) {
  form.addEventListener('submit', (event) => void submit(event));
  // The full phone rules are fetched on the first touch of the form, not on the first load (PERF-4).
  form.addEventListener('focusin', loadFullPhoneRules, { once: true });
  form.addEventListener('pointerdown', loadFullPhoneRules, { once: true });
  document.addEventListener('pointerdown', () => {
    pressed = true;
  });
  document.addEventListener('pointerup', release);
  document.addEventListener('pointercancel', release);
  for (const field of ['name', 'country', 'phone', 'email'] as const) {
    const input = form.elements.namedItem(field) as HTMLElement | null;
    input?.addEventListener('blur', () =>
      whenNotPressed(field, () => showError(field, fieldChecks[field]())),
    );
    // A fixed field loses its error as it is typed (an error appears only on leaving the field).
    input?.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') === 'true' && !fieldChecks[field]()) showError(field, undefined);
    });
  }
  const phone = form.elements.namedItem('phone') as HTMLInputElement | null;
  phone?.addEventListener('input', followInternationalNumber);
  // The shape check alone cannot tell a +code number's country: once the full rules are in, a
  // number typed or pasted before they arrived is read again.
  document.addEventListener(PHONE_RULES_READY, followInternationalNumber);
  // Changing the country re-checks a phone already typed.
  const country = form.elements.namedItem('country') as HTMLSelectElement | null;
  country?.addEventListener('change', () => {
    showCountryCode();
    showError('phone', fieldChecks.phone());
  });
  showCountryCode();
  // Typed into before this script ran (a slow phone): the rules are needed now.
  if (phone?.value) loadFullPhoneRules();
}
