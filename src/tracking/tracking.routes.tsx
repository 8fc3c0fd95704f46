import { type Context, Hono } from 'hono';
import {
  DeliveryLog,
  type DeliveryLogProps,
  TrackingPage,
  TrackingSettingsForm,
  TrackingTest,
  trackingValues,
} from '../../views/tracking/tracking-page.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { validForm } from '../http/form-errors.ts';
import { publicOrigin } from '../http/public-origin.ts';
import { respond } from '../http/respond.ts';
import { trackingSettingsSchema, trackingTestSchema } from './tracking-settings.forms.ts';
import {
  loadDeliveryLog,
  loadTrackingSettings,
  retryDelivery,
  saveTrackingSettings,
  sendTrackingTest,
} from './tracking-settings.service.ts';

/** A project's conversion tracking page (TRACK-3): admin only (routePolicy 'config.manage'). */
async function settingsOf(c: Context<AppEnv>) {
  const settings = await loadTrackingSettings(c.get('deps'), c.req.param('id') ?? '');
  if (!settings) throw notFound('We could not find that project.');
  return settings;
}

async function logOf(
  c: Context<AppEnv>,
  projectId: string,
  after: string | undefined,
  notice?: DeliveryLogProps['notice'],
): Promise<DeliveryLogProps> {
  const page = await loadDeliveryLog(c.get('deps'), projectId, after);
  return { projectId, query: after ? { after } : {}, ...page, notice };
}

const isHtmx = (c: Context<AppEnv>) => c.req.header('HX-Request') === 'true';

export const trackingRoutes = new Hono<AppEnv>()
  .get('/admin/projects/:id/tracking', async (c) => {
    const settings = await settingsOf(c);
    const after = c.req.query('after')?.slice(0, 200);
    const log = await logOf(c, settings.project.id, after);
    // The log's pager swaps the log alone; the page is the page.
    return respond(c, {
      fragment: () => <DeliveryLog {...log} />,
      page: () => <TrackingPage user={currentUser(c)} settings={{ settings }} log={log} />,
    });
  })
  .post(
    '/admin/projects/:id/tracking',
    validForm(trackingSettingsSchema, async (c, errors, values) => {
      const settings = await settingsOf(c);
      return c.html(<TrackingSettingsForm settings={settings} values={values} errors={errors} />, 422);
    }),
    async (c) => {
      const project = await settingsOf(c);
      const saved = await saveTrackingSettings(c.get('deps'), project.project.id, c.req.valid('form'));
      if (!saved) throw notFound('We could not find that project.');
      if (!isHtmx(c)) return c.redirect(`/admin/projects/${saved.project.id}/tracking`, 303);
      return c.html(
        <TrackingSettingsForm
          settings={saved}
          values={trackingValues(saved)}
          notice={{ kind: 'success', text: 'Saved. Stage changes from now on use these settings.' }}
        />,
      );
    },
  )
  .post(
    '/admin/projects/:id/tracking/test',
    validForm(trackingTestSchema, async (c) =>
      c.html(<TrackingTest projectId={c.req.param('id') ?? ''} />, 422),
    ),
    async (c) => {
      const settings = await settingsOf(c);
      const outcome = await sendTrackingTest(
        c.get('deps'),
        settings.project.id,
        c.req.valid('form').platform,
        {
          ip: c.get('clientIp') || null,
          userAgent: c.req.header('User-Agent') ?? null,
          pageUrl: `${publicOrigin(c)}/p/${settings.project.slug}`,
        },
      );
      if (!outcome) throw notFound('We could not find that project.');
      return c.html(<TrackingTest projectId={settings.project.id} outcome={outcome} />);
    },
  )
  .post('/admin/projects/:id/tracking/events/:eventId/retry', async (c) => {
    const settings = await settingsOf(c);
    const retried = await retryDelivery(c.get('deps'), settings.project.id, c.req.param('eventId'));
    if (!isHtmx(c)) return c.redirect(`/admin/projects/${settings.project.id}/tracking`, 303);
    const notice = retried
      ? { kind: 'success' as const, text: 'Queued again: the sender tries it within a few seconds.' }
      : { kind: 'error' as const, text: 'That event is not one that failed (it may already be queued).' };
    return c.html(<DeliveryLog {...(await logOf(c, settings.project.id, undefined, notice))} />);
  });
