import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type RunningServer, startServer } from '../../../src/server.ts';
import { DATA_LAYER_HX_EVENT } from '../../../src/tracking/data-layer.ts';
import { sha256Hex } from '../../../src/tracking/identity.ts';
import { outboxSenderSweeper } from '../../../src/tracking/outbox.sweepers.ts';
import { openVisitor } from '../../realtime/support/live.ts';
import { isEvent, openSocket } from '../../realtime/support/ws-client.ts';
import { makeProject } from '../../support/factories.ts';
import { type FakeGa4, fakeGa4 } from '../../support/fakes/fake-ga4.ts';
import { type FakeMetaGraph, fakeMetaGraph } from '../../support/fakes/fake-meta-graph.ts';
import { createStaff, makeTestDeps, type TestDeps } from '../../support/make-app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { GA4_ID, GA4_SECRET, META_TOKEN, PIXEL } from './tracking-fixture.ts';

/**
 * Issue 16's end to end, over real HTTP and WebSocket against fake Meta and GA4 servers: a visitor
 * lands on /p/default?utm_source=meta&utm_campaign=x&fbclid=y with `_fbp` and `_ga` cookies and
 * chats; an agent marks the lead Qualified; the sender job delivers `Lead` to Meta with fbc built
 * from y, hashed contact data and campaign x, and `qualify_lead` to GA4 with the `_ga` client id,
 * both with the event id the agent's page pushed to its dataLayer.
 */
const UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const FBP = 'fb.1.1764000000000.987654321';
const GA = 'GA1.1.555666777.1764000000';
const GA_SESSION = 'GS2.1.s1764050000$o2$g1$t1764050100$j60$l0$h0';

describe('conversion tracking end to end (issue 16)', () => {
  let deps: TestDeps;
  let running: RunningServer;
  let meta: FakeMetaGraph;
  let ga4: FakeGa4;

  beforeAll(async () => {
    const clock = manualClock();
    meta = fakeMetaGraph({ accessToken: META_TOKEN, pixelId: PIXEL, now: clock.now });
    ga4 = fakeGa4({ measurementId: GA4_ID, apiSecret: GA4_SECRET, now: clock.now });
    deps = await makeTestDeps({ clock, env: { META_GRAPH_URL: meta.url, GA4_MP_URL: ga4.url } });
    running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
  });
  afterAll(async () => {
    await running?.stop();
    meta.stop();
    ga4.stop();
  });

  test('ad click → chat → Qualified → Lead at Meta and qualify_lead at GA4', async () => {
    const base = running.url;
    const project = await makeProject(deps.db, { slug: 'default', name: 'Default', title: 'Acme Solar' });

    // The admin connects the project on its tracking page.
    const admin = await createStaff(deps, 'admin');
    const saved = await fetch(`${base}/admin/projects/${project.id}/tracking`, {
      method: 'POST',
      headers: { Cookie: admin.cookie, Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        metaPixelId: PIXEL,
        metaAccessToken: META_TOKEN,
        ga4MeasurementId: GA4_ID,
        ga4ApiSecret: GA4_SECRET,
      }),
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);

    // An agent is online (their console's socket), so the chat is routed to them.
    const agent = await createStaff(deps, 'agent');
    const agentSocket = await openSocket(running.wsUrl, { Cookie: agent.cookie, Origin: base });

    // The visitor lands from the ad with Meta's and GA's first-party cookies, and starts a chat.
    const landing = `${base}/p/default?utm_source=meta&utm_campaign=x&fbclid=y`;
    const cookies = `_fbp=${FBP}; _ga=${GA}; _ga_AB12CD34=${GA_SESSION}`;
    const page = await fetch(landing, { headers: { Cookie: cookies, 'User-Agent': UA } });
    expect(page.status).toBe(200);
    const started = await fetch(`${base}/p/default/chat`, {
      method: 'POST',
      headers: {
        Cookie: cookies,
        'User-Agent': UA,
        Origin: base,
        Referer: landing,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        name: 'Grace Hopper',
        country: 'US',
        phone: '(415) 555-2671',
        email: ' Grace.Hopper@Example.com ',
        landing_url: landing,
      }),
    });
    expect(started.status).toBe(201);
    const chat = (await started.json()) as { conversationId: string; token: string; projectId: string };
    const visitor = await openVisitor(running, chat.projectId, chat.token);
    visitor.send({ type: 'join', conversationId: chat.conversationId, afterSeq: 0 });
    await visitor.next((f) => f.type === 'joined');
    visitor.send({
      type: 'send',
      conversationId: chat.conversationId,
      clientMessageId: 'hello-1',
      body: 'I would like a quote for panels',
    });
    await visitor.next((f) => f.type === 'ack');
    await agentSocket.next(isEvent('conversation.assigned', (e) => e.conversationId === chat.conversationId));

    // The agent marks the lead Qualified in their console.
    const stage = await fetch(`${base}/agent/conversations/${chat.conversationId}/stage`, {
      method: 'POST',
      headers: {
        Cookie: agent.cookie,
        Origin: base,
        'HX-Request': 'true',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ stage: 'qualified' }),
    });
    expect(stage.status).toBe(200);
    const pushed = JSON.parse(stage.headers.get('HX-Trigger') ?? '{}')[DATA_LAYER_HX_EVENT];
    expect(pushed).toMatchObject({ event: 'lead_stage_changed', stage: 'qualified', utm_campaign: 'x' });

    // The leader's sender job runs.
    const tick = await outboxSenderSweeper().tick(deps, deps.clock.now());
    expect(tick).toMatchObject({ processed: 2, failed: 0 });

    const lead = meta.received.find((event) => event.event_id === pushed.event_id);
    const captured = Date.parse(deps.clock.now().toISOString());
    expect(lead).toMatchObject({
      event_name: 'Lead',
      action_source: 'website',
      event_source_url: landing,
      user_data: {
        fbc: `fb.1.${captured}.y`,
        fbp: FBP,
        em: [sha256Hex('grace.hopper@example.com')],
        ph: [sha256Hex('14155552671')],
        client_user_agent: UA,
        client_ip_address: '127.0.0.1',
      },
      custom_data: { utm_source: 'meta', utm_campaign: 'x', lead_stage: 'qualified' },
    });
    expect(meta.requestsPerEventId.get(pushed.event_id)).toBe(1);

    const collect = ga4.requests.find((request) => request.path === '/mp/collect');
    expect(collect?.body).toMatchObject({
      client_id: '555666777.1764000000',
      events: [
        {
          name: 'qualify_lead',
          params: { event_id: pushed.event_id, session_id: '1764050000', campaign: 'x', source: 'meta' },
        },
      ],
    });
    expect(ga4.problems).toEqual([]);
    agentSocket.close();
    visitor.close();
  }, 30_000);
});
