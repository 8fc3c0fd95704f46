import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AiSettingsForm, AiSettingsPage } from '../../views/ai/ai-settings-page.tsx';
import { EventList, KeyCard, TestResult } from '../../views/ai/ai-side-cards.tsx';
import { currentUser } from '../http/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { validForm } from '../http/form-errors.ts';
import { respond } from '../http/respond.ts';
import type { FieldErrors } from '../shared/field-errors.ts';
import { loadAiConsole, saveAiSettings } from './ai-admin.service.ts';
import { aiSettingsFormSchema, aiSettingsFormValues } from './ai-settings.forms.ts';
import {
  type ApiKeyError,
  checkApiKey,
  listAiEvents,
  loadAiSettings,
  removeApiKey,
  saveApiKey,
  testAiConnection,
} from './ai-settings.service.ts';

/** AI settings (ADMIN-5, AI-1): admin only (routePolicy 'config.manage'); managers get 403. */
export const aiRoutes = new Hono<AppEnv>();

type C = Context<AppEnv>;

const KEY_ERRORS: Record<ApiKeyError, string> = {
  'ai.key_required': 'Paste the API key.',
  'ai.key_invalid': 'That does not look like an API key: one line of 8 to 500 characters, no spaces.',
};

const providerForm = z.object({ provider: z.enum(['anthropic', 'openai']) });
const keyForm = providerForm.extend({ apiKey: z.string().max(2000).default('') });

interface FormState {
  values?: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
  keyCard?: { error?: string; notice?: string };
}

/** The settings form for htmx, the whole page otherwise; values default to the saved settings. */
async function settingsAnswer(c: C, state: FormState, status: 200 | 422 = 200) {
  const ai = await loadAiConsole(c.get('deps'));
  const values = state.values ?? aiSettingsFormValues(ai.settings);
  return respond(
    c,
    {
      fragment: () => <AiSettingsForm values={values} errors={state.errors} notice={state.notice} />,
      page: () => <AiSettingsPage user={currentUser(c)} console={ai} {...state} values={values} />,
    },
    status,
  );
}

/** The key card after a change, or the whole page for a plain form post. */
async function keyCardAnswer(c: C, card: { error?: string; notice?: string }, status: 200 | 422 = 200) {
  const ai = await loadAiConsole(c.get('deps'));
  return respond(
    c,
    {
      fragment: () => <KeyCard keys={ai.keys} provider={ai.settings.provider} {...card} />,
      page: () => (
        <AiSettingsPage
          user={currentUser(c)}
          console={ai}
          values={aiSettingsFormValues(ai.settings)}
          keyCard={card}
        />
      ),
    },
    status,
  );
}

const savedNotice = (enabled: boolean, released: number) => {
  if (enabled) return 'Saved. The next chat on every instance follows these settings.';
  if (released === 0) return 'Saved. The AI is off.';
  return `Saved. The AI is off: ${released === 1 ? '1 chat' : `${released} chats`} it held went to the human queue.`;
};

aiRoutes
  .get('/admin/ai', (c) => settingsAnswer(c, {}))
  .post(
    '/admin/ai',
    validForm(aiSettingsFormSchema, (c, errors, values) => settingsAnswer(c, { errors, values }, 422)),
    async (c) => {
      const settings = c.req.valid('form');
      const { released } = await saveAiSettings(c.get('deps'), currentUser(c).id, settings);
      return settingsAnswer(c, {
        values: aiSettingsFormValues(settings),
        notice: savedNotice(settings.enabled, released),
      });
    },
  )
  .post(
    '/admin/ai/key',
    validForm(keyForm, (c) => keyCardAnswer(c, { error: KEY_ERRORS['ai.key_invalid'] }, 422)),
    async (c) => {
      const form = c.req.valid('form');
      const checked = checkApiKey(form.apiKey);
      if (!checked.ok) return keyCardAnswer(c, { error: KEY_ERRORS[checked.code] }, 422);
      await saveApiKey(c.get('deps'), currentUser(c).id, form.provider, checked.key);
      return keyCardAnswer(c, { notice: 'Key saved. The next reply uses it.' });
    },
  )
  .post(
    '/admin/ai/key/remove',
    validForm(providerForm, (c) => keyCardAnswer(c, { error: 'Choose Anthropic or OpenAI.' }, 422)),
    async (c) => {
      await removeApiKey(c.get('deps'), currentUser(c).id, c.req.valid('form').provider);
      return keyCardAnswer(c, { notice: 'Key removed.' });
    },
  )
  .post('/admin/ai/test', async (c) => c.html(<TestResult check={await testAiConnection(c.get('deps'))} />))
  .get('/admin/ai/errors', async (c) => {
    const deps = c.get('deps');
    const settings = await loadAiSettings(deps);
    return c.html(<EventList events={await listAiEvents(deps)} timeZone={settings.availability.timeZone} />);
  });
