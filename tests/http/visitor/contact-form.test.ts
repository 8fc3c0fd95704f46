import { describe, expect, test } from 'bun:test';
import { makeTestApp, ORIGIN, postForm } from '../../support/make-app.ts';
import { countRows, startChatJson, validForm, visitorProject } from './visitor-support.ts';

type Field = 'name' | 'country' | 'phone' | 'email';
const form = (overrides: Record<string, string | undefined>) => {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...validForm, ...overrides })) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
};

/** Bad form posts: each must be refused with 422 naming the field, and write nothing. */
const badForms: Array<[string, Record<string, string | undefined>, Field]> = [
  ['name missing', { name: undefined }, 'name'],
  ['name empty', { name: '' }, 'name'],
  ['name only spaces', { name: '    ' }, 'name'],
  ['name 121 characters', { name: 'a'.repeat(121) }, 'name'],
  ['name 5,000 characters', { name: 'b'.repeat(5000) }, 'name'],
  ['name only digits', { name: '12345' }, 'name'],
  ['name with a control character', { name: 'Ada\u0007' }, 'name'],
  ['name with a line separator', { name: 'Ada\u2028Byron' }, 'name'],
  ['phone missing', { phone: undefined }, 'phone'],
  ['phone empty', { phone: '' }, 'phone'],
  ['phone in words', { phone: 'call me maybe' }, 'phone'],
  ['phone with markup', { phone: '<script>1</script>' }, 'phone'],
  ['phone of 40 digits', { phone: '1'.repeat(40) }, 'phone'],
  ['US number too short', { country: 'US', phone: '555 0123' }, 'phone'],
  ['US area code starting with 1', { country: 'US', phone: '123 456 7890' }, 'phone'],
  ['GB mobile too short', { country: 'GB', phone: '07700 900' }, 'phone'],
  ['GB mobile too long', { country: 'GB', phone: '07700 9001234567' }, 'phone'],
  ['GB international too short', { country: 'GB', phone: '+44 20 7946' }, 'phone'],
  ['DE all zeros', { country: 'DE', phone: '0000 000000' }, 'phone'],
  ['FR five digits', { country: 'FR', phone: '12345' }, 'phone'],
  ['IN nine digits', { country: 'IN', phone: '91234 5678' }, 'phone'],
  ['BR too short', { country: 'BR', phone: '11 1234' }, 'phone'],
  ['JP too short', { country: 'JP', phone: '090-1234' }, 'phone'],
  ['AU mobile too short', { country: 'AU', phone: '0412 345' }, 'phone'],
  ['country missing for a national number', { country: undefined }, 'country'],
  ['country unknown', { country: 'XX' }, 'country'],
  ['country lower case', { country: 'gb' }, 'country'],
  ['country three letters', { country: 'GBR' }, 'country'],
  ['email without domain', { email: 'ada@' }, 'email'],
  ['email with a space', { email: 'ada lovelace@example.com' }, 'email'],
  ['email without a dot in the domain', { email: 'ada@localhost' }, 'email'],
  ['email with two @', { email: 'a@b@example.com' }, 'email'],
  ['email of 300 characters', { email: `${'a'.repeat(290)}@example.com` }, 'email'],
  ['email with markup', { email: 'ada<script>@example.com' }, 'email'],
  ['email in angle brackets', { email: '<ada@example.com>' }, 'email'],
  ['email with a display name', { email: 'Ada <ada@example.com>' }, 'email'],
  ['email with > in the domain', { email: 'ada@exa>mple.com' }, 'email'],
];

/** Wrong types and shapes through JSON (and repeated form keys, which arrive as arrays). */
const badJson: Array<[string, unknown, Field]> = [
  ['name as a number', { ...validForm, name: 123 }, 'name'],
  ['name null', { ...validForm, name: null }, 'name'],
  ['name as an array', { ...validForm, name: ['Ada', 'Bob'] }, 'name'],
  ['phone as a number', { ...validForm, phone: 447911123456 }, 'phone'],
  ['phone as an object', { ...validForm, phone: { number: '07911 123456' } }, 'phone'],
  ['email as a boolean', { ...validForm, email: true }, 'email'],
  ['country as an object', { ...validForm, country: {} }, 'country'],
  ['a JSON array body', [validForm], 'name'],
  ['an empty object', {}, 'phone'],
];

