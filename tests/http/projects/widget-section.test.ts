import { describe, expect, test } from 'bun:test';
import { adLinkUrl } from '../../../src/projects/ad-links.ts';
import { findProjectBySlug } from '../../../src/projects/projects.queries.ts';
import { qrPng, qrSvg } from '../../../src/projects/qr-code.ts';
import { makeProject } from '../../support/factories.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';

const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });

describe('the widget section of a project (WID-1, WID-3, PROJ-3)', () => {
  test('saves corner and popup on its own; the main form no longer touches them; clone copies them', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const project = await makeProject(deps.db, { slug: 'spring', title: 'Spring' });
    const res = await postForm(
      app,
      `/admin/projects/${project.id}/widget`,
      { widgetPosition: 'bottom-left', popupEnabled: 'on', popupDelaySeconds: '25' },
      hx(admin.cookie),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toStartWith('<form id="widget-settings"');
    expect(html).toContain('Saved. Sites with the widget pick it up within 30 seconds.');
    expect(await findProjectBySlug(deps.db, 'spring')).toMatchObject({
      widget_position: 'bottom-left',
      popup_enabled: 1,
      popup_delay_seconds: 25,
    });
    // The main form's save keeps the widget settings as they are.
    const main = await postForm(
      app,
      `/admin/projects/${project.id}`,
      {
        name: 'Spring',
        slug: 'spring',
        title: 'Spring sale',
        accentColor: '#2563eb',
        headerColor: '#0f172a',
      },
      hx(admin.cookie),
    );
    expect(main.status).toBe(200);
    expect(await findProjectBySlug(deps.db, 'spring')).toMatchObject({
      title: 'Spring sale',
      popup_enabled: 1,
    });
    await postForm(app, `/admin/projects/${project.id}/clone`, {}, { Cookie: admin.cookie });
    expect(await findProjectBySlug(deps.db, 'spring-copy')).toMatchObject({
      widget_position: 'bottom-left',
      popup_enabled: 1,
      popup_delay_seconds: 25,
    });
    // Unchecking the popup sends nothing for it: off.
    await postForm(
      app,
      `/admin/projects/${project.id}/widget`,
      { widgetPosition: 'bottom-right', popupDelaySeconds: '25' },
      hx(admin.cookie),
    );
    expect((await findProjectBySlug(deps.db, 'spring'))?.popup_enabled).toBe(0);
  });

  test('bad input is a 422 with the field at fault, and nothing changes', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const project = await makeProject(deps.db, { slug: 'spring' });
    for (const [form, field, message] of [
      [
        { widgetPosition: 'top-middle', popupDelaySeconds: '5' },
        'widgetPosition',
        'Choose a corner for the chat bubble.',
      ],
      [
        { widgetPosition: 'bottom-left', popupDelaySeconds: '-1' },
        'popupDelaySeconds',
        'Popup delay: 0 seconds or more.',
      ],
      [
        { widgetPosition: 'bottom-left', popupDelaySeconds: '9999' },
        'popupDelaySeconds',
        'Popup delay: at most 600 seconds.',
      ],
      [
        { widgetPosition: 'bottom-left', popupDelaySeconds: '1.5' },
        'popupDelaySeconds',
        'Popup delay: use whole seconds.',
      ],
    ] as const) {
      const res = await postForm(app, `/admin/projects/${project.id}/widget`, form, hx(admin.cookie));
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(`id="widget-${field}-error">${message}`);
    }
    expect(await findProjectBySlug(deps.db, 'spring')).toMatchObject({
      widget_position: 'bottom-right',
      popup_enabled: 0,
      popup_delay_seconds: 10,
    });
    const missing = await postForm(
      app,
      '/admin/projects/NOPE/widget',
      { widgetPosition: 'bottom-left', popupDelaySeconds: '5' },
      hx(admin.cookie),
    );
    expect(missing.status).toBe(404);
  });

  test('the project page shows the section, the four snippets and the ad-link builder', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const project = await makeProject(deps.db, { slug: 'spring' });
    const page = await (
      await app.request(`/admin/projects/${project.id}`, { headers: { Cookie: admin.cookie } })
    ).text();
    expect(page).toContain('x-data="widgetPreview"');
    expect(page).toContain('x-data="adLinkBuilder"');
    expect(page).toContain('data-base="http://localhost/p/spring"');
    expect(page).toContain(
      '&lt;script async src=&quot;http://localhost/widget/widget.js&quot; data-project=&quot;spring&quot; data-popup=&quot;on&quot;&gt;&lt;/script&gt;',
    );
    expect(page).toContain('<script src="/static/js/ad-link-builder.js" defer=""></script>');
    // The main form has no widget fields any more.
    const form = page.slice(page.indexOf('<form id="project-form"'), page.indexOf('</form>'));
    expect(form).not.toContain('widgetPosition');
  });

  test('QR downloads encode this project page with the chosen UTM, as PNG and SVG attachments', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const project = await makeProject(deps.db, { slug: 'spring' });
    const query = new URLSearchParams({
      utm_source: 'qr',
      utm_medium: 'print',
      utm_campaign: 'Flyer May',
      extra: 'x',
    });
    const expected = adLinkUrl('http://localhost', 'spring', {
      utm_source: 'qr',
      utm_medium: 'print',
      utm_campaign: 'Flyer May',
    });
    expect(expected).toBe(
      'http://localhost/p/spring?utm_source=qr&utm_medium=print&utm_campaign=Flyer%20May',
    );
    const png = await app.request(`/admin/projects/${project.id}/ad-link/qr.png?${query}`, {
      headers: { Cookie: admin.cookie },
    });
    expect(png.status).toBe(200);
    expect(png.headers.get('Content-Type')).toBe('image/png');
    expect(png.headers.get('Content-Disposition')).toBe('attachment; filename="spring-qr.png"');
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(await qrPng(expected));
    const svg = await app.request(`/admin/projects/${project.id}/ad-link/qr.svg?${query}`, {
      headers: { Cookie: admin.cookie },
    });
    expect(svg.headers.get('Content-Type')).toBe('image/svg+xml');
    const text = await svg.text();
    expect(text).toStartWith('<svg');
    expect(text).toBe(await qrSvg(expected));
    // Staff only, admin only (config.manage).
    const manager = await createStaff(deps, 'manager');
    const denied = await app.request(`/admin/projects/${project.id}/ad-link/qr.png`, {
      headers: { Cookie: manager.cookie },
    });
    expect(denied.status).toBe(403);
  });
});
