import { describe, expect, test } from 'bun:test';
import { createDuplicateIndex } from '../../../src/crm/lead-identity.ts';
import {
  checkColumnMapping,
  headerKey,
  suggestColumnMapping,
  validateImportRow,
} from '../../../src/crm/lead-import.ts';

describe('suggestColumnMapping', () => {
  test('matches synonyms whatever the case, spacing, accents, punctuation or a BOM', () => {
    expect(suggestColumnMapping(['\uFEFFFull Name', ' Phone Number ', 'E-mail', 'utm_campaign'])).toEqual({
      name: 0,
      phone: 1,
      email: 2,
      utmCampaign: 3,
    });
    expect(suggestColumnMapping(['NOMBRE', 'Teléfono', 'Correo electrónico'])).toEqual({
      name: 0,
      phone: 1,
      email: 2,
    });
    expect(suggestColumnMapping(['Mobile', 'WhatsApp'])).toEqual({ phone: 0 });
    expect(headerKey('\uFEFF  É-mail\u00a0')).toBe('email');
  });

  test('Facebook lead ads and Google Forms headers', () => {
    const facebook = [
      'id',
      'created_time',
      'ad_id',
      'ad_name',
      'campaign_name',
      'full_name',
      'phone_number',
      'email',
    ];
    expect(suggestColumnMapping(facebook)).toEqual({
      externalId: 0,
      submittedAt: 1,
      utmCampaign: 4,
      name: 5,
      phone: 6,
      email: 7,
    });
    expect(
      suggestColumnMapping(['Timestamp', 'Your name', 'WhatsApp number', 'Email Address', 'Your message']),
    ).toEqual({
      submittedAt: 0,
      name: 1,
      phone: 2,
      email: 3,
      note: 4,
    });
  });

  test('a header containing phone or email words maps only when no exact synonym did', () => {
    expect(suggestColumnMapping(['Customer mobile (WhatsApp)', 'Work email'])).toEqual({
      phone: 0,
      email: 1,
    });
    expect(suggestColumnMapping(['Phone', 'Alternate phone'])).toEqual({ phone: 0 });
    expect(suggestColumnMapping(['Campaign name', 'Ad name'])).toEqual({ utmCampaign: 0 });
  });

  test('first and last name are used only when there is no full-name column', () => {
    expect(suggestColumnMapping(['First Name', 'Last Name', 'Email'])).toEqual({
      firstName: 0,
      lastName: 1,
      email: 2,
    });
    expect(suggestColumnMapping(['Name', 'First Name', 'Email'])).toEqual({ name: 0, email: 2 });
  });
});

describe('checkColumnMapping', () => {
  test('names each field mapped outside the header and asks for phone or email', () => {
    expect(checkColumnMapping({ name: 0, phone: 1 }, 2)).toEqual([]);
    expect(checkColumnMapping({ name: 3, email: -1 }, 2)).toEqual([
      { field: 'name', reason: 'Name is mapped to a column the file does not have.' },
      { field: 'email', reason: 'Email is mapped to a column the file does not have.' },
    ]);
    expect(checkColumnMapping({ name: 0 }, 2)).toEqual([
      { field: 'phone', reason: 'Map a column to Phone or Email: a lead needs at least one.' },
    ]);
  });
});

