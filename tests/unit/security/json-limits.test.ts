import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { parseBoundedJson } from '../../../src/security/json-limits.ts';

const limits = { maxDepth: 8, maxFields: 200 };

describe('bounded JSON (SEC-8)', () => {
  test('ordinary messages parse', () => {
    expect(parseBoundedJson('{"type":"message.send","body":"hi [{\\"x\\":1}]","n":[1,2,3]}', limits)).toEqual(
      {
        ok: true,
        value: { type: 'message.send', body: 'hi [{"x":1}]', n: [1, 2, 3] },
      },
    );
  });

  test('brackets inside strings do not count as depth', () => {
    expect(parseBoundedJson(JSON.stringify({ body: '['.repeat(1000) }), limits).ok).toBe(true);
  });

  test('a nesting bomb is refused without parsing', () => {
    expect(parseBoundedJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, limits)).toEqual({
      ok: false,
      code: 'json.too_deep',
    });
    expect(parseBoundedJson('[[[[[[[[[1]]]]]]]]]', limits)).toEqual({ ok: false, code: 'json.too_deep' });
    expect(parseBoundedJson('[[[[[[[[1]]]]]]]]', limits).ok).toBe(true);
  });

  test('too many fields or items are refused', () => {
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])));
    expect(parseBoundedJson(wide, limits)).toEqual({ ok: false, code: 'json.too_many_fields' });
    expect(parseBoundedJson(JSON.stringify(Array.from({ length: 1000 }, () => 0)), limits).ok).toBe(false);
  });

  test('any generated text: a result, never a throw; valid shallow JSON round-trips', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 })), (text) => {
        const result = parseBoundedJson(text, limits);
        if (result.ok) expect(result.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 3000 },
    );
  });
});
