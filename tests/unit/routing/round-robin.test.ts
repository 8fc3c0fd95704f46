import { describe, expect, test } from 'bun:test';
import { type AgentSnapshot, canParkOffline, whyIneligible } from '../../../src/routing/eligibility.ts';
import { orderAgents, pickAgent } from '../../../src/routing/round-robin.ts';
import { defaultRoutingSettings, parseRoutingSettings } from '../../../src/routing/routing-settings.ts';

const agent = (id: string, overrides: Partial<AgentSnapshot> = {}): AgentSnapshot => ({
  id,
  role: 'agent',
  isActive: true,
  liveChatEnabled: true,
  onBreak: false,
  online: true,
  activeCount: 0,
  activeLimit: 3,
  offlineCount: 0,
  offlineLimit: 5,
  lastAssignedAt: null,
  ...overrides,
});

describe('eligibility (ROUTE-2, ROUTE-10)', () => {
  test('an online live-chat agent below the limit is eligible', () => {
    expect(whyIneligible(agent('a'))).toBeUndefined();
  });
  test('each rule refuses with its own reason', () => {
    expect(whyIneligible(agent('a', { liveChatEnabled: false }))).toBe('target_no_live_chat');
    expect(whyIneligible(agent('a', { isActive: false }))).toBe('target_no_live_chat');
    expect(whyIneligible(agent('a', { role: 'manager' }))).toBe('target_no_live_chat');
    expect(whyIneligible(agent('a', { online: false }))).toBe('target_offline');
    expect(whyIneligible(agent('a', { onBreak: true }))).toBe('target_on_break');
    expect(whyIneligible(agent('a', { activeCount: 3 }))).toBe('target_at_limit');
    expect(whyIneligible(agent('a', { activeCount: 2 }))).toBeUndefined();
    expect(whyIneligible(agent('a', { activeLimit: 0 }))).toBe('target_at_limit');
  });
  test('offline parking needs the agent online and below the offline limit', () => {
    expect(canParkOffline(agent('a', { offlineCount: 4 }))).toBe(true);
    expect(canParkOffline(agent('a', { offlineCount: 5 }))).toBe(false);
    expect(canParkOffline(agent('a', { online: false }))).toBe(false);
  });
});

describe('round robin (ROUTE-2)', () => {
  const agents = [agent('c'), agent('a'), agent('b')];
  const input = { agents, mode: 'round_robin' as const };

  test('starts at the first agent by id, then follows the pointer and wraps around', () => {
    expect(pickAgent({ ...input, pointer: null })).toBe('a');
    expect(pickAgent({ ...input, pointer: 'a' })).toBe('b');
    expect(pickAgent({ ...input, pointer: 'b' })).toBe('c');
    expect(pickAgent({ ...input, pointer: 'c' })).toBe('a');
  });

  test('a full rotation visits every agent once, in order', () => {
    let pointer: string | null = null;
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      pointer = pickAgent({ ...input, pointer }) ?? null;
      if (pointer) seen.push(pointer);
    }
    expect(seen).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  test('a pointer read back after a restart continues the rotation where it stopped', () => {
    // The pointer is only an id: what a fresh process reads from routing_state gives the same pick.
    const persisted = JSON.parse(JSON.stringify({ pointer: 'b' })).pointer as string;
    expect(pickAgent({ ...input, pointer: persisted })).toBe('c');
  });

  test('a pointer naming an agent who left still moves to the next id after it', () => {
    expect(pickAgent({ ...input, pointer: 'bb' })).toBe('c');
    expect(pickAgent({ ...input, pointer: 'zz' })).toBe('a');
  });

  test('ineligible agents are skipped; the fallback order follows the rotation', () => {
    const some = [agent('a'), agent('b', { onBreak: true }), agent('c'), agent('d', { activeCount: 3 })];
    expect(orderAgents({ agents: some, mode: 'round_robin', pointer: 'a' })).toEqual(['c', 'a']);
    expect(pickAgent({ agents: [agent('a', { online: false })], mode: 'round_robin', pointer: null })).toBe(
      undefined,
    );
  });
});

describe('balanced mode (BEYOND-1)', () => {
  test('fewest active chats first', () => {
    const agents = [
      agent('a', { activeCount: 2 }),
      agent('b', { activeCount: 0 }),
      agent('c', { activeCount: 1 }),
    ];
    expect(orderAgents({ agents, mode: 'balanced', pointer: null })).toEqual(['b', 'c', 'a']);
  });
  test('ties go to the longest since the last assignment, never-assigned first, then by id', () => {
    const agents = [
      agent('a', { activeCount: 1, lastAssignedAt: '2026-11-23T10:05:00.000Z' }),
      agent('b', { activeCount: 1, lastAssignedAt: '2026-11-23T10:01:00.000Z' }),
      agent('d', { activeCount: 1, lastAssignedAt: null }),
      agent('c', { activeCount: 1, lastAssignedAt: null }),
    ];
    expect(orderAgents({ agents, mode: 'balanced', pointer: 'a' })).toEqual(['c', 'd', 'b', 'a']);
  });
});

describe('duplicate by phone (ROUTE-2)', () => {
  const agents = [agent('a'), agent('b'), agent('c')];
  test('a returning phone goes back to the eligible agent holding it, whatever the rotation', () => {
    expect(pickAgent({ agents, mode: 'round_robin', pointer: null, phoneHolderIds: ['c'] })).toBe('c');
    expect(pickAgent({ agents, mode: 'balanced', pointer: null, phoneHolderIds: ['b'] })).toBe('b');
  });
  test('a holder who is not eligible is skipped, never handed a second copy', () => {
    const busy = [agent('a'), agent('b', { activeCount: 3 }), agent('c')];
    expect(orderAgents({ agents: busy, mode: 'round_robin', pointer: 'a', phoneHolderIds: ['b'] })).toEqual([
      'c',
      'a',
    ]);
    const away = [agent('a', { online: false }), agent('b')];
    expect(orderAgents({ agents: away, mode: 'round_robin', pointer: null, phoneHolderIds: ['a'] })).toEqual([
      'b',
    ]);
  });
});

describe('routing settings', () => {
  test('missing or corrupt stored settings fall back to the defaults', () => {
    expect(parseRoutingSettings(undefined)).toEqual(defaultRoutingSettings);
    expect(parseRoutingSettings('not json')).toEqual(defaultRoutingSettings);
    expect(defaultRoutingSettings.visitorGoneMs).toBe(15_000);
    expect(defaultRoutingSettings.agentGoneMs).toBe(30_000);
    expect(defaultRoutingSettings.agentIdleMs).toBe(300_000);
  });
  test('a partial object keeps its valid fields and defaults the rest', () => {
    const parsed = parseRoutingSettings('{"mode":"balanced","visitorGoneMs":-1,"agentGoneMs":45000}');
    expect(parsed.mode).toBe('balanced');
    expect(parsed.visitorGoneMs).toBe(15_000);
    expect(parsed.agentGoneMs).toBe(45_000);
  });
});
