import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { TRANSCRIPT_PAGE } from '../../../src/reports/transcript.service.ts';
import { makeConversation, makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, makeTestApp } from '../../support/make-app.ts';
import { insertTouch } from './report-seed.ts';

const dir = mkdtempSync(join(tmpdir(), 'transcript-route-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdftotext(bytes: Uint8Array, name: string, args: string[] = []): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const result = Bun.spawnSync(['pdftotext', '-enc', 'UTF-8', ...args, file, '-'], { stdout: 'pipe' });
  expect(result.exitCode).toBe(0);
  return result.stdout.toString();
}

const COUNT = TRANSCRIPT_PAGE + 20;

async function seedChat() {
  const ctx = await makeTestApp({ env: { PUBLIC_URL: 'https://chat.example.test' } });
  const { deps } = ctx;
  const manager = await createStaff(deps, 'manager');
  const agent = await createStaff(deps, 'agent');
  const other = await createStaff(deps, 'agent');
  await deps.db
    .updateTable('users')
    .set({ display_name: 'Priya Sharma' })
    .where('id', '=', agent.id)
    .execute();
  await deps.db
    .updateTable('users')
    .set({ display_name: 'Omar Haddad' })
    .where('id', '=', other.id)
    .execute();
  const project = await makeProject(deps.db, { title: 'Monsoon Sale' });
  const visitor = await makeVisitor(deps.db, { project_id: project.id, name: 'राहुल वर्मा' });
  const touch = deps.ids.next();
  await insertTouch(deps.db, {
    id: touch,
    visitor_id: visitor.id,
    utm_source: 'facebook',
    utm_medium: 'paid',
    utm_campaign: 'diwali-2026',
    device_type: 'mobile',
    os_name: 'Android',
    os_version: '15',
  });
  const chat = await makeConversation(deps.db, {
    project_id: project.id,
    visitor_id: visitor.id,
    attribution_id: touch,
    status: 'active',
    assignee_id: agent.id,
    lead_stage: 'qualified',
    visitor_name: 'राहुल वर्मा',
    visitor_phone: '+919876543210',
    visitor_email: 'rahul@example.test',
    created_at: '2026-11-23T04:30:00.000Z',
  });
  // A second chat of another agent: its header must not leak into the first one's.
  await makeConversation(deps.db, {
    project_id: project.id,
    assignee_id: other.id,
    visitor_name: 'Someone Else',
  });
  const attachment = deps.ids.next();
  await deps.db
    .insertInto('attachments')
    .values({
      id: attachment,
      conversation_id: chat.id,
      uploader_kind: 'visitor',
      storage_key: 'k',
      content_type: 'image/png',
      byte_size: 10,
      sha256: 'x',
      original_name: 'receipt.png',
      created_at: '2026-11-23T04:31:00.000Z',
    })
    .execute();
  const bodies: Record<number, string> = {
    1: 'नमस्ते, मुझे हिंदी में मदद चाहिए',
    2: 'مرحبا، أريد المساعدة',
    3: '你好，我需要帮助',
  };
  const ids: string[] = [];
  const rows = Array.from({ length: COUNT }, (_, i) => {
    const seq = i + 1;
    const id = deps.ids.next();
    ids.push(id);
    const staff = seq % 2 === 0;
    return {
      id,
      conversation_id: chat.id,
      seq,
      sender_kind: staff ? 'agent' : 'visitor',
      sender_user_id: staff ? agent.id : null,
      client_message_id: `c-${id}`,
      body: bodies[seq] ?? `Message number ${seq}`,
      reply_to_id: seq === 4 ? (ids[0] ?? null) : null,
      attachment_id: seq === 5 ? attachment : null,
      created_at: new Date(Date.parse('2026-11-23T04:30:00.000Z') + seq * 1000).toISOString(),
    };
  });
  for (let i = 0; i < rows.length; i += 100)
    await deps.db
      .insertInto('messages')
      .values(rows.slice(i, i + 100))
      .execute();
  return { ...ctx, manager, chat };
}

describe('PDF transcript route (REP-3)', async () => {
  const { app, manager, chat } = await seedChat();
  const path = `/manager/reports/chats/${chat.id}/transcript.pdf`;
  const res = await app.request(`${path}?tz=Asia/Kolkata`, { headers: { Cookie: manager.cookie } });
  const bytes = new Uint8Array(await res.arrayBuffer());

  test('answers a PDF download', () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="chat-${chat.id}.pdf"`);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  });

  test('the header carries this chat’s visitor, contact, agent, project, stage and attribution', () => {
    const first = pdftotext(bytes, 'header.pdf', ['-f', '1', '-l', '1']);
    for (const text of [
      'राहुल वर्मा',
      '+919876543210',
      'rahul@example.test',
      'Priya Sharma',
      'Monsoon Sale',
      'Qualified',
      'Assigned',
      'diwali-2026',
      'facebook',
      'mobile · Android 15',
    ])
      expect({ text, found: first.includes(text) }).toEqual({ text, found: true });
    expect(first).not.toContain('Omar Haddad');
    expect(first).not.toContain('Someone Else');
    // Times in the viewer's zone: the chat started 04:30 UTC = 10:00 in India.
    expect(first).toContain('10:00');
    expect(first).toContain('GMT+5:30');
  });

  test('every message, in order across the read pages, with non-Latin text extractable', () => {
    const text = pdftotext(bytes, 'all.pdf');
    const numbers = [...text.matchAll(/Message number (\d+)/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(Array.from({ length: COUNT - 3 }, (_, i) => i + 4));
    for (const body of ['नमस्ते, मुझे हिंदी में मदद चाहिए', '你好，我需要帮助']) expect(text).toContain(body);
    expect(text).toContain('Priya Sharma');
    expect(text).toContain('receipt.png');
  });

  test('the attachment is a link to this server’s staff attachment URL', async () => {
    const doc = await PDFDocument.load(bytes);
    const uris = doc.getPages().flatMap((page) => {
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      return (annots?.asArray() ?? []).map((ref) =>
        doc.context
          .lookup(ref, PDFDict)
          .lookup(PDFName.of('A'), PDFDict)
          .lookup(PDFName.of('URI'), PDFString)
          .decodeText(),
      );
    });
    expect(uris).toEqual([
      expect.stringMatching(/^https:\/\/chat\.example\.test\/api\/staff\/attachments\/[0-9A-Z]+$/),
    ]);
    expect(doc.getPageCount()).toBeGreaterThan(10);
  });

  test('without ?tz the times are UTC; an unknown zone is a 400; an unknown chat a 404', async () => {
    const utc = await app.request(path, { headers: { Cookie: manager.cookie } });
    expect(utc.status).toBe(200);
    const first = pdftotext(new Uint8Array(await utc.arrayBuffer()), 'utc.pdf', ['-f', '1', '-l', '1']);
    expect(first).toContain('04:30');
    const bad = await app.request(`${path}?tz=Mars/Olympus`, { headers: { Cookie: manager.cookie } });
    expect(bad.status).toBe(400);
    const missing = await app.request('/manager/reports/chats/01KMX0000000000000000000ZZ/transcript.pdf', {
      headers: { Cookie: manager.cookie },
    });
    expect(missing.status).toBe(404);
  });
});
