import { afterAll, describe, expect, test } from 'bun:test';
import { defaultAiSettings } from '../../../src/ai/ai.ts';
import { AI_AGENT_ID } from '../../../src/ai/ai-agent.ts';
import { aiSettingsFormValues } from '../../../src/ai/ai-settings.forms.ts';
import { loadAiSettings, recordAiEvent } from '../../../src/ai/ai-settings.service.ts';
import { routeConversation } from '../../../src/routing/routing.service.ts';
import { makeConversation } from '../../support/factories.ts';
import { startFakeAnthropic } from '../../support/fakes/fake-anthropic.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';

/**
 * /admin/ai (ADMIN-5, AI-1): the settings form, the sealed keys (shown masked, never rendered
 * back), "Test connection" through the real SDK against the fake, the recent problems.
 */
const KEY = 'sk-ant-api03-SECRETSECRETSECRET-7f3a';
const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });

const form = (overrides: Record<string, string> = {}) => ({
  ...aiSettingsFormValues(defaultAiSettings),
  enabled: 'on',
  ...overrides,
});

describe('AI settings page (admin only)', () => {
  const fake = startFakeAnthropic({ apiKey: KEY });
  afterAll(() => fake.stop());

  test('shows the defaults (AI off) with a nav entry for admins only; managers get 403', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const manager = await createStaff(deps, 'manager');
    const res = await app.request('/admin/ai', { headers: { Cookie: admin.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>AI agent</h1>');
    expect(html).toContain('<a href="/admin/ai" aria-current="page">AI agent</a>');
    expect(html).toContain('id="ai-enabled" name="enabled" type="checkbox" value="on" aria-describedby');
    expect(html).not.toContain('name="enabled" type="checkbox" value="on" checked');
    expect(html).toContain(
      '<option value="claude-haiku-5-5" selected="">Claude Haiku 5.5 (recommended)</option>',
    );
    expect(html).toContain('Not set');
    const managerHome = await (await app.request('/manager', { headers: { Cookie: manager.cookie } })).text();
    expect(managerHome).not.toContain('/admin/ai');
    expect((await app.request('/admin/ai', { headers: { Cookie: manager.cookie } })).status).toBe(403);
    expect((await postForm(app, '/admin/ai', form(), hx(manager.cookie))).status).toBe(403);
    expect(await loadAiSettings(deps)).toEqual(defaultAiSettings);
  });

  test('saves every setting server-side; the next routing decision uses them', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const res = await postForm(
      app,
      '/admin/ai',
      form({
        provider: 'openai',
        model: 'custom',
        customModel: 'gpt-6-luna-2026-11-01',
        maxTokens: '700',
        systemPromptTemplate: 'You help {{project_name}}. {{project_instructions}}',
        availabilityMode: 'hours',
        timeZone: 'Europe/Berlin',
        hoursSat: '10:00-14:00',
        onlyWhenNoHuman: '',
        escalationPolicy: 'Hand over for refunds.',
        replyCapPerConversation: '12',
        rateLimitCount: '30',
        rateLimitWindowMinutes: '90',
        readDelayMs: '800',
        typingMsPerChar: '20',
        typingMinMs: '1000',
        typingMaxMs: '5000',
        timeoutSeconds: '15',
        baseUrl: 'https://gateway.example.com/v1/',
      }),
      hx(admin.cookie),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toStartWith('<form id="ai-settings-form"');
    expect(html).toContain('Saved. The next chat on every instance follows these settings.');
    const saved = await loadAiSettings(deps);
    expect(saved).toMatchObject({
      enabled: true,
      provider: 'openai',
      model: 'custom',
      customModel: 'gpt-6-luna-2026-11-01',
      maxTokens: 700,
      onlyWhenNoHuman: false,
      replyCapPerConversation: 12,
      visitorRateLimit: { limit: 30, windowMs: 90 * 60_000 },
      pacing: { readDelayMs: 800, typingMsPerChar: 20, typingMinMs: 1000, typingMaxMs: 5000 },
      timeoutMs: 15_000,
      baseUrl: 'https://gateway.example.com/v1',
    });
    expect(saved.availability).toMatchObject({ mode: 'hours', timeZone: 'Europe/Berlin' });
    expect(saved.availability.weekly.sat).toEqual([{ from: '10:00', to: '14:00' }]);
    const row = await deps.db.selectFrom('settings').selectAll().where('key', '=', 'ai').executeTakeFirst();
    expect(row?.updated_by).toBe(admin.id);
  });

  test('bad input is a 422 with the field at fault, and nothing is saved', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const res = await postForm(
      app,
      '/admin/ai',
      form({
        maxTokens: '5',
        timeZone: 'Mars/Olympus',
        hoursMon: '9-5',
      }),
      hx(admin.cookie),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="ai-maxTokens-error">From 64 to 32,000 tokens.');
    expect(html).toContain('id="ai-timeZone-error">Use an IANA time zone');
    expect(html).toContain('id="ai-hoursMon-error">Monday: “9-5”: write times as HH:MM-HH:MM');
    expect(html).toContain('value="Mars/Olympus"');
    // Checks across fields run once every field reads well.
    const typo = await postForm(
      app,
      '/admin/ai',
      form({ systemPromptTemplate: 'Hi {{nmae}}' }),
      hx(admin.cookie),
    );
    expect(typo.status).toBe(422);
    expect(await typo.text()).toContain('id="ai-systemPromptTemplate-error">Unknown placeholder {{nmae}}');
    expect(await loadAiSettings(deps)).toEqual(defaultAiSettings);
  });

  test('master off releases the chats the AI holds at once, and says how many', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    await postForm(app, '/admin/ai', form(), hx(admin.cookie));
    await postForm(app, '/admin/ai/key', { provider: 'anthropic', apiKey: KEY }, hx(admin.cookie));
    const chat = await makeConversation(deps.db);
    expect(await routeConversation(deps, chat.id)).toEqual({ ok: true, value: { assigneeId: AI_AGENT_ID } });
    const page = await (await app.request('/admin/ai', { headers: { Cookie: admin.cookie } })).text();
    expect(page).toContain('Holding 1 chat');
    const res = await postForm(app, '/admin/ai', form({ enabled: '' }), hx(admin.cookie));
    expect(await res.text()).toContain('Saved. The AI is off: 1 chat it held went to the human queue.');
    const row = await deps.db
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', chat.id)
      .executeTakeFirst();
    expect(row).toMatchObject({ status: 'unassigned', assignee_id: null, ai_never: 0 });
  });

  test('the API key is sealed, shown masked, replaceable, and never in any response body', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const bodies: string[] = [];
    const keep = async (res: Response | Promise<Response>) => {
      const r = await res;
      bodies.push(await r.text());
      return r;
    };
    await keep(postForm(app, '/admin/ai', form({ baseUrl: fake.url }), hx(admin.cookie)));
    const saved = await keep(
      postForm(app, '/admin/ai/key', { provider: 'anthropic', apiKey: ` ${KEY} ` }, hx(admin.cookie)),
    );
    expect(saved.status).toBe(200);
    expect(bodies.at(-1)).toContain('Key saved.');
    expect(bodies.at(-1)).toContain('sk-ant-••••7f3a');

    // At rest: sealed (AES-GCM), never the key itself.
    const stored = await deps.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'ai_key:anthropic')
      .executeTakeFirst();
    expect(stored?.value).toStartWith('v1.');
    expect(stored?.value).not.toContain(KEY);
    expect(deps.secrets.open(stored?.value ?? '')).toBe(KEY);

    // Every page and fragment the admin can reach: the mask, never the key.
    await keep(app.request('/admin/ai', { headers: { Cookie: admin.cookie } }));
    await keep(app.request('/admin/ai/errors', { headers: hx(admin.cookie) }));
    const test = await keep(
      app.request('/admin/ai/test', {
        method: 'POST',
        headers: { ...hx(admin.cookie), Origin: 'http://localhost' },
      }),
    );
    expect(test.status).toBe(200);
    expect(bodies.at(-1)).toContain('Connected: claude-haiku-5-5 answered');
    await keep(postForm(app, '/admin/ai', form({ baseUrl: fake.url }), { Cookie: admin.cookie }));
    await keep(postForm(app, '/admin/ai', form({ maxTokens: 'x' }), hx(admin.cookie)));
    // A refused key is not echoed back either.
    const refused = await keep(
      postForm(
        app,
        '/admin/ai/key',
        { provider: 'anthropic', apiKey: `${KEY} with spaces` },
        hx(admin.cookie),
      ),
    );
    expect(refused.status).toBe(422);
    expect(bodies.at(-1)).toContain('That does not look like an API key');
    expect(bodies.every((body) => !body.includes(KEY) && !body.includes('SECRETSECRET'))).toBe(true);
    expect(bodies).toHaveLength(8);

    // Replaced: the new key is used from the next request on.
    await keep(
      postForm(
        app,
        '/admin/ai/key',
        { provider: 'anthropic', apiKey: 'sk-ant-wrong-000000000000' },
        hx(admin.cookie),
      ),
    );
    const wrong = await (
      await app.request('/admin/ai/test', {
        method: 'POST',
        headers: { ...hx(admin.cookie), Origin: 'http://localhost' },
      })
    ).text();
    expect(wrong).toContain('API key refused (or billing problem)');
    // Removed: "Not set", and the AI takes no chat without a key.
    const removed = await (
      await postForm(app, '/admin/ai/key/remove', { provider: 'anthropic' }, hx(admin.cookie))
    ).text();
    expect(removed).toContain('Key removed.');
    expect(removed).toMatch(/<dt>Anthropic<\/dt><dd><span class="muted">Not set<\/span>/);
  });

  test('a key sealed with another SECRET_KEY is reported, not shown', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    await deps.db
      .insertInto('settings')
      .values({
        key: 'ai_key:openai',
        value: 'v1.AAAA.BBBB.CCCC',
        updated_at: deps.clock.now().toISOString(),
        updated_by: null,
      })
      .execute();
    const html = await (await app.request('/admin/ai', { headers: { Cookie: admin.cookie } })).text();
    expect(html).toContain('Saved with another SECRET_KEY: enter it again');
  });

  test('recent problems are listed with their time in the AI time zone, newest first', async () => {
    const { app, deps } = await makeTestApp();
    const admin = await createStaff(deps, 'admin');
    const settings = {
      ...defaultAiSettings,
      availability: { ...defaultAiSettings.availability, timeZone: 'Europe/Berlin' },
    };
    await recordAiEvent(deps, {
      reason: 'rate_limited',
      detail: '429 rate_limit_error: slow down',
      settings,
      conversationId: null,
    });
    deps.clock.advance(60_000);
    await recordAiEvent(deps, { reason: 'reply_cap', detail: 'cap 25', settings, conversationId: null });
    await postForm(app, '/admin/ai', { ...form(), timeZone: 'Europe/Berlin' }, hx(admin.cookie));
    const html = await (await app.request('/admin/ai/errors', { headers: hx(admin.cookie) })).text();
    expect(html).toStartWith('<section id="ai-events"');
    const first = html.indexOf('Reply cap reached for this chat');
    const second = html.indexOf('Rate limited by the provider');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    // 10:00Z is 11:00 in Berlin in November.
    expect(html).toContain('23 Nov 2026, 11:01:00');
    expect(html).toContain('429 rate_limit_error: slow down');
  });
});
