import { describe, expect, test } from 'bun:test';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findConversationById } from '../../../src/conversations/conversations.queries.ts';
import { toIso } from '../../../src/shared/clock.ts';
import { concat, gif, jpeg, png } from '../../support/images.ts';
import { createStaff, makeTestApp, ORIGIN } from '../../support/make-app.ts';
import { startChatJson, validForm, visitorProject } from './visitor-support.ts';

async function setUp() {
  const dataDir = await mkdtemp(join(tmpdir(), 'visitor-uploads-'));
  const { app, deps } = await makeTestApp({ env: { DATA_DIR: dataDir } });
  const project = await visitorProject(deps.db);
  const chat = (await (await startChatJson(app, project.slug, validForm)).json()) as {
    token: string;
    conversationId: string;
  };
  const upload = (
    file: { bytes: Uint8Array; name: string; type: string },
    overrides: Record<string, string> = {},
  ) => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    form.set('conversationId', chat.conversationId);
    form.set('clientMessageId', `c${crypto.randomUUID().slice(0, 8)}`);
    for (const [key, value] of Object.entries(overrides)) form.set(key, value);
    return app.request(`/p/${project.slug}/uploads`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Accept: 'application/json', 'X-Visitor-Token': chat.token },
      body: form,
    });
  };
  const storedFiles = async () =>
    (await readdir(dataDir, { recursive: true })).filter((f) => f.includes('.'));
  return { app, deps, project, chat, upload, storedFiles };
}

const text = (s: string) => new TextEncoder().encode(s);

/** Files that lie about what they are: every one refused, nothing stored, nothing sent. */
const hostile: Array<[string, { bytes: Uint8Array; name: string; type: string }]> = [
  [
    'HTML renamed .png',
    { bytes: text('<!doctype html><script>alert(1)</script>'), name: 'cat.png', type: 'image/png' },
  ],
  [
    'SVG with script renamed .png',
    {
      bytes: text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      name: 'logo.png',
      type: 'image/png',
    },
  ],
  [
    'an SVG as itself',
    { bytes: text('<svg xmlns="http://www.w3.org/2000/svg"/>'), name: 'logo.svg', type: 'image/svg+xml' },
  ],
  [
    'JavaScript renamed .jpg',
    { bytes: text('fetch("/admin").then(r=>r.text())'), name: 'photo.jpg', type: 'image/jpeg' },
  ],
  [
    'PNG/HTML polyglot',
    { bytes: concat(png(10, 10), '<html><body onload=alert(1)>'), name: 'poly.png', type: 'image/png' },
  ],
  [
    'GIF/ZIP polyglot (GIFAR)',
    { bytes: concat(gif(4, 4), 'PK\u0003\u0004payload'), name: 'x.gif', type: 'image/gif' },
  ],
  [
    'JPEG with a PHP payload',
    { bytes: concat(jpeg(8, 8), '<?php system($_GET[1]); ?>'), name: 'x.jpg', type: 'image/jpeg' },
  ],
  ['empty file', { bytes: new Uint8Array(), name: 'empty.png', type: 'image/png' }],
  ['PNG named .jpg', { bytes: png(10, 10), name: 'photo.jpg', type: 'image/jpeg' }],
  ['PNG named and declared as HTML', { bytes: png(10, 10), name: 'page.html', type: 'text/html' }],
  ['decompression bomb dimensions', { bytes: png(100_000, 100_000), name: 'bomb.png', type: 'image/png' }],
  ['a path in the file name', { bytes: png(10, 10), name: '../../etc/x.png', type: 'image/png' }],
];

