import { describe, expect, test } from 'bun:test';
import {
  buildFbc,
  gaClientIdFromCookie,
  gaSessionIdFromCookie,
  hashContact,
  normaliseEmail,
  normalisePhone,
  parseFbcCookie,
  pseudoGaClientId,
  sha256Hex,
} from '../../../src/tracking/identity.ts';

// Vectors computed independently (Python hashlib) from the normalised strings.
const SHA = {
  'test@example.com': '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b',
  '14155552671': '758fbf68945f21c416814c539ab578876c8d98fb69e6da692def92cd52417fe0',
  '919876543210': '92b5072176e723878b5e06ff3ca61898e4eb74e8c46642a0f2db800b17364ab0',
  '447911123456': '40b5c38342a9c584ec707e8679b003f8c779c6aaa138c976ef94e049cc05208f',
};

describe('hashing', () => {
  test('sha256 is lower-case hex of the UTF-8 text (known vectors)', () => {
    for (const [text, hash] of Object.entries(SHA)) expect(sha256Hex(text)).toBe(hash);
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  test('contact data is normalised before hashing, so every spelling of one address hashes alike', () => {
    const hashes = hashContact('  Test@Example.COM\t', '+1 (415) 555-2671', null);
    expect(hashes).toEqual({ email: SHA['test@example.com'], phone: SHA['14155552671'] });
  });

  test('missing or unusable contact data gives null hashes, never the hash of an empty string', () => {
    expect(hashContact(null, null, null)).toEqual({ email: null, phone: null });
    expect(hashContact('   ', 'not a phone', 'GB')).toEqual({ email: null, phone: null });
  });
});

describe('email normalisation (Meta: trimmed, lower-cased)', () => {
  test('trims and lower-cases', () => {
    expect(normaliseEmail('  Jane.Doe+Ads@Example.CO.UK ')).toBe('jane.doe+ads@example.co.uk');
  });

  test('refuses what is not an address', () => {
    for (const raw of ['', 'jane', 'jane@', '@example.com', 'jane doe@example.com', 'jane@localhost']) {
      expect(normaliseEmail(raw)).toBeNull();
    }
  });
});

describe('phone normalisation (Meta: digits with country code, no +, no leading zeros)', () => {
  test('an E.164 number loses only its +', () => {
    expect(normalisePhone('+919876543210')).toBe('919876543210');
    expect(normalisePhone('+14155552671')).toBe('14155552671');
    expect(normalisePhone('+447911123456')).toBe('447911123456');
  });

  test('formatting is dropped: spaces, dashes, brackets', () => {
    expect(normalisePhone('+91 98765-43210')).toBe('919876543210');
    expect(normalisePhone('+1 (415) 555-2671')).toBe('14155552671');
  });

  test('a national number takes the country given, and its trunk 0 goes', () => {
    expect(normalisePhone('098765 43210', 'IN')).toBe('919876543210');
    expect(normalisePhone('07911 123456', 'GB')).toBe('447911123456');
    expect(normalisePhone('(415) 555-2671', 'US')).toBe('14155552671');
  });

  test('a trunk 0 written after the country code goes too (+44 (0)7911…)', () => {
    expect(normalisePhone('+44 07911 123456')).toBe('447911123456');
  });

  test('an international 00 prefix is not kept as leading zeros', () => {
    expect(normalisePhone('00447911123456')).toBe('447911123456');
    expect(normalisePhone('0044 7911 123456', 'GB')).toBe('447911123456');
    expect(normalisePhone('0091 98765 43210')).toBe('919876543210');
  });

  test('bare digits with their country code pass as they are', () => {
    expect(normalisePhone('447911123456')).toBe('447911123456');
  });

  test('a number that cannot be parsed as valid is not sent', () => {
    expect(normalisePhone('07911 123456')).toBeNull(); // national, no country
    expect(normalisePhone('+1 415 555 267')).toBeNull(); // too short for the US
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('call me')).toBeNull();
    expect(normalisePhone('')).toBeNull();
    expect(normalisePhone(null)).toBeNull();
  });
});

describe('Meta click id (fbc)', () => {
  test('is fb.1.<ms of first capture>.<fbclid>', () => {
    expect(buildFbc('IwAR2abc', 1_763_630_100_000)).toBe('fb.1.1763630100000.IwAR2abc');
  });

  test('keeps the fbclid exactly: case, dashes, underscores, and no re-encoding of %', () => {
    const fbclid = 'IwAR2F4-xbQ_mYcA%2BZz';
    expect(buildFbc(fbclid, 1_700_000_000_000)).toBe(`fb.1.1700000000000.${fbclid}`);
  });

  test('refuses an empty or non-printable fbclid, and a bad time', () => {
    expect(buildFbc('', 1_700_000_000_000)).toBeNull();
    expect(buildFbc('has space', 1_700_000_000_000)).toBeNull();
    expect(buildFbc('IwAR', Number.NaN)).toBeNull();
    expect(buildFbc('IwAR', 0)).toBeNull();
  });

  test('a _fbc cookie is taken apart, the fbclid unchanged', () => {
    expect(parseFbcCookie('fb.1.1700000000000.IwAR2F4-xbQ_mYcA')).toEqual({
      subdomainIndex: 1,
      createdAtMs: 1_700_000_000_000,
      fbclid: 'IwAR2F4-xbQ_mYcA',
    });
    expect(parseFbcCookie('fb.2.1700000000000.AbC.dEf')?.fbclid).toBe('AbC.dEf');
  });

  test('anything not in Meta’s shape is no fbc', () => {
    for (const value of [
      '',
      'fb.1.abc.IwAR',
      'fb.3.1700000000000.IwAR',
      'fb.1.1700000000000.',
      'IwAR',
      null,
    ]) {
      expect(parseFbcCookie(value)).toBeNull();
    }
  });
});

describe('GA4 client and session ids from first-party cookies', () => {
  test('_ga GA1.1.<random>.<seconds> gives <random>.<seconds>', () => {
    expect(gaClientIdFromCookie('GA1.1.1234567890.1700000000')).toBe('1234567890.1700000000');
  });

  test('other domain depths and cookie versions keep the same tail', () => {
    expect(gaClientIdFromCookie('GA1.2.987654321.1690000000')).toBe('987654321.1690000000');
    expect(gaClientIdFromCookie('GA2.1.1234567890.1700000000')).toBe('1234567890.1700000000');
    expect(gaClientIdFromCookie(' 1234567890.1700000000 ')).toBe('1234567890.1700000000');
  });

  test('session cookies and junk are not client ids', () => {
    for (const value of [
      'GS1.1.1700000000.3.1.1700000100.0.0.0',
      'GS2.1.s1700000000$o3$g1$t1700000100',
      'GA1.1.abc.1700000000',
      'GA1.1.123',
      '',
      null,
    ]) {
      expect(gaClientIdFromCookie(value)).toBeNull();
    }
  });

  test('the session id comes from _ga_<stream> in the GS1 and GS2 forms', () => {
    expect(gaSessionIdFromCookie('GS1.1.1700000000.3.1.1700000100.0.0.0')).toBe('1700000000');
    expect(gaSessionIdFromCookie('GS2.1.s1700000000$o3$g1$t1700000100$j0$l0$h0')).toBe('1700000000');
    expect(gaSessionIdFromCookie('GA1.1.1234567890.1700000000')).toBeNull();
    expect(gaSessionIdFromCookie(null)).toBeNull();
  });

  test('a lead without _ga gets a stable pseudo client id in GA’s shape, distinct per lead', () => {
    const id = pseudoGaClientId('01JDX7Q0M3B8Z9K4W2R6T5Y1HN');
    expect(id).toMatch(/^\d{1,10}\.\d{1,10}$/);
    expect(pseudoGaClientId('01JDX7Q0M3B8Z9K4W2R6T5Y1HN')).toBe(id);
    expect(pseudoGaClientId('01JDX7Q0M3B8Z9K4W2R6T5Y1HP')).not.toBe(id);
  });
});
