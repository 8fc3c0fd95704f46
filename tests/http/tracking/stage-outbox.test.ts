import { describe, expect, test } from 'bun:test';
import { DATA_LAYER_HX_EVENT } from '../../../src/tracking/data-layer.ts';
import { sha256Hex } from '../../../src/tracking/identity.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';
import { FBCLID, trackedLead, trackedProject } from './tracking-fixture.ts';

/**
 * The stage change, its history row and its outbox rows commit together (TRACK-3, ADR 0023), by
 * the one lead-stage service, from the agent pane and the admin chat modal alike.
 */
const hx = (cookie: string) => ({ Cookie: cookie, 'HX-Request': 'true' });

async function setup(options: Parameters<typeof trackedProject>[1] = {}) {
  const { app, deps } = await makeTestApp();
  const agent = await createStaff(deps, 'agent');
  const manager = await createStaff(deps, 'manager');
  const project = await trackedProject(deps, options);
  const chat = await trackedLead(deps, project.id, agent.id);
  const outbox = () =>
    deps.db
      .selectFrom('outbox_events')
      .selectAll()
      .where('conversation_id', '=', chat.id)
      .orderBy('created_at')
      .orderBy('destination', 'desc')
      .execute();
  const history = () =>
    deps.db
      .selectFrom('lead_stage_changes')
      .selectAll()
      .where('conversation_id', '=', chat.id)
      .orderBy('created_at')
      .execute();
  const agentStage = (form: Record<string, string>) =>
    postForm(app, `/agent/conversations/${chat.id}/stage`, form, hx(agent.cookie));
  const modalStage = (form: Record<string, string>) =>
    postForm(app, `/manager/chats/${chat.id}/stage`, form, hx(manager.cookie));
  return { app, deps, agent, manager, project, chat, outbox, history, agentStage, modalStage };
}

function dataLayerOf(res: Response): Record<string, unknown> | undefined {
  const header = res.headers.get('HX-Trigger');
  if (!header) return undefined;
  return (JSON.parse(header) as Record<string, Record<string, unknown>>)[DATA_LAYER_HX_EVENT];
}

