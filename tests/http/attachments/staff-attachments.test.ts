import { describe, expect, test } from 'bun:test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { staffAttachmentUrl } from '../../../src/attachments/attachment-urls.ts';
import { insertAttachment } from '../../../src/visitors/attachments.queries.ts';
import { makeConversation, makeMessage } from '../../support/factories.ts';
import { png } from '../../support/images.ts';
import { createStaff, makeTestApp } from '../../support/make-app.ts';

/** A chat with one stored visitor image, as the visitor upload leaves it. */
async function chatWithImage(
  deps: Awaited<ReturnType<typeof makeTestApp>>['deps'],
  assigneeId: string | null,
  status: string,
) {
  const conversation = await makeConversation(deps.db, { assignee_id: assigneeId, status });
  const id = deps.ids.next();
  const storageKey = `uploads/test/${id}.png`;
  await mkdir(join(deps.config.dataDir, 'uploads/test'), { recursive: true });
  await Bun.write(join(deps.config.dataDir, storageKey), png(4, 3));
  await insertAttachment(deps.db, {
    id,
    conversation_id: conversation.id,
    uploader_kind: 'visitor',
    storage_key: storageKey,
    content_type: 'image/png',
    byte_size: png(4, 3).byteLength,
    sha256: 'x',
    created_at: conversation.created_at,
  });
  await makeMessage(deps.db, { conversation_id: conversation.id, seq: 1, attachment_id: id, body: '' });
  return { conversation, attachmentId: id };
}

describe('chat images for staff (VIS-5, AGENT-3)', async () => {
  const dataDir = `/tmp/attachments-${crypto.randomUUID()}`;
  const { app, deps } = await makeTestApp({ env: { DATA_DIR: dataDir } });
  const owner = await createStaff(deps, 'agent');
  const teammate = await createStaff(deps, 'agent');
  const admin = await createStaff(deps, 'admin');
  const qa = await createStaff(deps, 'qa');
  const own = await chatWithImage(deps, owner.id, 'active');
  const closedOfOwner = await chatWithImage(deps, owner.id, 'closed');

  const get = (path: string, cookie?: string) =>
    app.request(path, { headers: cookie ? { Cookie: cookie } : {} });

  test('the assigned agent gets the bytes with nosniff, an image type and a sandboxing CSP', async () => {
    const res = await get(staffAttachmentUrl(own.attachmentId), owner.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/png');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Content-Security-Policy')).toContain('sandbox');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png(4, 3));
  });

  test("admin and QA see any chat's image; a teammate cannot open another agent's closed chat", async () => {
    expect((await get(staffAttachmentUrl(closedOfOwner.attachmentId), admin.cookie)).status).toBe(200);
    expect((await get(staffAttachmentUrl(closedOfOwner.attachmentId), qa.cookie)).status).toBe(200);
    expect((await get(staffAttachmentUrl(closedOfOwner.attachmentId), teammate.cookie)).status).toBe(404);
  });

  test('no session → sign in; unknown or malformed ids → 404', async () => {
    const anonymous = await get(staffAttachmentUrl(own.attachmentId), undefined);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('Location')).toStartWith('/login?next=');
    expect((await get(staffAttachmentUrl('01KMX0000000000000000000ZZ'), admin.cookie)).status).toBe(404);
    expect((await get(staffAttachmentUrl('../../etc/passwd'), admin.cookie)).status).toBe(404);
  });

  test('the agent chat pane shows a lazy thumbnail linking to the full image', async () => {
    const res = await app.request(`/agent/conversations/${own.conversation.id}`, {
      headers: { Cookie: owner.cookie, 'HX-Request': 'true' },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<img src="${staffAttachmentUrl(own.attachmentId)}" loading="lazy"`);
    expect(html).toContain(`href="${staffAttachmentUrl(own.attachmentId)}"`);
  });
});
