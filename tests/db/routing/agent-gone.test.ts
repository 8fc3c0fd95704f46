import { beforeEach, expect, test } from 'bun:test';
import { agentGoneSweeper, idleAgentSweeper } from '../../../src/routing/routing.sweepers.ts';
import { defaultRoutingSettings } from '../../../src/routing/routing-settings.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import type { TestDeps } from '../../support/make-app.ts';
import { chatMaker, disconnectAgent, onlineAgent, statusOf } from './routing-fixtures.ts';

const settings = defaultRoutingSettings;
const nothing = { processed: 0, skipped: 0, failed: 0 };

/**
 * ROUTE-7 and the brief's "Visitor doesn't wait alone" (issue 13 item 6): when an agent's last tab
 * has been gone for the grace period, a visitor who is still on the page must not keep waiting on
 * them. Only chats whose visitor is gone may stay parked with the agent, up to the offline limit.
 */
describeEachDialect(`agent gone (ROUTE-7)`, (fresh) => {
  let deps: TestDeps;
  beforeEach(async () => {
    ({ deps } = await fresh());
  });
  const tick = (sweeper: ReturnType<typeof agentGoneSweeper>) => sweeper.tick(deps, deps.clock.now());

  test('every present visitor goes to a teammate with room, although the offline limit has room for them', async () => {
    const away = await onlineAgent(deps, { activeLimit: 5, offlineLimit: 3 });
    const teammate = await onlineAgent(deps, { activeLimit: 5 });
    const make = await chatMaker(deps);
    const parked = [
      await make({ status: 'offline', assignee_id: away.id, queued_at: null }),
      await make({ status: 'offline', assignee_id: away.id, queued_at: null }),
    ];
    const present = [
      await make({ status: 'active', assignee_id: away.id, queued_at: null }),
      await make({ status: 'active', assignee_id: away.id, queued_at: null }),
    ];
    await disconnectAgent(deps, away.id, 'tab-1');

    const sweeper = agentGoneSweeper(settings);
    deps.clock.advance(settings.agentGoneMs - 1);
    expect(await tick(sweeper)).toEqual(nothing);
    for (const chat of present) expect((await statusOf(deps, chat.id)).assignee_id).toBe(away.id);

    deps.clock.advance(1);
    expect(await tick(sweeper)).toEqual({ processed: 1, skipped: 0, failed: 0 });
    // Both present visitors are with the teammate now: none waits on the away agent.
    for (const chat of present) {
      expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'active', assignee_id: teammate.id });
    }
    // Gone visitors stay parked with their agent, who answers when either of them is back.
    for (const chat of parked) {
      expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'offline', assignee_id: away.id });
    }
    const released = deps.publisher.published.flatMap((p) =>
      p.event.type === 'conversation.assigned' && p.event.previousAssigneeId === away.id
        ? [p.event.conversationId]
        : [],
    );
    expect(new Set(released)).toEqual(new Set(present.map((c) => c.id)));
    expect(await tick(sweeper)).toEqual(nothing);
  });

  test('gone visitors beyond the offline limit are released unheld, the most recent ones stay', async () => {
    const away = await onlineAgent(deps, { activeLimit: 5, offlineLimit: 2 });
    const make = await chatMaker(deps);
    // Oldest first: chatMaker stamps each chat's last message a millisecond after the previous one.
    const oldest = await make({ status: 'offline', assignee_id: away.id, queued_at: null });
    const recent = [
      await make({ status: 'offline', assignee_id: away.id, queued_at: null }),
      await make({ status: 'offline', assignee_id: away.id, queued_at: null }),
    ];
    await disconnectAgent(deps, away.id, 'tab-1');
    deps.clock.advance(settings.agentGoneMs);
    expect(await tick(agentGoneSweeper(settings))).toEqual({ processed: 1, skipped: 0, failed: 0 });
    expect(await statusOf(deps, oldest.id)).toMatchObject({ status: 'offline', assignee_id: null });
    for (const chat of recent) {
      expect(await statusOf(deps, chat.id)).toMatchObject({ status: 'offline', assignee_id: away.id });
    }
  });

  test('a present visitor is released even when the offline limit has room and nobody can take them yet', async () => {
    const away = await onlineAgent(deps, { activeLimit: 5, offlineLimit: 5 });
    const chat = await (await chatMaker(deps))({ status: 'active', assignee_id: away.id, queued_at: null });
    await disconnectAgent(deps, away.id, 'tab-1');
    deps.clock.advance(settings.agentGoneMs);
    expect(await tick(agentGoneSweeper(settings))).toEqual({ processed: 1, skipped: 0, failed: 0 });
    // Back in the queue (queued now), so the next agent to come online, or the AI, takes it.
    expect(await statusOf(deps, chat.id)).toMatchObject({
      status: 'unassigned',
      assignee_id: null,
      queued_at: deps.clock.now().toISOString(),
    });
  });

  test('an idle agent logged out by the sweeper releases present visitors the same way', async () => {
    const idle = await onlineAgent(deps, { activeLimit: 5, offlineLimit: 3 });
    const make = await chatMaker(deps);
    const parked = await make({ status: 'offline', assignee_id: idle.id, queued_at: null });
    const present = await make({ status: 'active', assignee_id: idle.id, queued_at: null });
    deps.clock.advance(settings.agentIdleMs);
    expect(await idleAgentSweeper(settings).tick(deps, deps.clock.now())).toEqual({
      processed: 1,
      skipped: 0,
      failed: 0,
    });
    expect(await statusOf(deps, present.id)).toMatchObject({ status: 'unassigned', assignee_id: null });
    expect(await statusOf(deps, parked.id)).toMatchObject({ status: 'offline', assignee_id: idle.id });
  });
});