describe('visitor image uploads (VIS-5)', () => {
  for (const [label, file] of hostile) {
    test(`refused: ${label}`, async () => {
      const { deps, upload, storedFiles } = await setUp();
      const res = await upload(file);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { field: string }).field).toBe('file');
      expect(await deps.db.selectFrom('attachments').selectAll().execute()).toEqual([]);
      expect(await deps.db.selectFrom('messages').selectAll().execute()).toEqual([]);
      expect(await storedFiles()).toEqual([]);
    });
  }

  test('refused: oversized (over 5 MB) before it is read, with the reason', async () => {
    const { deps, upload } = await setUp();
    const big = png(4000, 3000, 5 * 1024 * 1024 + 70 * 1024);
    const res = await upload({ bytes: big, name: 'big.png', type: 'image/png' });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'upload.too_large', field: 'file' });
    expect(await deps.db.selectFrom('attachments').selectAll().execute()).toEqual([]);
  });

  test('a 3 MB phone photo goes through: uploads have their own 5 MB body limit, not the 64 KB default', async () => {
    const { deps, upload, storedFiles } = await setUp();
    const photo = png(4032, 3024, 3 * 1024 * 1024);
    const res = await upload({ bytes: photo, name: 'IMG_0042.PNG', type: 'image/png' }, { body: 'my roof' });
    expect(res.status).toBe(201);
    const stored = await deps.db.selectFrom('attachments').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ byte_size: photo.byteLength, width: 4032, height: 3024 });
    expect(await storedFiles()).toHaveLength(1);
  });

  test('the type the browser declared for the file part must match its bytes', async () => {
    const { app, deps, project, chat } = await setUp();
    // Built by hand: FormData would let the runtime pick the part type from the file name.
    const send = (partType: string | undefined) => {
      const head =
        '--xB\r\nContent-Disposition: form-data; name="conversationId"\r\n\r\n' +
        `${chat.conversationId}\r\n` +
        '--xB\r\nContent-Disposition: form-data; name="clientMessageId"\r\n\r\n' +
        `c${crypto.randomUUID().slice(0, 8)}\r\n` +
        '--xB\r\nContent-Disposition: form-data; name="file"; filename="roof.png"\r\n' +
        `${partType === undefined ? '' : `Content-Type: ${partType}\r\n`}\r\n`;
      return app.request(`/p/${project.slug}/uploads`, {
        method: 'POST',
        headers: {
          Origin: ORIGIN,
          Accept: 'application/json',
          'X-Visitor-Token': chat.token,
          'Content-Type': 'multipart/form-data; boundary=xB',
        },
        body: concat(head, png(8, 8), '\r\n--xB--\r\n'),
      });
    };
    for (const declared of ['text/html', 'image/svg+xml', 'application/octet-stream', undefined]) {
      const res = await send(declared);
      expect({ declared, status: res.status, body: await res.json() }).toEqual({
        declared,
        status: 422,
        body: { error: 'upload.type_mismatch', field: 'file' },
      });
    }
    expect(await deps.db.selectFrom('attachments').selectAll().execute()).toEqual([]);
    expect((await send('image/png')).status).toBe(201);
  });

  test('refused: no file, a bad conversation id, someone else’s conversation', async () => {
    const { app, project, upload } = await setUp();
    const form = new FormData();
    form.set('conversationId', 'x');
    const noFile = await app.request(`/p/${project.slug}/uploads`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Accept: 'application/json' },
      body: form,
    });
    expect(noFile.status).toBe(422);
    const badId = await upload(
      { bytes: png(4, 4), name: 'a.png', type: 'image/png' },
      { conversationId: '<x>' },
    );
    expect(badId.status).toBe(422);
    const foreign = await upload(
      { bytes: png(4, 4), name: 'a.png', type: 'image/png' },
      { conversationId: '01KMX0000000000000000000ZZ' },
    );
    expect(foreign.status).toBe(404);
  });

  test('an accepted image becomes a message and is served as an image only, to its own visitor only', async () => {
    const { app, deps, project, chat, upload, storedFiles } = await setUp();
    const res = await upload(
      { bytes: png(64, 48), name: 'Roof photo.PNG', type: 'image/png' },
      { body: 'my roof' },
    );
    expect(res.status).toBe(201);
    const message = (await res.json()) as { attachmentId: string; body: string; senderKind: string };
    expect(message).toMatchObject({ body: 'my roof', senderKind: 'visitor' });
    const stored = await deps.db.selectFrom('attachments').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      id: message.attachmentId,
      content_type: 'image/png',
      width: 64,
      height: 48,
    });
    expect(stored.storage_key).toMatch(/^uploads\/[0-9A-Z]{6}\/[0-9A-Z]{26}\.png$/); // our name, not theirs
    expect(await storedFiles()).toHaveLength(1);

    const served = await app.request(`/p/${project.slug}/uploads/${message.attachmentId}`, {
      headers: { 'X-Visitor-Token': chat.token },
    });
    expect(served.status).toBe(200);
    expect(served.headers.get('Content-Type')).toBe('image/png');
    expect(served.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(served.headers.get('Content-Security-Policy')).toContain('sandbox');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png(64, 48));

    const stranger = (await (await startChatJson(app, project.slug, validForm)).json()) as { token: string };
    for (const headers of [{}, { 'X-Visitor-Token': stranger.token }] as Array<Record<string, string>>) {
      const refused = await app.request(`/p/${project.slug}/uploads/${message.attachmentId}`, { headers });
      expect(refused.status).toBe(404);
    }
  });

  test('an image wakes a parked chat like a typed message does (ROUTE-6)', async () => {
    const { deps, chat, upload } = await setUp();
    const agent = await createStaff(deps, 'agent');
    await deps.db
      .updateTable('conversations')
      .set({ status: 'offline', assignee_id: agent.id, visitor_left_at: toIso(deps.clock.now()) })
      .where('id', '=', chat.conversationId)
      .execute();
    const res = await upload({ bytes: png(16, 16), name: 'back.png', type: 'image/png' });
    expect(res.status).toBe(201);
    expect(await findConversationById(deps.db, chat.conversationId)).toMatchObject({
      status: 'active',
      assigneeId: agent.id,
      visitorLeftAt: null,
    });
    expect(deps.publisher.events).toContainEqual({
      type: 'conversation.status_changed',
      conversationId: chat.conversationId,
      status: 'active',
    });
  });
});
