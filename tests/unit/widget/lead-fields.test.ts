import { describe, expect, test } from 'bun:test';
import { Window } from 'happy-dom';
import { leadFieldsOf } from '../../../widget/lead-fields.ts';

/** The lead-form.js field rules (WID-6, README "Embedding") on real forms in a happy-dom document. */
function formOf(html: string): HTMLFormElement {
  const window = new Window();
  window.document.body.innerHTML = html;
  return window.document.querySelector('form') as unknown as HTMLFormElement;
}

describe('lead-form.js field matching (WID-6)', () => {
  test('type, then autocomplete, then name or id decide; parts of a name are joined in form order', () => {
    expect(
      leadFieldsOf(
        formOf(`<form>
          <input name="x1" type="email" value=" ada@example.com ">
          <input name="x2" type="tel" value="+44 7911 123456">
          <input name="given" autocomplete="given-name" value="Ada">
          <input name="family" autocomplete="section-a family-name" value="Lovelace">
        </form>`),
      ),
    ).toEqual({ name: 'Ada Lovelace', phone: '+44 7911 123456', email: 'ada@example.com' });
    expect(
      leadFieldsOf(
        formOf(`<form>
          <input name="your-name" value="Grace Hopper"><input id="phone_number" value="2015550123">
          <input name="e-mail" value="grace@example.com"><input name="company_name" value="Navy">
          <input name="username" value="ghopper"><textarea name="message">Hi</textarea>
        </form>`),
      ),
    ).toEqual({ name: 'Grace Hopper', phone: '2015550123', email: 'grace@example.com' });
    expect(
      leadFieldsOf(
        formOf('<form><input name="billing_email" value="a@b.co"><input name="mobile" value="0712"></form>'),
      ),
    ).toEqual({ email: 'a@b.co', phone: '0712' });
  });

  test('forms without contact fields, with a password, or marked data-cp-ignore give nothing', () => {
    expect(
      leadFieldsOf(formOf('<form role="search"><input type="search" name="q" value="solar"></form>')),
    ).toBeUndefined();
    expect(
      leadFieldsOf(
        formOf(
          '<form><input type="email" name="email" value="a@b.co"><input type="password" name="p" value="x"></form>',
        ),
      ),
    ).toBeUndefined();
    expect(
      leadFieldsOf(formOf('<form data-cp-ignore><input type="email" name="email" value="a@b.co"></form>')),
    ).toBeUndefined();
    // Empty, hidden and disabled fields do not count.
    expect(
      leadFieldsOf(
        formOf(
          '<form><input type="email" name="email" value=""><input type="hidden" name="name" value="bot"><input name="phone" value="1" disabled></form>',
        ),
      ),
    ).toBeUndefined();
  });

  test('values are trimmed and cut to what the CRM stores', () => {
    const long = 'a'.repeat(300);
    const fields = leadFieldsOf(
      formOf(`<form><input name="name" value="${long}"><input type="email" value="${long}@x.co"></form>`),
    );
    expect(fields?.name).toHaveLength(120);
    expect(fields?.email).toHaveLength(254);
  });
});