describe('validateImportRow', () => {
  const mapping = { name: 0, phone: 1, email: 2 };
  const gb = { defaultCountry: 'GB' };

  test('normalises phone (E.164 + ISO country), email and spacing', () => {
    expect(
      validateImportRow(['  Ann   Lee ', '07400 123456', ' Ann@Example.COM '], mapping, gb),
    ).toMatchObject({
      ok: true,
      lead: { name: 'Ann Lee', phone: '+447400123456', phoneCountry: 'GB', email: 'ann@example.com' },
    });
  });

  test('the default country applies only to numbers without a +code; +1 still finds its country', () => {
    const canada = validateImportRow(['Ann', '+1 416 555 0123', ''], mapping, gb);
    expect(canada).toMatchObject({ ok: true, lead: { phone: '+14165550123', phoneCountry: 'CA' } });
    const us = validateImportRow(['Ann', '(212) 555-0123', ''], mapping, { defaultCountry: 'US' });
    expect(us).toMatchObject({ ok: true, lead: { phone: '+12125550123', phoneCountry: 'US' } });
    expect(validateImportRow(['Ann', '07400 123456', ''], mapping)).toEqual({
      ok: false,
      errors: [
        { field: 'phone', reason: 'This number has no +country code and the import has no default country.' },
      ],
    });
  });

  test('reports every failing field, each by name', () => {
    const result = validateImportRow(['', '12', 'not-an-email'], mapping, gb);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((error) => error.field)).toEqual(['phone', 'email']);
  });

  test('a lead needs a phone or an email; the name is optional', () => {
    expect(validateImportRow(['Ann', '', ''], mapping, gb)).toEqual({
      ok: false,
      errors: [
        { field: 'phone', reason: 'No phone number and no email address: a lead needs at least one.' },
      ],
    });
    expect(validateImportRow(['', '', 'a@example.com'], mapping, gb)).toMatchObject({
      ok: true,
      lead: { name: null },
    });
  });

  test('Facebook "p:" phones and scientific notation from spreadsheets', () => {
    expect(validateImportRow(['Ann', 'p:+447400123456', ''], mapping, gb)).toMatchObject({
      lead: { phone: '+447400123456' },
    });
    const excel = validateImportRow(['Ann', '4.474E+11', ''], mapping, gb);
    expect(!excel.ok && excel.errors[0]?.reason).toMatch(/turned this number into 4\.474E\+11/);
  });

  test('first and last name join when no name column is mapped', () => {
    const row = validateImportRow(
      ['Ann', 'Lee', 'ann@example.com'],
      { firstName: 0, lastName: 1, email: 2 },
      gb,
    );
    expect(row).toMatchObject({ ok: true, lead: { name: 'Ann Lee' } });
  });

  test('stages by key or label, dates in ISO or the chosen order, real calendar days only', () => {
    const m = { email: 0, stage: 1, followUpOn: 2 };
    const row = (stage: string, date: string, dateOrder?: 'dmy' | 'mdy') =>
      validateImportRow(['a@example.com', stage, date], m, { dateOrder });
    expect(row('Not Qualified', '05/04/2026')).toMatchObject({
      lead: { stage: 'not_qualified', followUpOn: '2026-04-05' },
    });
    expect(row('not_qualified', '05/04/2026', 'mdy')).toMatchObject({ lead: { followUpOn: '2026-05-04' } });
    expect(row('converted', '2028-02-29T10:00:00Z')).toMatchObject({
      lead: { stage: 'converted', followUpOn: '2028-02-29' },
    });
    expect(row('', '29.02.2027')).toMatchObject({ ok: false, errors: [{ field: 'followUpOn' }] });
    expect(row('', '12/25/2026')).toMatchObject({ ok: false, errors: [{ field: 'followUpOn' }] });
    expect(row('Hot', '')).toMatchObject({ ok: false, errors: [{ field: 'stage' }] });
  });

  test('notes keep their line breaks; single-line fields lose control characters; URLs must be web addresses', () => {
    const m = { email: 0, note: 1, utmSource: 2, pageUrl: 3 };
    const ok = validateImportRow(
      ['a@example.com', 'line 1\r\nline\u00072', 'face\u0000book', 'https://example.com/x'],
      m,
    );
    expect(ok).toMatchObject({
      lead: { note: 'line 1\nline 2', utmSource: 'facebook', pageUrl: 'https://example.com/x' },
    });
    const bad = validateImportRow(['a@example.com', '', '', 'javascript:alert(1)'], m);
    expect(bad).toMatchObject({ ok: false, errors: [{ field: 'pageUrl' }] });
  });

  test('an unmapped or missing cell is empty, never an error by itself', () => {
    expect(validateImportRow(['Ann'], { name: 0, phone: 1, email: 5 }, gb)).toMatchObject({
      ok: false,
      errors: [{ field: 'phone', reason: expect.stringMatching(/no phone number and no email/i) }],
    });
  });
});

describe('the in-file duplicate rule', () => {
  test('same E.164 phone or same lower-cased email as an earlier row; the first row stays the reference', () => {
    const index = createDuplicateIndex();
    index.remember({ phone: '+447400123456', email: 'ann@example.com' }, 2);
    index.remember({ phone: '+447400123456', email: 'later@example.com' }, 9);
    expect(index.firstRowOf({ phone: '+447400123456', email: null })).toEqual({ rowNumber: 2, by: 'phone' });
    expect(index.firstRowOf({ phone: '+15550000000', email: 'ann@example.com' })).toEqual({
      rowNumber: 2,
      by: 'email',
    });
    expect(index.firstRowOf({ phone: '+15550000000', email: 'later@example.com' })).toEqual({
      rowNumber: 9,
      by: 'email',
    });
    expect(index.firstRowOf({ phone: '+447400123457', email: null })).toBeUndefined();
    // Numbers as long as E.164 allows stay distinct.
    index.remember({ phone: '+999999999999998', email: null }, 20);
    expect(index.firstRowOf({ phone: '+999999999999999', email: null })).toBeUndefined();
  });
});
