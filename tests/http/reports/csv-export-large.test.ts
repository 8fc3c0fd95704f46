import { expect, test } from 'bun:test';
import Papa from 'papaparse';
import { makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, makeTestApp } from '../../support/make-app.ts';

const ROWS = 100_000;

/**
 * REP-2: a 100,000-row export of the current filter streams in chunks and parses back (papaparse)
 * to exactly the rows written; awkward cells (commas, quotes, newlines, non-Latin text, formula
 * starts) round-trip, the formula ones with their leading apostrophe.
 */
test('a 100,000-row Chat data export streams in chunks and parses back to the same rows', async () => {
  const { app, deps } = await makeTestApp();
  const admin = await createStaff(deps, 'admin');
  const project = await makeProject(deps.db, { title: 'Big, "quoted" project' });
  const other = await makeProject(deps.db, { title: 'Filtered out' });
  const visitor = await makeVisitor(deps.db, { project_id: project.id });
  const awkward = [
    'Ana, "the boss"',
    'two\r\nlines',
    'राहुल 你好 مرحبا 🙂',
    '=HYPERLINK("x")',
    '@SUM(A1)',
    'plain',
  ];
  const names = (i: number) => awkward[i % awkward.length] ?? '';
  const at = (i: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 60_000).toISOString();
  const ids: string[] = [];
  for (let start = 0; start < ROWS + 100; start += 1000) {
    const batch = [];
    for (let i = start; i < Math.min(start + 1000, ROWS + 100); i++) {
      const id = deps.ids.next();
      const mine = i < ROWS;
      if (mine) ids.push(id);
      batch.push({
        id,
        project_id: mine ? project.id : other.id,
        visitor_id: visitor.id,
        status: i % 3 === 0 ? 'closed' : 'active',
        visitor_name: names(i),
        visitor_phone: '+15550100',
        last_message_at: at(i),
        created_at: at(i),
        updated_at: at(i),
      });
    }
    await deps.db.insertInto('conversations').values(batch).execute();
  }

  const res = await app.request(`/admin/reports/chat-data/export?project=${project.id}`, {
    headers: { Cookie: admin.cookie },
  });
  expect(res.status).toBe(200);
  const reader = res.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    text += decoder.decode(value, { stream: true });
  }
  expect(chunks).toBeGreaterThan(ROWS / 1000);
  expect(text.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const [header, ...rows] = parsed.data;
  expect(header?.[0]).toBe('Token');
  expect(rows.length).toBe(ROWS);
  // Newest first: the reverse of the insertion order (start times ascend with i).
  expect(rows.map((r) => r[0])).toEqual([...ids].reverse());
  const escaped = (name: string) => (/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);
  for (let k = 0; k < ROWS; k += 997) {
    const i = ROWS - 1 - k;
    const row = rows[k] ?? [];
    expect([row[1], row[4], row[5], row[8]]).toEqual([
      escaped(names(i)),
      'Big, "quoted" project',
      i % 3 === 0 ? 'closed' : 'active',
      at(i),
    ]);
  }
}, 120_000);
