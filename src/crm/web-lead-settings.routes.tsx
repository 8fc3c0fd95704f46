import { type Context, Hono } from 'hono';
import {
  WebLeadSettingsPage,
  WebLeadSettingsSection,
  webLeadSettingsPath,
  webLeadSettingsValues,
} from '../../views/crm/web-lead-settings.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { isFragmentRequest } from '../http/fragments.ts';
import { loadWebLeadSettings, saveWebLeadSettings } from './web-lead-settings.service.ts';

/** A project's web-form lead stage and owner (docs/decisions/0046), admin only (config.manage). */
const PATH = '/admin/projects/:id/web-leads';

async function formOf(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export const webLeadSettingsRoutes = new Hono<AppEnv>()
  .get(PATH, async (c) => {
    const settings = await loadWebLeadSettings(c.get('deps'), c.req.param('id'));
    if (!settings) throw notFound('We could not find that project.');
    const values = webLeadSettingsValues(settings);
    c.header('Vary', 'HX-Request');
    if (isFragmentRequest(c)) return c.html(<WebLeadSettingsSection settings={settings} values={values} />);
    return c.html(<WebLeadSettingsPage user={currentUser(c)} settings={settings} values={values} />);
  })
  .post(PATH, async (c) => {
    const form = await formOf(c);
    const saved = await saveWebLeadSettings(c.get('deps'), c.req.param('id'), form);
    if (!saved.ok && saved.code === 'not_found') throw notFound('We could not find that project.');
    const fragment = isFragmentRequest(c);
    c.header('Vary', 'HX-Request');
    if (!saved.ok) {
      const props = { settings: saved.settings, values: form, errors: saved.errors };
      if (fragment) return c.html(<WebLeadSettingsSection {...props} />, 422);
      return c.html(<WebLeadSettingsPage user={currentUser(c)} {...props} />, 422);
    }
    if (!fragment) return c.redirect(webLeadSettingsPath(saved.value.projectId), 303);
    const values = webLeadSettingsValues(saved.value);
    return c.html(<WebLeadSettingsSection settings={saved.value} values={values} notice="Saved." />);
  });
