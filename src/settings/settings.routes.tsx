import { Hono } from 'hono';
import { SettingsForm, SettingsPage } from '../../views/settings/settings-page.tsx';
import { TagsForm, TagsPage } from '../../views/settings/tags-page.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { validForm } from '../http/form-errors.ts';
import { respond } from '../http/respond.ts';
import { loadGlobalSettings, saveGlobalSettings } from './global-settings.service.ts';
import { loadMarketingTags, saveMarketingTags } from './marketing-tags.service.ts';
import { globalSettingsSchema, marketingTagsSchema } from './settings.forms.ts';
import type { GlobalSettings, MarketingTags } from './settings.ts';

/** Global settings and marketing tags (ADMIN-5, ADMIN-6): admin only ('config.manage'). */
export const settingsRoutes = new Hono<AppEnv>();

const settingsValues = (s: GlobalSettings): Record<string, string> => ({
  mode: s.mode,
  visitorGoneSeconds: String(Math.round(s.visitorGoneMs / 1000)),
  agentGoneSeconds: String(Math.round(s.agentGoneMs / 1000)),
  agentIdleMinutes: String(Math.round(s.agentIdleMs / 60_000)),
  defaultActiveLimit: String(s.agentDefaults.activeLimit),
  defaultOfflineLimit: String(s.agentDefaults.offlineLimit),
});

const tagValues = (t: MarketingTags) => ({ head: t.head, body: t.body, origins: t.origins.join('\n') });

settingsRoutes
  .get('/admin/settings', async (c) => {
    const values = settingsValues(await loadGlobalSettings(c.get('deps')));
    return c.html(<SettingsPage user={currentUser(c)} values={values} />);
  })
  .post(
    '/admin/settings',
    validForm(globalSettingsSchema, (c, errors, values) =>
      respond(
        c,
        {
          fragment: () => <SettingsForm values={values} errors={errors} />,
          page: () => <SettingsPage user={currentUser(c)} values={values} errors={errors} />,
        },
        422,
      ),
    ),
    async (c) => {
      const settings = c.req.valid('form');
      await saveGlobalSettings(c.get('deps'), currentUser(c).id, settings);
      const props = { values: settingsValues(settings), notice: 'Saved. Routing uses these values now.' };
      return respond(c, {
        fragment: () => <SettingsForm {...props} />,
        page: () => <SettingsPage user={currentUser(c)} {...props} />,
      });
    },
  )
  .get('/admin/tags', async (c) => {
    const values = tagValues(await loadMarketingTags(c.get('deps')));
    return c.html(<TagsPage user={currentUser(c)} values={values} />);
  })
  .post(
    '/admin/tags',
    validForm(marketingTagsSchema, (c, errors, values) => {
      const refill = { head: values.head ?? '', body: values.body ?? '', origins: values.origins ?? '' };
      return respond(
        c,
        {
          fragment: () => <TagsForm values={refill} errors={errors} />,
          page: () => <TagsPage user={currentUser(c)} values={refill} errors={errors} />,
        },
        422,
      );
    }),
    async (c) => {
      const tags = c.req.valid('form');
      await saveMarketingTags(c.get('deps'), currentUser(c).id, tags);
      const props = { values: tagValues(tags), notice: 'Saved. Tags are live from the next page load.' };
      return respond(c, {
        fragment: () => <TagsForm {...props} />,
        page: () => <TagsPage user={currentUser(c)} {...props} />,
      });
    },
  );
