import { describe, expect, test } from 'bun:test';
import { phoneKeyRange, phoneQueryDigits, phoneSearchKey } from '../../../src/conversations/phone-search.ts';

describe('phone search keys (AGENT-2, ADR 0038)', () => {
  test('a stored number keeps its digits reversed; no digits, no key', () => {
    expect(phoneSearchKey('+12015550102')).toBe('20105551021');
    expect(phoneSearchKey(null)).toBeNull();
    expect(phoneSearchKey('n/a')).toBeNull();
  });

  test('queries are normalised like stored numbers, or are not phone searches', () => {
    expect(phoneQueryDigits('+1 201-555-0102')).toBe('12015550102');
    expect(phoneQueryDigits('+44 (0)7911 123456')).toBe('447911123456');
    expect(phoneQueryDigits('07911 123456')).toBe('7911123456');
    expect(phoneQueryDigits('0044 7911 123456')).toBe('447911123456');
    expect(phoneQueryDigits('0102')).toBe('0102'); // a short tail keeps its zero
    expect(phoneQueryDigits('555')).toBe('555');
    expect(phoneQueryDigits('55')).toBeUndefined();
    expect(phoneQueryDigits('Asha 555')).toBeUndefined();
  });

  test('the key range of a suffix is bounded by digits only, carrying past 9s', () => {
    expect(phoneKeyRange('0102')).toEqual({ from: '2010', below: '2011' });
    expect(phoneKeyRange('919')).toEqual({ from: '919', below: '92' });
    expect(phoneKeyRange('99')).toEqual({ from: '99', below: undefined });
  });
});
