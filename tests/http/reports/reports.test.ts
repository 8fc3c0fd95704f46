import { describe, expect, test } from 'bun:test';
import Papa from 'papaparse';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { rowIds, seedReports } from './report-seed.ts';

const get = (
  app: { request: (p: string, i?: RequestInit) => Response | Promise<Response> },
  path: string,
  cookie: string,
  hx = false,
) => app.request(path, { headers: { Cookie: cookie, ...(hx ? { 'HX-Request': 'true' } : {}) } });

/** The body as bytes: Response.text() would drop the BOM Excel needs. */
async function parseCsv(res: Response) {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(text.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('Chat data report (REP-1)', async () => {
  const ctx = await seedReports();
  const { app, admin, ann, alpha, beta } = ctx;
  const { asha, bela, chen, dara, emre } = ctx.chats;
  const ids = async (query: string) => {
    const res = await get(app, `/admin/reports/chat-data${query}`, admin.cookie, true);
    expect(res.status).toBe(200);
    return rowIds(await res.text());
  };

  test('newest chat first, every column, a PDF button per row and the total', async () => {
    const res = await get(app, '/admin/reports/chat-data', admin.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toBe('HX-Request');
    const html = await res.text();
    expect(rowIds(html)).toEqual([emre.id, dara.id, chen.id, bela.id, asha.id]);
    expect(html).toContain('<p class="muted" id="report-total">5 chats</p>');
    for (const header of [
      'Token',
      'Name',
      'Phone',
      'Email',
      'Project',
      'Status',
      'Agent',
      'Stage',
      'Updated',
    ])
      expect(html).toContain(`<th scope="col">${header}</th>`);
    expect(html).toContain('bela@example.test');
    // Updated is the last message, not the start.
    expect(html).toContain('25 Nov, 10:00');
    // The AI is its own agent, by name.
    expect(html).toMatch(new RegExp(`report-row-${chen.id}".*?<td data-label="Agent">AI</td>`, 's'));
    expect(html).toContain(`href="/admin/reports/chats/${bela.id}/transcript.pdf"`);
    expect(html).toContain('href="/admin/reports/chat-data/export"');
    expect(html).toContain('aria-current="page">Reports</a>');
  });

  test('each filter, and filters together, match the hand-computed rows', async () => {
    expect(await ids(`?agent=${ann.id}`)).toEqual([emre.id, asha.id]);
    expect(await ids(`?agent=${AI_AGENT_ID}`)).toEqual([chen.id]);
    expect(await ids(`?project=${beta.id}`)).toEqual([dara.id, chen.id]);
    expect(await ids('?status=closed')).toEqual([emre.id, bela.id]);
    expect(await ids('?stage=new')).toEqual([dara.id, asha.id]);
    expect(await ids('?from=2026-11-12&to=2026-11-15')).toEqual([dara.id, chen.id, bela.id]);
    expect(await ids('?to=2026-11-12')).toEqual([chen.id, bela.id, asha.id]);
    expect(await ids(`?project=${alpha.id}&from=2026-11-11&status=closed`)).toEqual([emre.id, bela.id]);
    expect(await ids(`?agent=${ann.id}&stage=converted`)).toEqual([]);
  });

  test('filters persist in the URL: the form is refilled and the export link carries them', async () => {
    const res = await get(
      app,
      `/admin/reports/chat-data?agent=${ann.id}&from=2026-11-01&status=closed`,
      admin.cookie,
    );
    const html = await res.text();
    expect(html).toContain(`<option value="${ann.id}" selected="">`);
    expect(html).toContain('value="2026-11-01"');
    expect(html).toContain('<option value="closed" selected="">');
    expect(html).toContain(
      `href="/admin/reports/chat-data/export?from=2026-11-01&amp;agent=${ann.id}&amp;status=closed"`,
    );
    expect(html).toContain('1 chat</p>');
  });

  test('the CSV export is exactly the current filter, Excel-safe', async () => {
    const res = await get(app, `/admin/reports/chat-data/export?agent=${ann.id}`, admin.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="chat-data-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = await parseCsv(res);
    expect(rows[0]).toEqual([
      'Token',
      'Name',
      'Phone',
      'Email',
      'Project',
      'Status',
      'Agent',
      'Stage',
      'Updated',
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual([emre.id, asha.id]);
    expect(rows[1]).toEqual([
      emre.id,
      'Emre',
      "'+919876500004",
      'emre@example.test',
      'Alpha',
      'closed',
      rows[1]?.[6] ?? '',
      'not_qualified',
      '2026-11-20T23:30:00.000Z',
    ]);
    expect(rows[1]?.[6]).toStartWith('agent ');
  });

  test('a bad filter is a 400 that names it; a reversed range is a 422 that says why', async () => {
    const bad = await get(app, '/admin/reports/chat-data?status=lost', admin.cookie, true);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('The filter &quot;status&quot; is not valid');
    const reversed = await get(
      app,
      '/admin/reports/chat-data?from=2026-11-20&to=2026-11-01',
      admin.cookie,
      true,
    );
    expect(reversed.status).toBe(422);
    const html = await reversed.text();
    expect(html).toContain('The start date (20 Nov 2026) is after the end date (1 Nov 2026)');
    expect(rowIds(html)).toEqual([]);
  });

  test('a tampered cursor starts from the newest page', async () => {
    expect(await ids('?after=not-a-cursor')).toEqual([emre.id, dara.id, chen.id, bela.id, asha.id]);
  });

  test('/admin/reports shows Chat data', async () => {
    const res = await get(app, '/admin/reports', admin.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Chat data</h1>');
    expect(rowIds(html).length).toBe(5);
  });
});

describe('User data and User analysis (REP-1)', async () => {
  const ctx = await seedReports();
  const { app, manager, ann } = ctx;
  const { asha, emre } = ctx.chats;

  test('User data: identity, project, source, referrer, UTM, first seen; same filters', async () => {
    const res = await get(app, `/manager/reports/user-data?agent=${ann.id}`, manager.cookie);
    const html = await res.text();
    expect(rowIds(html)).toEqual([emre.id, asha.id]);
    for (const text of ['google.com', 'https://www.google.com/', 'cpc', 'spring', '10 Nov, 09:00'])
      expect(html).toContain(text);
    const csv = await parseCsv(
      await get(app, `/manager/reports/user-data/export?agent=${ann.id}`, manager.cookie),
    );
    expect(csv[0]).toEqual([
      'Name',
      'Phone',
      'Email',
      'Project',
      'Source domain',
      'Referrer',
      'UTM source',
      'UTM medium',
      'UTM campaign',
      'First seen',
    ]);
    expect(csv[2]).toEqual([
      'Asha',
      "'+919876500004",
      'asha@example.test',
      'Alpha',
      'google.com',
      'https://www.google.com/',
      'google',
      'cpc',
      'spring',
      '2026-11-10T09:00:00.000Z',
    ]);
  });

  test('User analysis: device, OS, browser, language, geo, time on page, returning, UTM trail', async () => {
    const csv = await parseCsv(
      await get(app, '/manager/reports/user-analysis/export?stage=new', manager.cookie),
    );
    expect(csv.length).toBe(3);
    expect(csv[2]).toEqual([
      'Asha',
      'mobile',
      'Android 15',
      'Chrome 131',
      'hi-IN',
      '',
      'IN',
      'MH',
      'Mumbai',
      '42',
      '1',
      'google / cpc / spring',
    ]);
    const html = await (await get(app, '/manager/reports/user-analysis?stage=new', manager.cookie)).text();
    expect(html).toContain('<td data-label="Returning">Yes</td>');
    expect(html).not.toContain('transcript.pdf');
  });
});

describe('who sees and exports reports (ADMIN-7)', async () => {
  const ctx = await seedReports();
  const { app, qa, ann, manager } = ctx;

  test('QA reads every report in its own console, without export links or PDF buttons', async () => {
    const res = await get(app, '/qa/reports/chat-data', qa.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(rowIds(html).length).toBe(5);
    expect(html).not.toContain('/export');
    expect(html).not.toContain('transcript.pdf');
    expect(html).toContain('href="/qa/reports"');
  });

  test('an agent reads their own chats only, whatever the URL asks, with no export or PDF', async () => {
    const { asha, emre } = ctx.chats;
    const res = await get(app, `/agent/reports/chat-data?agent=${ctx.bob.id}`, ann.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(rowIds(html)).toEqual([emre.id, asha.id]);
    expect(html).not.toContain('name="agent"');
    expect(html).not.toContain('/export');
    expect(html).not.toContain('transcript.pdf');
    expect(html).not.toContain('CRM analytics');
    expect(html).toContain('href="/agent/reports"');
    const bob = await get(app, '/agent/reports/user-data', ctx.bob.cookie);
    expect(rowIds(await bob.text())).toEqual([ctx.chats.bela.id]);
    expect((await get(app, '/agent/reports/chat-data/export', ann.cookie)).status).toBe(404);
    expect((await get(app, '/agent/reports/chat-data', qa.cookie)).status).toBe(403);
  });

  test('QA and agents cannot export or download a transcript; agents see no one else’s reports', async () => {
    const chat = ctx.chats.bela.id;
    for (const path of [
      '/admin/reports/chat-data/export',
      '/manager/reports/user-data/export',
      `/manager/reports/chats/${chat}/transcript.pdf`,
    ]) {
      expect((await get(app, path, qa.cookie)).status).toBe(403);
      expect((await get(app, path, ann.cookie)).status).toBe(403);
    }
    expect((await get(app, '/qa/reports/chat-data/export', qa.cookie)).status).toBe(404);
    expect((await get(app, '/manager/reports/chat-data', ann.cookie)).status).toBe(403);
    expect((await get(app, `/manager/reports/chats/${chat}/transcript.pdf`, manager.cookie)).status).toBe(
      200,
    );
  });
});
