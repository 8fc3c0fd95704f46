import { beforeEach, expect, test } from 'bun:test';
import { KEEP_EXPIRED_SESSIONS_MS, sessionPurgeSweeper } from '../../../src/auth/sessions.sweepers.ts';
import { recordHeartbeat } from '../../../src/routing/agents.service.ts';
import {
  agentGoneSweeper,
  idleAgentSweeper,
  queueDrainSweeper,
  visitorGoneSweeper,
} from '../../../src/routing/routing.sweepers.ts';
import { defaultRoutingSettings } from '../../../src/routing/routing-settings.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import type { TestDeps } from '../../support/make-app.ts';
import {
  chatMaker,
  connectAgent,
  disconnectAgent,
  onlineAgent,
  statusOf,
} from '../routing/routing-fixtures.ts';

const settings = defaultRoutingSettings;
const nothing = { processed: 0, skipped: 0, failed: 0 };

describeEachDialect(`sweepers (ROUTE-6, -7, -9)`, (fresh) => {
  let deps: TestDeps;
  beforeEach(async () => {
    ({ deps } = await fresh());
  });

  const tick = (sweeper: ReturnType<typeof visitorGoneSweeper>) => sweeper.tick(deps, deps.clock.now());
  const visitor = (id: string) => ({ kind: 'visitor' as const, id });

  test('visitor gone: nothing at 14.999 s, offline at exactly 15 s, a second tick changes nothing', async () => {
    const agent = await onlineAgent(deps);
    const chat = await (await chatMaker(deps))({
      status: 'active',
      assignee_id: agent.id,
      queued_at: null,
    });
    await deps.presence.connect(visitor(chat.id), 'v1', deps.clock.now());
    await deps.presence.disconnect(visitor(chat.id), 'v1', deps.clock.now());
    const sweeper = visitorGoneSweeper(settings);
    deps.clock.advance(14_999);
    expect(await tick(sweeper)).toEqual(nothing);
    expect((await statusOf(deps, chat.id)).status).toBe('active');
    deps.clock.advance(1);
    expect(await tick(sweeper)).toEqual({ processed: 1, skipped: 0, failed: 0 });
    expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'offline', assignee_id: agent.id });
    expect(await tick(sweeper)).toEqual(nothing);
  });

  test('a visitor who reconnects within the grace keeps an active chat', async () => {
    const agent = await onlineAgent(deps);
    const chat = await (await chatMaker(deps))({
      status: 'active',
      assignee_id: agent.id,
      queued_at: null,
    });
    await deps.presence.connect(visitor(chat.id), 'v1', deps.clock.now());
    await deps.presence.disconnect(visitor(chat.id), 'v1', deps.clock.now());
    deps.clock.advance(10_000);
    await deps.presence.connect(visitor(chat.id), 'v2', deps.clock.now());
    deps.clock.advance(60_000);
    expect(await tick(visitorGoneSweeper(settings))).toEqual(nothing);
    expect((await statusOf(deps, chat.id)).status).toBe('active');
  });

  test('visitor gone across a batch boundary: 130 chats, all handled once', async () => {
    const make = await chatMaker(deps);
    const chats = [];
    for (let i = 0; i < 130; i++) {
      const chat = await make();
      chats.push(chat);
      await deps.presence.connect(visitor(chat.id), `v${i}`, deps.clock.now());
      await deps.presence.disconnect(visitor(chat.id), `v${i}`, deps.clock.now());
    }
    deps.clock.advance(15_000);
    const sweeper = visitorGoneSweeper(settings);
    expect(await tick(sweeper)).toEqual({ processed: 130, skipped: 0, failed: 0 });
    const offline = await deps.db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'offline')
      .executeTakeFirstOrThrow();
    expect(Number(offline.n)).toBe(130);
    expect(await tick(sweeper)).toEqual(nothing);
  });

  test('agent gone: nothing at 29.999 s, present visitors released at exactly 30 s', async () => {
    const agent = await onlineAgent(deps, { offlineLimit: 1 });
    const make = await chatMaker(deps);
    const chats = [];
    for (let i = 0; i < 3; i++)
      chats.push(await make({ status: 'active', assignee_id: agent.id, queued_at: null }));
    await disconnectAgent(deps, agent.id, 'tab-1');
    const sweeper = agentGoneSweeper(settings);
    deps.clock.advance(29_999);
    expect(await tick(sweeper)).toEqual(nothing);
    deps.clock.advance(1);
    expect(await tick(sweeper)).toEqual({ processed: 1, skipped: 0, failed: 0 });
    const rows = await Promise.all(chats.map((c) => statusOf(deps, c.id)));
    // The offline limit parks only chats whose visitor is gone (ADR 0036): all three re-queue.
    expect(rows.filter((r) => r.status === 'unassigned' && r.assignee_id === null)).toHaveLength(3);
    expect(await tick(sweeper)).toEqual(nothing);
  });

  test('an agent refreshing the page (socket closes, reopens within 30 s) keeps every chat', async () => {
    const agent = await onlineAgent(deps, { offlineLimit: 0 });
    const make = await chatMaker(deps);
    const chats = [];
    for (let i = 0; i < 3; i++)
      chats.push(await make({ status: 'active', assignee_id: agent.id, queued_at: null }));
    await connectAgent(deps, agent.id, 'tab-2'); // a second tab
    await disconnectAgent(deps, agent.id, 'tab-2'); // closing one tab is not leaving
    await disconnectAgent(deps, agent.id, 'tab-1'); // the refresh: all sockets closed...
    deps.clock.advance(1_500);
    await connectAgent(deps, agent.id, 'tab-3'); // ...and the reloaded page reconnects
    deps.clock.advance(120_000);
    expect(await tick(agentGoneSweeper(settings))).toEqual(nothing);
    for (const chat of chats) expect(await statusOf(deps, chat.id)).toMatchObject({ assignee_id: agent.id });
  });

  test('agent gone with 120 chats: released by one set-based update, queue re-routed', async () => {
    const agent = await onlineAgent(deps, { activeLimit: 200, offlineLimit: 0 });
    const make = await chatMaker(deps);
    for (let i = 0; i < 120; i++) await make({ status: 'active', assignee_id: agent.id, queued_at: null });
    const helper = await onlineAgent(deps, { activeLimit: 5 });
    await disconnectAgent(deps, agent.id, 'tab-1');
    deps.clock.advance(30_000);
    expect(await tick(agentGoneSweeper(settings))).toEqual({ processed: 1, skipped: 0, failed: 0 });
    const held = await deps.db
      .selectFrom('conversations')
      .select(['assignee_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('assignee_id')
      .execute();
    const byHolder = Object.fromEntries(held.map((r) => [r.assignee_id ?? 'queue', Number(r.n)]));
    expect(byHolder).toEqual({ [helper.id]: 5, queue: 115 });
  });

  test('idle agent: nothing at 4:59.999, logged out with chats released at exactly 5 min', async () => {
    const agent = await onlineAgent(deps, { offlineLimit: 0 });
    const chat = await (await chatMaker(deps))({
      status: 'active',
      assignee_id: agent.id,
      queued_at: null,
    });
    await recordHeartbeat(deps, agent.id);
    const sweeper = idleAgentSweeper(settings);
    deps.clock.advance(5 * 60_000 - 1);
    expect(await tick(sweeper)).toEqual(nothing);
    deps.clock.advance(1);
    expect(await tick(sweeper)).toEqual({ processed: 1, skipped: 0, failed: 0 });
    const sessions = await deps.db
      .selectFrom('sessions')
      .select('revoked_at')
      .where('user_id', '=', agent.id)
      .execute();
    expect(sessions.every((s) => s.revoked_at !== null)).toBe(true);
    expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'unassigned', assignee_id: null });
    expect(await tick(sweeper)).toEqual(nothing);
  });

  test('a heartbeat keeps a reading agent in', async () => {
    const agent = await onlineAgent(deps);
    await (await chatMaker(deps))({ status: 'active', assignee_id: agent.id, queued_at: null });
    deps.clock.advance(4 * 60_000);
    await recordHeartbeat(deps, agent.id);
    deps.clock.advance(4 * 60_000);
    expect(await tick(idleAgentSweeper(settings))).toEqual(nothing);
  });

  test('idle agents across a batch boundary: 105 agents logged out in one tick', async () => {
    const make = await chatMaker(deps);
    for (let i = 0; i < 105; i++) {
      const agent = await onlineAgent(deps);
      await make({ status: 'active', assignee_id: agent.id, queued_at: null });
    }
    // Idle too, but holds no chat and takes none of the released ones: left alone.
    await onlineAgent(deps, { liveChat: false });
    deps.clock.advance(5 * 60_000);
    const sweeper = idleAgentSweeper(settings);
    expect(await tick(sweeper)).toEqual({ processed: 105, skipped: 0, failed: 0 });
    const live = await deps.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(live.n)).toBe(1);
    expect(await tick(sweeper)).toEqual(nothing);
  });

  test('queue drain retry assigns waiting chats once capacity exists', async () => {
    const make = await chatMaker(deps);
    const waiting = [await make(), await make()];
    await onlineAgent(deps); // online, but nobody drained the queue
    expect(await tick(queueDrainSweeper(settings))).toEqual({ processed: 2, skipped: 0, failed: 0 });
    for (const chat of waiting) expect((await statusOf(deps, chat.id)).status).toBe('active');
    expect(await tick(queueDrainSweeper(settings))).toEqual(nothing);
  });

  test('session purge deletes sessions a day after they expired, not before', async () => {
    const agent = await onlineAgent(deps);
    deps.clock.advance(86_400_000 + 1); // expired: the session watch still has to see it end
    expect(await tick(sessionPurgeSweeper(settings.sessionPurgeSweepMs))).toEqual(nothing);
    deps.clock.advance(KEEP_EXPIRED_SESSIONS_MS - 2);
    expect(await tick(sessionPurgeSweeper(settings.sessionPurgeSweepMs))).toEqual(nothing);
    deps.clock.advance(2);
    expect(await tick(sessionPurgeSweeper(settings.sessionPurgeSweepMs))).toEqual({
      processed: 1,
      skipped: 0,
      failed: 0,
    });
    expect(
      await deps.db.selectFrom('sessions').select('id').where('user_id', '=', agent.id).execute(),
    ).toEqual([]);
  });
});