describe('contact form validation (VIS-2): bad input → 422 naming the field, nothing stored', () => {
  for (const [label, overrides, field] of badForms) {
    test(`form post: ${label} → 422 on ${field}`, async () => {
      const { app, deps } = await makeTestApp();
      const project = await visitorProject(deps.db);
      const res = await startChatJson(app, project.slug, form(overrides));
      expect(res.status).toBe(422);
      const body = (await res.json()) as { errors: Record<string, string> };
      expect(body.errors[field]).toBeString();
      expect(res.headers.get('Set-Cookie')).toBeNull();
      expect(await countRows(deps.db)).toEqual({ visitors: 0, conversations: 0, attributions: 0 });
    });
  }

  for (const [label, payload, field] of badJson) {
    test(`JSON: ${label} → 422 on ${field}`, async () => {
      const { app, deps } = await makeTestApp();
      const project = await visitorProject(deps.db);
      const res = await app.request(`/p/${project.slug}/chat`, {
        method: 'POST',
        headers: { Origin: ORIGIN, Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify(payload),
      });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { errors: Record<string, string> };
      expect(body.errors[field]).toBeString();
      expect(await countRows(deps.db)).toEqual({ visitors: 0, conversations: 0, attributions: 0 });
    });
  }

  test('repeated form keys (arrays) and malformed JSON are refused too', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const repeated = await app.request(`/p/${project.slug}/chat`, {
      method: 'POST',
      headers: {
        Origin: ORIGIN,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'name=Ada&name=Bob&country=GB&phone=07911123456',
    });
    expect(repeated.status).toBe(422);
    expect(((await repeated.json()) as { errors: Record<string, string> }).errors.name).toBeString();
    const malformed = await app.request(`/p/${project.slug}/chat`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{"name": "Ada",',
    });
    expect(malformed.status).toBe(422);
    expect(await countRows(deps.db)).toEqual({ visitors: 0, conversations: 0, attributions: 0 });
  });

  test('without script, the page comes back as 422 with each message beside its field', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const res = await postForm(app, `/p/${project.slug}/chat`, form({ name: '', phone: '12', email: 'x@' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(
      '<p class="vp-field-error" id="name-error" aria-live="polite">Please enter your name.</p>',
    );
    expect(html).toContain(
      'id="phone-error" aria-live="polite">This number is not valid for the chosen country.</p>',
    );
    expect(html).toContain('id="email-error" aria-live="polite">Please enter a valid email address');
    expect(html).toMatch(/id="contact-name"[^>]*aria-invalid="true"/);
    // What the visitor typed is kept (escaped), so they only fix what is wrong.
    expect(html).toContain('value="x@"');
    expect(await countRows(deps.db)).toEqual({ visitors: 0, conversations: 0, attributions: 0 });
  });

  test('a cross-site post is refused before validation', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const res = await startChatJson(app, project.slug, validForm, { Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await countRows(deps.db)).toEqual({ visitors: 0, conversations: 0, attributions: 0 });
  });
});

describe('phone numbers as visitors paste them (VIS-2)', () => {
  // Copied from a contacts app, WhatsApp or a web page: direction marks, no-break spaces, dashes,
  // full-width digits, the 00 international prefix. The country selector may say anything.
  const pasted: Array<[string, string, string]> = [
    ['+91 with the selector on the United States', 'US', '+91 98765 43210'],
    ['+91 with no country chosen', '', '+91 98765 43210'],
    ['+91 wrapped in direction marks (Android contacts)', 'US', '\u202a+91 98765 43210\u202c'],
    ['+91 with no-break and thin spaces', 'GB', '+91\u00a098765\u2009432\u202f10'],
    ['+91 with en dashes', 'US', '+91 98765–43210'],
    ['full-width +91', 'US', '＋９１ ９８７６５ ４３２１０'],
    ['00 91 from a country that dials 00', 'GB', '0091 98765 43210'],
    ['00 91 with the selector on the United States', 'US', '0091 98765 43210'],
  ];
  for (const [label, country, phone] of pasted) {
    test(`${label} → stored as +919876543210`, async () => {
      const { app, deps } = await makeTestApp();
      const project = await visitorProject(deps.db);
      const res = await startChatJson(app, project.slug, { ...validForm, country, phone });
      expect(res.status).toBe(201);
      const conversation = await deps.db
        .selectFrom('conversations')
        .select('visitor_phone')
        .executeTakeFirstOrThrow();
      expect(conversation.visitor_phone).toBe('+919876543210');
    });
  }
});
