import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { changeLeadStage } from '../../../src/leads/lead-stage.service.ts';
import { sha256Hex } from '../../../src/tracking/identity.ts';
import { sendDueOutboxEvents } from '../../../src/tracking/outbox-sender.service.ts';
import { captureTouch } from '../../../src/visitors/attribution.ts';
import { insertAttribution } from '../../../src/visitors/visitors.queries.ts';
import { makeConversation, makeLead } from '../../support/factories.ts';
import { type FakeGa4, fakeGa4 } from '../../support/fakes/fake-ga4.ts';
import { type FakeMetaGraph, fakeMetaGraph } from '../../support/fakes/fake-meta-graph.ts';
import { createStaff, makeTestApp, postForm } from '../../support/make-app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import {
  GA4_ID,
  GA4_SECRET,
  LANDING,
  META_TOKEN,
  PIXEL,
  trackedLead,
  trackedProject,
  UA,
} from './tracking-fixture.ts';

/**
 * Conversion events are about the LEAD (issue 16 items 3 and 5, ADR 0023): a returning visitor's
 * chats are one lead, and leads that never were a chat (the site's forms, CSV and Sheets imports)
 * send their events too when their stage changes in the CRM.
 */
describe('conversion events per lead, chats and standalone leads', () => {
  const clock = manualClock();
  let meta: FakeMetaGraph;
  let ga4: FakeGa4;
  beforeAll(() => {
    meta = fakeMetaGraph({ accessToken: META_TOKEN, pixelId: PIXEL, now: clock.now });
    ga4 = fakeGa4({ measurementId: GA4_ID, apiSecret: GA4_SECRET, now: clock.now });
  });
  afterAll(() => {
    meta.stop();
    ga4.stop();
  });

  async function setup() {
    const { app, deps } = await makeTestApp({
      clock,
      env: { META_GRAPH_URL: meta.url, GA4_MP_URL: ga4.url },
    });
    const admin = await createStaff(deps, 'admin');
    const project = await trackedProject(deps, { ga4: true });
    const outboxOf = (leadId: string) =>
      deps.db
        .selectFrom('outbox_events')
        .selectAll()
        .where('lead_id', '=', leadId)
        .orderBy('destination', 'desc')
        .execute();
    return { app, deps, admin, project, outboxOf };
  }

  test('a returning visitor’s second chat marked Qualified sends no second Lead', async () => {
    const s = await setup();
    const first = await trackedLead(s.deps, s.project.id);
    const second = await makeConversation(s.deps.db, {
      project_id: s.project.id,
      visitor_id: first.visitor_id,
      attribution_id: first.attribution_id,
      visitor_email: first.visitor_email,
    });
    const actor = { id: s.admin.id, role: 'admin' as const };
    const one = await changeLeadStage(s.deps, { conversationId: first.id, stage: 'qualified', actor });
    clock.advance(60_000);
    const two = await changeLeadStage(s.deps, { conversationId: second.id, stage: 'qualified', actor });
    if (!one.ok || !two.ok) throw new Error('stage change refused');
    expect(one.value.dataLayer).toMatchObject({
      event_id: `${first.visitor_id}.qualified`,
      first_time: true,
    });
    expect(two.value.dataLayer).toMatchObject({
      event_id: `${first.visitor_id}.qualified`,
      first_time: false,
    });
    const rows = await s.outboxOf(first.visitor_id);
    expect(rows.map((row) => [row.destination, row.event_name, row.conversation_id])).toEqual([
      ['meta', 'Lead', first.id],
      ['ga4', 'qualify_lead', first.id],
    ]);
    const history = await s.deps.db
      .selectFrom('lead_stage_changes')
      .select(['conversation_id', 'lead_id'])
      .orderBy('created_at')
      .execute();
    expect(history).toEqual([
      { conversation_id: first.id, lead_id: first.visitor_id },
      { conversation_id: second.id, lead_id: first.visitor_id },
    ]);
  });

  test('a lead from the site’s form, Qualified in the CRM, sends a website Lead with its touch', async () => {
    const s = await setup();
    const attributionId = s.deps.ids.next();
    await insertAttribution(s.deps.db, {
      id: attributionId,
      visitorId: null,
      isReturning: false,
      now: clock.now().toISOString(),
      touch: captureTouch({
        landingUrl: LANDING,
        referrer: undefined,
        userAgent: UA,
        language: undefined,
        acceptLanguage: undefined,
        connectionType: undefined,
        timeOnPageMs: undefined,
        fbpCookie: 'fb.1.1700000000000.1234567890',
        fbcCookie: undefined,
        ip: '198.51.100.4',
        trustedHeaders: undefined,
        now: clock.now(),
      }),
    });
    const lead = await makeLead(s.deps.db, {
      source: 'web',
      project_id: s.project.id,
      attribution_id: attributionId,
      email: 'Web.Lead@Example.com',
      phone: '+447911123456',
      phone_country: 'GB',
    });
    const res = await postForm(
      s.app,
      `/admin/leads/${lead.id}/stage`,
      { stage: 'qualified' },
      {
        Cookie: s.admin.cookie,
      },
    );
    expect(res.status).toBe(303);
    // The redirect carries the conversion event to the lead page, which renders it once (TRACK-2).
    const flash = /dl_flash=[^;]+/.exec(res.headers.get('Set-Cookie') ?? '')?.[0] ?? 'missing';
    const page = await s.app.request(`/admin/leads/${lead.id}`, {
      headers: { Cookie: `${s.admin.cookie}; ${flash}` },
    });
    const html = await page.text();
    expect(html).toContain('data-data-layer="[{&quot;event&quot;:&quot;lead_stage_changed&quot;');
    expect(html).toContain(`&quot;event_id&quot;:&quot;${lead.id}.qualified&quot;`);
    expect(page.headers.get('Set-Cookie')).toContain('dl_flash=;');
    const again = await (
      await s.app.request(`/admin/leads/${lead.id}`, { headers: { Cookie: s.admin.cookie } })
    ).text();
    expect(again).not.toContain('data-data-layer');
    expect(
      (
        await s.deps.db
          .selectFrom('leads')
          .select('stage')
          .where('id', '=', lead.id)
          .executeTakeFirstOrThrow()
      ).stage,
    ).toBe('qualified');
    const [metaRow, ga4Row] = await s.outboxOf(lead.id);
    expect(metaRow).toMatchObject({
      event_id: `${lead.id}.qualified`,
      conversation_id: null,
      status: 'pending',
    });
    expect(JSON.parse(metaRow?.payload ?? '{}')).toMatchObject({
      event_name: 'Lead',
      action_source: 'website',
      event_source_url: LANDING,
      user_data: {
        em: [sha256Hex('web.lead@example.com')],
        ph: [sha256Hex('447911123456')],
        client_user_agent: UA,
        fbp: 'fb.1.1700000000000.1234567890',
      },
      custom_data: { utm_campaign: 'x' },
    });
    expect(ga4Row).toMatchObject({ event_name: 'qualify_lead', status: 'pending' });
    expect(await sendDueOutboxEvents(s.deps, clock.now())).toMatchObject({ sent: 2, failed: 0 });
    expect(meta.requestsPerEventId.get(`${lead.id}.qualified`)).toBe(1);
  });

  test('an imported lead (CSV) sends a system_generated event matched on its hashed contact', async () => {
    const s = await setup();
    const lead = await makeLead(s.deps.db, {
      source: 'csv',
      project_id: s.project.id,
      email: 'alan@example.org',
      phone: '07911 123456',
      phone_country: 'GB',
    });
    const res = await postForm(
      s.app,
      `/admin/leads/${lead.id}/stage`,
      { stage: 'not_qualified' },
      {
        Cookie: s.admin.cookie,
      },
    );
    expect(res.status).toBe(303);
    const [metaRow, ga4Row] = await s.outboxOf(lead.id);
    const payload = JSON.parse(metaRow?.payload ?? '{}');
    expect(payload).toMatchObject({
      event_name: 'LeadDisqualified',
      action_source: 'system_generated',
      user_data: { em: [sha256Hex('alan@example.org')], ph: [sha256Hex('447911123456')] },
    });
    expect(payload.event_source_url).toBeUndefined();
    // No _ga cookie: GA4 gets the lead's stable pseudo client id.
    expect(JSON.parse(ga4Row?.payload ?? '{}').clientId).toMatch(/^\d+\.\d+$/);
    expect(await sendDueOutboxEvents(s.deps, clock.now())).toMatchObject({ sent: 2, failed: 0 });
    expect(ga4.problems).toEqual([]);
  });
});
