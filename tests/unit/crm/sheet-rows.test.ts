import { describe, expect, test } from 'bun:test';
import { newSheetRows, sheetRowIdentity } from '../../../src/crm/sheet-rows.ts';

const header = ['Timestamp', 'Name', 'Phone', 'Email', 'Notes'];
const mapping = { submittedAt: 0, name: 1, phone: 2, email: 3, note: 4 };
const gb = { defaultCountry: 'GB' };
const ann = ['2026-11-20 10:15:03', 'Ann', '07400 123456', 'ann@example.com', ''];
const ben = ['2026-11-20 10:16:40', 'Ben', '+447400123457', '', 'call after 5'];
const cat = ['2026-11-20 10:20:00', 'Cat', '', 'cat@example.com', ''];

const identities = (rows: string[][], seen = new Set<string>()) =>
  newSheetRows(rows, mapping, seen, gb).map((row) => row.identity);

describe('sheet row identity', () => {
  test('is the same whatever the phone formatting, email case or cells outside phone/email/timestamp', () => {
    const same = sheetRowIdentity(ann, mapping, gb);
    expect(
      sheetRowIdentity(
        ['2026-11-20 10:15:03', 'Ann Lee', '+44 7400 123456', 'ANN@example.com ', 'x'],
        mapping,
        gb,
      ),
    ).toBe(same);
    expect(same).toMatch(/^[0-9a-f]{32}$/);
  });

  test('changes when the phone, the email or the timestamp changes', () => {
    const base = sheetRowIdentity(ann, mapping, gb);
    expect(sheetRowIdentity(ann.with(2, '07400 999999'), mapping, gb)).not.toBe(base);
    expect(sheetRowIdentity(ann.with(3, 'ann@other.example'), mapping, gb)).not.toBe(base);
    expect(sheetRowIdentity(ann.with(0, '2026-11-21 09:00:00'), mapping, gb)).not.toBe(base);
  });

  test('without a timestamp column, one person is one row', () => {
    const noTimestamp = { name: 1, phone: 2, email: 3 };
    const first = sheetRowIdentity(ann, noTimestamp, gb);
    expect(sheetRowIdentity(ann.with(0, '2026-12-01 08:00:00'), noTimestamp, gb)).toBe(first);
  });

  test('a row with no phone, email or timestamp is told apart by all its cells; a blank row has none', () => {
    const nameOnly = ['', 'Dan', '', '', 'no contact'];
    expect(sheetRowIdentity(nameOnly, mapping, gb)).toMatch(/^[0-9a-f]{32}$/);
    expect(sheetRowIdentity(nameOnly.with(1, 'Dana'), mapping, gb)).not.toBe(
      sheetRowIdentity(nameOnly, mapping, gb),
    );
    expect(sheetRowIdentity(['', ' ', '', '', ''], mapping, gb)).toBeUndefined();
  });

  test('an invalid phone keeps its typed form, so fixing it makes a new row', () => {
    const typo = sheetRowIdentity(ann.with(2, '07400 12345'), mapping, gb);
    expect(typo).not.toBe(sheetRowIdentity(ann, mapping, gb));
    expect(sheetRowIdentity(ann.with(2, '0740012345'), mapping, gb)).toBe(typo);
  });
});

describe('newSheetRows', () => {
  test('first read: every data row, numbered as in the sheet, the header and blank rows skipped', () => {
    const rows = newSheetRows([header, ann, ['', '', '', '', ''], ben], mapping, new Set(), {
      ...gb,
      firstRowNumber: 1,
    });
    expect(rows.map((row) => [row.rowNumber, row.cells[1]])).toEqual([
      [2, 'Ann'],
      [4, 'Ben'],
    ]);
  });

  test('rows inserted above, a re-sort and an edit to the notes bring nothing twice', () => {
    const seen = new Set(identities([header, ann, ben]));
    expect(identities([header, cat, ann, ben], seen)).toEqual(identities([header, cat]));
    expect(identities([header, ben, ann], seen)).toEqual([]);
    expect(identities([header, ann.with(4, 'called, interested'), ben.with(1, 'Benjamin')], seen)).toEqual(
      [],
    );
  });

  test('an edited phone is a new row; the same row twice in one read comes back once', () => {
    const seen = new Set(identities([header, ann]));
    const edited = ann.with(2, '07400 999999');
    expect(newSheetRows([header, edited, edited], mapping, seen, gb).map((row) => row.rowNumber)).toEqual([
      2,
    ]);
  });

  test('row numbers follow the range start', () => {
    const rows = newSheetRows([header, ann], mapping, new Set(), { ...gb, firstRowNumber: 5 });
    expect(rows[0]?.rowNumber).toBe(6);
  });
});