describe('lead stage → history + outbox in one transaction (TRACK-3)', () => {
  test('an agent marks Qualified: one history row, a Lead for Meta and a qualify_lead for GA4, the same id in the dataLayer event', async () => {
    const s = await setup();
    const res = await s.agentStage({ stage: 'qualified' });
    expect(res.status).toBe(200);
    const history = await s.history();
    expect(history).toMatchObject([
      { from_stage: 'new', to_stage: 'qualified', actor_id: s.agent.id, conversion_value: null },
    ]);
    const rows = await s.outbox();
    expect(rows.map((row) => [row.destination, row.event_name, row.status])).toEqual([
      ['meta', 'Lead', 'pending'],
      ['ga4', 'qualify_lead', 'pending'],
    ]);
    const eventId = `${s.chat.id}.qualified`;
    expect(rows.every((row) => row.event_id === eventId && row.project_id === s.project.id)).toBe(true);
    const meta = JSON.parse(rows[0]?.payload ?? '{}');
    expect(meta).toMatchObject({
      event_name: 'Lead',
      event_id: eventId,
      action_source: 'website',
      user_data: {
        em: [sha256Hex('dora@example.com')],
        ph: [sha256Hex('14155552671')],
        fbc: `fb.1.${s.deps.clock.now().getTime()}.${FBCLID}`,
        fbp: 'fb.1.1700000000000.1234567890',
        client_ip_address: '203.0.113.9',
      },
      custom_data: { utm_source: 'meta', utm_campaign: 'x' },
    });
    const ga4 = JSON.parse(rows[1]?.payload ?? '{}');
    expect(ga4).toMatchObject({
      clientId: '1234567890.1700000000',
      events: [
        { name: 'qualify_lead', params: { session_id: '1764000000', event_id: eventId, campaign: 'x' } },
      ],
    });
    // The secrets never reach the outbox: the sender reads them from the project when it sends.
    expect(rows.some((row) => row.payload.includes('EAAB') || row.payload.includes('ga4-api-secret'))).toBe(
      false,
    );
    expect(dataLayerOf(res)).toMatchObject({
      event: 'lead_stage_changed',
      event_id: eventId,
      first_time: true,
      stage: 'qualified',
      meta_event_name: 'Lead',
      ga4_from_browser: false,
      agent_id: s.agent.id,
      utm_campaign: 'x',
      email_sha256: sha256Hex('dora@example.com'),
    });
  });

  test('back and forth: Qualified → Not Qualified → Qualified sends one Lead and one disqualification, ever', async () => {
    const s = await setup();
    await s.agentStage({ stage: 'qualified' });
    s.deps.clock.advance(60_000);
    await s.agentStage({ stage: 'not_qualified' });
    s.deps.clock.advance(60_000);
    const again = await s.agentStage({ stage: 'qualified' });
    expect((await s.history()).map((row) => row.to_stage)).toEqual([
      'qualified',
      'not_qualified',
      'qualified',
    ]);
    expect((await s.outbox()).map((row) => `${row.destination}:${row.event_name}`)).toEqual([
      'meta:Lead',
      'ga4:qualify_lead',
      'meta:LeadDisqualified',
      'ga4:disqualify_lead',
    ]);
    // The browser still hears of it, marked as a repeat so the GTM tags do not fire.
    expect(dataLayerOf(again)).toMatchObject({ stage: 'qualified', first_time: false });
    // The same stage again changes nothing and triggers nothing.
    const same = await s.agentStage({ stage: 'qualified' });
    expect(dataLayerOf(same)).toBeUndefined();
    expect(await s.history()).toHaveLength(3);
  });

  test('Converted in the agent pane asks for the value first; the value goes to the chat, history and Purchase', async () => {
    const s = await setup({ currency: 'EUR' });
    const ask = await s.agentStage({ stage: 'converted' });
    const form = await ask.text();
    expect(form).toContain('Deal value (EUR), optional');
    expect(form).toContain('name="value"');
    expect(await s.history()).toHaveLength(0);
    const bad = await s.agentStage({ stage: 'converted', value: '12,00' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter the value as a number');
    const res = await s.agentStage({ stage: 'converted', value: '1200.50' });
    expect(res.status).toBe(200);
    const chat = await s.deps.db
      .selectFrom('conversations')
      .select(['lead_stage', 'conversion_value', 'conversion_currency'])
      .where('id', '=', s.chat.id)
      .executeTakeFirstOrThrow();
    expect({ ...chat, conversion_value: Number(chat.conversion_value) }).toEqual({
      lead_stage: 'converted',
      conversion_value: 1200.5,
      conversion_currency: 'EUR',
    });
    expect(await s.history()).toMatchObject([{ to_stage: 'converted', conversion_currency: 'EUR' }]);
    const [purchase, close] = await s.outbox();
    expect(JSON.parse(purchase?.payload ?? '{}')).toMatchObject({
      event_name: 'Purchase',
      custom_data: { value: 1200.5, currency: 'EUR' },
    });
    expect(JSON.parse(close?.payload ?? '{}')).toMatchObject({
      events: [{ name: 'close_convert_lead', params: { value: 1200.5, currency: 'EUR' } }],
    });
    expect(dataLayerOf(res)).toMatchObject({ stage: 'converted', value: 1200.5, currency: 'EUR' });
  });

  test('the admin chat modal: Converted without a value records Meta’s Purchase as refused, GA4 still goes', async () => {
    const s = await setup();
    const res = await s.modalStage({ stage: 'converted', value: '' });
    expect(res.status).toBe(200);
    const header = JSON.parse(res.headers.get('HX-Trigger') ?? '{}');
    expect(header['chats-changed']).toBe(true); // the table behind the modal still refreshes
    expect(header[DATA_LAYER_HX_EVENT]).toMatchObject({ stage: 'converted', value: null });
    const rows = await s.outbox();
    expect(rows.map((row) => [row.destination, row.status])).toEqual([
      ['meta', 'refused'],
      ['ga4', 'pending'],
    ]);
    expect(rows[0]?.last_error).toContain('value');
    const bad = await s.modalStage({ stage: 'converted', value: 'lots' });
    expect(bad.status).toBe(422);
  });

  test('a project without server credentials queues nothing; GA4 then comes from the browser', async () => {
    const s = await setup({ meta: false, ga4: false });
    const res = await s.modalStage({ stage: 'qualified' });
    expect(await s.outbox()).toEqual([]);
    expect(await s.history()).toHaveLength(1);
    expect(dataLayerOf(res)).toMatchObject({ stage: 'qualified', ga4_from_browser: true });
  });
});
