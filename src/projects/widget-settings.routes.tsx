import { type Context, Hono } from 'hono';
import { WidgetSection, widgetValues } from '../../views/projects/widget-section.tsx';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { validForm } from '../http/form-errors.ts';
import { publicOrigin } from '../http/public-origin.ts';
import { adLinkUrl, utmValuesOf } from './ad-links.ts';
import { widgetSettingsSchema } from './projects.forms.ts';
import { findProjectById } from './projects.queries.ts';
import { updateWidgetSettings } from './projects.service.ts';
import { qrPng, qrSvg } from './qr-code.ts';

/** The project page's widget section and ad-link QR downloads (PROJ-3, BEYOND-9): config.manage. */
async function projectOf(c: Context<AppEnv>) {
  const project = await findProjectById(c.get('deps').db, c.req.param('id') ?? '');
  if (!project) throw notFound('We could not find that project.');
  return project;
}

/** The ad link the QR encodes: always this project's own page, whatever the query holds. */
async function adLinkOf(c: Context<AppEnv>) {
  const project = await projectOf(c);
  const values = utmValuesOf((field) => c.req.query(field));
  return { project, url: adLinkUrl(publicOrigin(c), project.slug, values) };
}

const download = (c: Context<AppEnv>, filename: string, type: string) => {
  c.header('Content-Type', type);
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  c.header('Cache-Control', 'private, no-store');
};

export const widgetSettingsRoutes = new Hono<AppEnv>()
  .post(
    '/admin/projects/:id/widget',
    validForm(widgetSettingsSchema, async (c, errors, values) =>
      c.html(<WidgetSection project={await projectOf(c)} values={values} errors={errors} />, 422),
    ),
    async (c) => {
      const form = c.req.valid('form');
      const saved = await updateWidgetSettings(c.get('deps'), c.req.param('id'), form);
      if (!saved.ok) throw notFound('We could not find that project.');
      if (c.req.header('HX-Request') !== 'true') return c.redirect(`/admin/projects/${saved.value.id}`, 303);
      const notice = 'Saved. Sites with the widget pick it up within 30 seconds.';
      return c.html(
        <WidgetSection project={saved.value} values={widgetValues(saved.value)} notice={notice} />,
      );
    },
  )
  .get('/admin/projects/:id/ad-link/qr.png', async (c) => {
    const { project, url } = await adLinkOf(c);
    download(c, `${project.slug}-qr.png`, 'image/png');
    return c.body(await qrPng(url));
  })
  .get('/admin/projects/:id/ad-link/qr.svg', async (c) => {
    const { project, url } = await adLinkOf(c);
    download(c, `${project.slug}-qr.svg`, 'image/svg+xml');
    return c.body(await qrSvg(url));
  });
