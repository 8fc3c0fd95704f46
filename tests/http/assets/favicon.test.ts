import { expect, test } from 'bun:test';
import { makeTestApp } from '../../support/make-app.ts';

// Issue 13 item 18: browsers ask every page's origin for /favicon.ico (tabs, bookmarks, the
// Windows taskbar), whatever the page's <link rel="icon"> says; it was a 404 on every page.
test('/favicon.ico is served to anyone, as an icon, cached', async () => {
  const { app } = await makeTestApp();
  const res = await app.request('/favicon.ico');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/x-icon');
  expect(res.headers.get('cache-control')).toContain('max-age=');
  const bytes = new Uint8Array(await res.arrayBuffer());
  // An ICO directory (reserved 0, type 1) holding three images: 16, 32 and 48 px.
  expect([...bytes.slice(0, 6)]).toEqual([0, 0, 1, 0, 3, 0]);
});
