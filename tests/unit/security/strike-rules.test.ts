import { expect, test } from 'bun:test';
import { strikeRules } from '../../../src/security/strikes.service.ts';

test('every strike block outlasts its counting window (recordStrike never resets the count)', () => {
  for (const [rule, { windowMs, blockMs }] of Object.entries(strikeRules)) {
    expect({ rule, outlasts: blockMs >= windowMs }).toEqual({ rule, outlasts: true });
  }
});
