import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { changeLeadStage } from '../../../src/leads/lead-stage.service.ts';
import { claimOutboxEvent } from '../../../src/tracking/outbox.queries.ts';
import { CLAIM_MS, sendDueOutboxEvents } from '../../../src/tracking/outbox-sender.service.ts';
import { type FakeGa4, fakeGa4 } from '../../support/fakes/fake-ga4.ts';
import { type FakeMetaGraph, fakeMetaGraph } from '../../support/fakes/fake-meta-graph.ts';
import { createStaff, makeTestDeps, type TestDeps } from '../../support/make-app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { GA4_ID, GA4_SECRET, META_TOKEN, PIXEL, trackedLead, trackedProject } from './tracking-fixture.ts';

/**
 * The outbox sender against fake Meta and GA4 servers on 127.0.0.1, with the manual clock (TRACK-3):
 * delivery, retry on 500 and 429, give-up past each platform's window, and never one event twice,
 * also across a sender that died holding a claim and two senders at once.
 */
const HOUR = 3_600_000;
const half = () => 0.5;

describe('conversion outbox sender (TRACK-3)', () => {
  const clock = manualClock('2026-11-23T10:00:00.000Z');
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

  async function qualifiedLead(options: Parameters<typeof trackedProject>[1] = {}) {
    clock.set('2026-11-23T10:00:00.000Z');
    const deps: TestDeps = await makeTestDeps({
      clock,
      env: { META_GRAPH_URL: meta.url, GA4_MP_URL: ga4.url },
    });
    const manager = await createStaff(deps, 'manager');
    const project = await trackedProject(deps, options);
    const chat = await trackedLead(deps, project.id);
    const changed = await changeLeadStage(deps, {
      conversationId: chat.id,
      stage: 'qualified',
      actor: { id: manager.id, role: 'manager' },
    });
    if (!changed.ok) throw new Error(changed.code);
    const row = (platform: 'meta' | 'ga4') =>
      deps.db
        .selectFrom('outbox_events')
        .selectAll()
        .where('conversation_id', '=', chat.id)
        .where('destination', '=', platform)
        .executeTakeFirstOrThrow();
    return { deps, chat, eventId: `${chat.id}.qualified`, row };
  }

  test('a Qualified lead goes out once to each platform; rows record sent, status and attempts', async () => {
    const s = await qualifiedLead();
    const tally = await sendDueOutboxEvents(s.deps, clock.now(), { random: half });
    expect(tally).toEqual({ sent: 2, retrying: 0, failed: 0, skipped: 0 });
    expect(meta.requestsPerEventId.get(s.eventId)).toBe(1);
    expect(ga4.requestsPerEventId.get(s.eventId)).toBe(1);
    expect(meta.received.find((event) => event.event_id === s.eventId)).toMatchObject({ event_name: 'Lead' });
    expect(ga4.problems).toEqual([]);
    expect(await s.row('meta')).toMatchObject({ status: 'sent', attempts: 1, last_http_status: 200 });
    expect(await s.row('ga4')).toMatchObject({ status: 'sent', attempts: 1, last_http_status: 204 });
    clock.advance(HOUR);
    expect(await sendDueOutboxEvents(s.deps, clock.now())).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
    });
    expect(meta.requestsPerEventId.get(s.eventId)).toBe(1);
  });

  test('a 500 then a 429 with Retry-After back off, and the event goes on the third attempt', async () => {
    const s = await qualifiedLead({ ga4: false });
    meta.script({ status: 500, body: { error: { message: 'Service temporarily unavailable', code: 2 } } });
    expect(await sendDueOutboxEvents(s.deps, clock.now(), { random: half })).toMatchObject({ retrying: 1 });
    const first = await s.row('meta');
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_http_status: 500 });
    // 30 s base with equal jitter: half-way into [15 s, 30 s].
    expect(Date.parse(first.next_attempt_at) - clock.now().getTime()).toBe(22_500);
    expect(await sendDueOutboxEvents(s.deps, clock.now())).toMatchObject({ sent: 0, retrying: 0 });

    clock.advance(30_000);
    meta.script({
      status: 429,
      headers: { 'Retry-After': '120' },
      body: { error: { message: 'slow down', code: 4 } },
    });
    expect(await sendDueOutboxEvents(s.deps, clock.now(), { random: half })).toMatchObject({ retrying: 1 });
    const second = await s.row('meta');
    expect(second).toMatchObject({ attempts: 2, last_http_status: 429 });
    expect(Date.parse(second.next_attempt_at) - clock.now().getTime()).toBe(120_000);

    clock.advance(120_000);
    expect(await sendDueOutboxEvents(s.deps, clock.now(), { random: half })).toMatchObject({ sent: 1 });
    expect(await s.row('meta')).toMatchObject({
      status: 'sent',
      attempts: 3,
      last_http_status: 200,
      last_error: null,
    });
    expect(meta.requestsPerEventId.get(s.eventId)).toBe(3);
    expect(meta.received.filter((event) => event.event_id === s.eventId)).toHaveLength(1);
  });

  test('past a platform’s window the row gives up: GA4 after 72 h while Meta (7 days) still goes', async () => {
    const s = await qualifiedLead();
    clock.advance(73 * HOUR);
    expect(await sendDueOutboxEvents(s.deps, clock.now())).toMatchObject({ sent: 1, failed: 1 });
    expect(await s.row('ga4')).toMatchObject({ status: 'failed' });
    expect((await s.row('ga4')).last_error).toContain('window');
    expect(ga4.requestsPerEventId.get(s.eventId)).toBeUndefined();
    expect(await s.row('meta')).toMatchObject({ status: 'sent' });
  });

  test('a permanent refusal (a revoked token) gives up at once and says why', async () => {
    const s = await qualifiedLead({ ga4: false });
    await s.deps.db
      .updateTable('projects')
      .set({ meta_capi_token: s.deps.secrets.seal('EAAB-revoked') })
      .execute();
    expect(await sendDueOutboxEvents(s.deps, clock.now())).toMatchObject({ failed: 1 });
    const row = await s.row('meta');
    expect(row).toMatchObject({ status: 'failed', last_http_status: 400 });
    expect(row.last_error).toContain('access token');
    expect(row.last_error).not.toContain('EAAB-revoked');
  });

  test('a sender that died holding the claim: nothing goes until the claim runs out, then exactly once', async () => {
    const s = await qualifiedLead({ ga4: false });
    const dead = await claimOutboxEvent(s.deps.db, {
      id: (await s.row('meta')).id,
      now: clock.now().toISOString(),
      until: new Date(clock.now().getTime() + CLAIM_MS).toISOString(),
    });
    expect(dead).toBeDefined();
    // The restarted sender sees the row held.
    clock.advance(CLAIM_MS - 1000);
    expect(await sendDueOutboxEvents(s.deps, clock.now())).toMatchObject({ sent: 0 });
    expect(meta.requestsPerEventId.get(s.eventId)).toBeUndefined();
    clock.advance(1000);
    expect(await sendDueOutboxEvents(s.deps, clock.now())).toMatchObject({ sent: 1 });
    clock.advance(CLAIM_MS * 2);
    await sendDueOutboxEvents(s.deps, clock.now());
    expect(meta.requestsPerEventId.get(s.eventId)).toBe(1);
    expect(await s.row('meta')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('two senders at once (an old leader still finishing, a new one starting) send each event once', async () => {
    const s = await qualifiedLead({ ga4: false });
    meta.script({ delayMs: 300 });
    const [a, b] = await Promise.all([
      sendDueOutboxEvents(s.deps, clock.now()),
      sendDueOutboxEvents(s.deps, clock.now()),
    ]);
    expect(a.sent + b.sent).toBe(1);
    expect(meta.requestsPerEventId.get(s.eventId)).toBe(1);
  });
});
