import { describe, expect, test } from 'bun:test';
import { formatScore, meanOf, pickCriteria, type Rubric, scoreOf } from '../../../src/qa/scorecard.ts';

const v1: Rubric = {
  version: 1,
  criteria: [
    { key: 'c1', label: 'Tone', weight: 1 },
    { key: 'c2', label: 'Correct answer', weight: 3 },
  ],
};

describe('rubric math (QA-3)', () => {
  test('the total is the mean of the marks weighted by the criteria, in hundredths', () => {
    // (1×5 + 3×2) / 4 = 2.75
    expect(scoreOf(v1, { c1: 5, c2: 2 })).toEqual({ ok: true, value: 275 });
    expect(scoreOf(v1, { c1: 5, c2: 5 })).toEqual({ ok: true, value: 500 });
    expect(scoreOf(v1, { c1: 1, c2: 1 })).toEqual({ ok: true, value: 100 });
    // (1×4 + 3×5) / 4 = 4.75 and the unweighted mean would be 4.5: the weight counts.
    expect(scoreOf(v1, { c1: 4, c2: 5 })).toEqual({ ok: true, value: 475 });
  });

  test('rounds to hundredths: thirds come out as .33 / .67', () => {
    const thirds: Rubric = {
      version: 2,
      criteria: [
        { key: 'c1', label: 'a', weight: 1 },
        { key: 'c2', label: 'b', weight: 1 },
        { key: 'c3', label: 'c', weight: 1 },
      ],
    };
    expect(scoreOf(thirds, { c1: 4, c2: 4, c3: 5 })).toEqual({ ok: true, value: 433 });
    expect(scoreOf(thirds, { c1: 5, c2: 5, c3: 4 })).toEqual({ ok: true, value: 467 });
    expect(formatScore(433)).toBe('4.33');
  });

  test('the same marks mean different totals under different versions', () => {
    const v2: Rubric = {
      version: 2,
      criteria: [
        { key: 'c1', label: 'Tone', weight: 3 },
        { key: 'c2', label: 'Correct answer', weight: 1 },
      ],
    };
    const marks = { c1: 5, c2: 2 };
    expect(scoreOf(v1, marks)).toEqual({ ok: true, value: 275 });
    expect(scoreOf(v2, marks)).toEqual({ ok: true, value: 425 });
  });

  test('every criterion needs a mark from 1 to 5, and only the rubric’s criteria', () => {
    expect(scoreOf(v1, { c1: 5 })).toEqual({ ok: false, code: 'missing_mark' });
    expect(scoreOf(v1, { c1: 0, c2: 3 })).toEqual({ ok: false, code: 'bad_mark' });
    expect(scoreOf(v1, { c1: 6, c2: 3 })).toEqual({ ok: false, code: 'bad_mark' });
    expect(scoreOf(v1, { c1: 2.5, c2: 3 })).toEqual({ ok: false, code: 'bad_mark' });
    expect(scoreOf(v1, { c1: 3, c2: 3, c9: 3 })).toEqual({ ok: false, code: 'bad_mark' });
  });

  test('a mean of totals, rounded; none for no scores', () => {
    expect(meanOf([275, 500, 433])).toBe(403);
    expect(meanOf([])).toBeUndefined();
  });
});

describe('rubric editing (QA-3)', () => {
  test('blank rows are dropped and keys follow the order shown', () => {
    const picked = pickCriteria([
      { label: ' Tone ', weight: '1' },
      { label: '', weight: '' },
      { label: 'Answer', weight: '3' },
    ]);
    expect(picked).toEqual({
      ok: true,
      value: [
        { key: 'c1', label: 'Tone', weight: 1 },
        { key: 'c2', label: 'Answer', weight: 3 },
      ],
    });
  });

  test('refuses no criteria, duplicate names, bad weights and names without weights', () => {
    expect(pickCriteria([{ label: '', weight: '' }])).toEqual({ ok: false, code: 'no_criteria' });
    expect(
      pickCriteria([
        { label: 'Tone', weight: '1' },
        { label: 'tone', weight: '2' },
      ]),
    ).toEqual({ ok: false, code: 'duplicate_label' });
    for (const weight of ['0', '101', '1.5', '-2', 'x', '']) {
      expect(pickCriteria([{ label: 'Tone', weight }])).toEqual({ ok: false, code: 'bad_weight' });
    }
    expect(pickCriteria([{ label: '', weight: '2' }])).toEqual({ ok: false, code: 'label_too_long' });
    const many = Array.from({ length: 13 }, (_, i) => ({ label: `c${i}`, weight: '1' }));
    expect(pickCriteria(many)).toEqual({ ok: false, code: 'too_many' });
  });
});
