import { type LeadFields, leadFieldsOf } from './lead-fields.ts';

/**
 * `/widget/lead-form.js` (WID-6): every form on the page, present or added later, sends its
 * contact fields to `POST /api/web-leads` when it is submitted, without delaying, cancelling or
 * changing the form's own submit. One capture-phase `submit` listener on the document sees every
 * form (so nothing needs to find forms added later), and `HTMLFormElement.prototype.submit` is
 * wrapped because `form.submit()` fires no submit event. The request is a form-encoded
 * `sendBeacon` (a CORS-safelisted type: no preflight) so it survives the navigation that follows;
 * `fetch(…, { keepalive: true })` where sendBeacon is missing or refuses. Payload: README
 * "Embedding" → lead-form.js.
 */
const script = document.currentScript as HTMLScriptElement | null;
const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
const CLICK_IDS = ['gclid', 'gbraid', 'wbraid', 'fbclid'] as const;
const TOUCH_KEY = 'livechat:lead-form:landing';
/** The same form sending the same fields again this soon is one lead (submit event + submit()). */
const REPEAT_MS = 5000;

const tracked = (url: URL) => [...UTM, ...CLICK_IDS].some((key) => url.searchParams.has(key));

/** The visit's latest page with campaign parameters, so a lead on /contact keeps the ad's UTM. */
function landingUrl(): URL {
  const here = new URL(location.href);
  try {
    if (tracked(here)) {
      sessionStorage.setItem(TOUCH_KEY, here.href);
      return here;
    }
    const kept = sessionStorage.getItem(TOUCH_KEY);
    return kept ? new URL(kept) : here;
  } catch {
    return here;
  }
}

const newClientId = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

function payload(fields: LeadFields, form: HTMLFormElement, clientId: string): URLSearchParams {
  const landing = landingUrl();
  const body = new URLSearchParams({ client_id: clientId });
  const project = script?.dataset.project?.trim();
  if (project) body.set('project', project);
  for (const key of ['name', 'phone', 'email'] as const) {
    const value = fields[key];
    if (value) body.set(key, value);
  }
  body.set('page_url', location.href);
  body.set('landing_url', landing.href);
  body.set('referrer', document.referrer);
  for (const key of [...UTM, ...CLICK_IDS]) {
    const value = landing.searchParams.get(key);
    if (value) body.set(key, value);
  }
  const formName = form.getAttribute('id') || form.getAttribute('name');
  if (formName) body.set('form', formName.slice(0, 120));
  return body;
}

function send(url: string, body: URLSearchParams): void {
  try {
    if (navigator.sendBeacon?.(url, body)) return;
  } catch {
    // fall through to fetch
  }
  void fetch(url, { method: 'POST', body, keepalive: true, mode: 'cors', credentials: 'omit' }).catch(
    () => undefined,
  );
}

function start(): void {
  if (!script?.src) return;
  const endpoint = new URL('/api/web-leads', script.src).href;
  const recent = new WeakMap<HTMLFormElement, { key: string; at: number }>();

  function capture(form: HTMLFormElement): void {
    try {
      const fields = leadFieldsOf(form);
      if (!fields) return;
      const key = JSON.stringify(fields);
      const last = recent.get(form);
      if (last && last.key === key && Date.now() - last.at < REPEAT_MS) return;
      recent.set(form, { key, at: Date.now() });
      send(endpoint, payload(fields, form, newClientId()));
    } catch {
      // a lead is never worth breaking the site's own form
    }
  }

  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target as Element | null;
      if (form?.tagName === 'FORM') capture(form as HTMLFormElement);
    },
    true,
  );
  const submit = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function submitWithLead(this: HTMLFormElement) {
    capture(this);
    return submit.call(this);
  };
}

start();
