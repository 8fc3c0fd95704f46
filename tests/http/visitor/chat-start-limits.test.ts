import { describe, expect, test } from 'bun:test';
import { closeConversation } from '../../../src/routing/lifecycle.service.ts';
import { strikeRules } from '../../../src/security/strikes.service.ts';
import {
  CHAT_AGAIN_LIMITS,
  CHAT_START_LIMITS,
  OPEN_CHATS_PER_ADDRESS,
  VISITOR_HISTORY_LIMIT,
} from '../../../src/visitors/chat-limits.ts';
import { createStaff, makeTestApp, ORIGIN } from '../../support/make-app.ts';
import { BROWSER_UA, fromPeer } from '../../support/peer.ts';
import { countRows, startChatJson, validForm, visitorProject } from './visitor-support.ts';

/**
 * Lead floods (SEC-8, issue 13): one client created 120 chats in 0.3 s and filled every online
 * agent's slots. Chat start and follow-up chats are rate-limited per address and per visitor
 * token (each refusal a strike), open chats are capped, and the history endpoint is limited.
 */
const ATTACKER = '198.51.100.7';

type App = Awaited<ReturnType<typeof makeTestApp>>['app'];

const start = (app: App, slug: string, ip: string, headers: Record<string, string> = {}) =>
  startChatJson(app, slug, validForm, { 'User-Agent': BROWSER_UA, ...headers }, ip);

function again(app: App, slug: string, ip: string, token: string) {
  return app.request(
    `/p/${slug}/chat/again`,
    {
      method: 'POST',
      headers: {
        Origin: ORIGIN,
        Accept: 'application/json',
        'User-Agent': BROWSER_UA,
        'X-Visitor-Token': token,
      },
    },
    fromPeer(ip),
  );
}

const perAddress = CHAT_START_LIMITS.perAddress;

describe('chat start floods (SEC-8)', () => {
  test('120 starts from one address in a burst: only the allowance becomes chats, then 429s and a block', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) statuses.push((await start(app, project.slug, ATTACKER)).status);
    expect(statuses.slice(0, perAddress.limit)).toEqual(Array(perAddress.limit).fill(201));
    // The refusals are strikes: after five the address is blocked (bare 403) for 20 minutes.
    const limited = strikeRules.rate_limited.limit;
    expect(statuses.slice(perAddress.limit, perAddress.limit + limited)).toEqual(Array(limited).fill(429));
    expect(statuses.slice(perAddress.limit + limited).every((s) => s === 403)).toBe(true);
    expect(deps.blocks.isBlocked(ATTACKER)).toBe(true);
    expect((await countRows(deps.db)).conversations).toBe(perAddress.limit);
    // Someone else is not affected.
    expect((await start(app, project.slug, '203.0.113.50')).status).toBe(201);
  });

  test('a refused start says why and when to try again, as JSON for the page script', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    for (let i = 0; i < perAddress.limit; i++) await start(app, project.slug, ATTACKER);
    const res = await start(app, project.slug, ATTACKER);
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(await res.json()).toEqual({ error: 'rate_limited', retryAfter });
    // The window slides: later on the address may start chats again (once there is room).
    const admin = await createStaff(deps, 'admin');
    for (const chat of await deps.db.selectFrom('conversations').select('id').execute()) {
      await closeConversation(deps, { conversationId: chat.id, actorId: admin.id });
    }
    deps.clock.advance(perAddress.windowMs);
    expect((await start(app, project.slug, ATTACKER)).status).toBe(201);
  });

  test('one visitor token from many addresses: limited per token too, and never more than one open chat', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const first = await start(app, project.slug, '203.0.113.1');
    const { token, conversationId } = (await first.json()) as { token: string; conversationId: string };
    const statuses: number[] = [];
    for (let i = 0; i < CHAT_START_LIMITS.perToken.limit + 2; i++) {
      const res = await start(app, project.slug, `203.0.113.${10 + i}`, { 'X-Visitor-Token': token });
      statuses.push(res.status);
      // A double submit (or a script) with a token whose chat is open gets that chat back.
      if (res.status === 201)
        expect(((await res.json()) as { conversationId: string }).conversationId).toBe(conversationId);
    }
    expect(statuses).toEqual([...Array(CHAT_START_LIMITS.perToken.limit).fill(201), 429, 429]);
    expect((await countRows(deps.db)).conversations).toBe(1);
  });

  test(`open chats per address are capped at ${OPEN_CHATS_PER_ADDRESS.limit}; closing one makes room`, async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const admin = await createStaff(deps, 'admin');
    const opened: string[] = [];
    let res: Response | undefined;
    for (let i = 0; i <= OPEN_CHATS_PER_ADDRESS.limit; i++) {
      // Slowly enough for the rate limit: only the cap on open chats stops these.
      deps.clock.advance(perAddress.windowMs / perAddress.limit + 1);
      res = await start(app, project.slug, ATTACKER);
      if (res.status === 201) opened.push(((await res.json()) as { conversationId: string }).conversationId);
    }
    expect(opened).toHaveLength(OPEN_CHATS_PER_ADDRESS.limit);
    expect(res?.status).toBe(429);
    expect(await res?.json()).toEqual({ error: 'chat.too_many_open' });
    expect(deps.blocks.isBlocked(ATTACKER)).toBe(false); // a full cap is not an attack by itself
    await closeConversation(deps, { conversationId: opened[0] ?? '', actorId: admin.id });
    deps.clock.advance(perAddress.windowMs);
    expect((await start(app, project.slug, ATTACKER)).status).toBe(201);
    // Chats started more than a day ago no longer count against the address.
    deps.clock.advance(OPEN_CHATS_PER_ADDRESS.withinMs);
    for (let i = 0; i < 3; i++) {
      deps.clock.advance(perAddress.windowMs);
      expect((await start(app, project.slug, ATTACKER)).status).toBe(201);
    }
  });

  test('follow-up chats after a close are rate-limited per address and per token', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const admin = await createStaff(deps, 'admin');
    const started = await start(app, project.slug, '203.0.113.1');
    const { token } = (await started.json()) as { token: string };
    const statuses: number[] = [];
    for (let i = 0; i < CHAT_AGAIN_LIMITS.perToken.limit + 1; i++) {
      const latest = await deps.db
        .selectFrom('conversations')
        .select('id')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      await closeConversation(deps, { conversationId: latest.id, actorId: admin.id });
      statuses.push((await again(app, project.slug, `203.0.113.${20 + i}`, token)).status);
    }
    expect(statuses).toEqual([...Array(CHAT_AGAIN_LIMITS.perToken.limit).fill(201), 429]);

    // Per address: junk tokens from one address are refused before any lookup after the allowance.
    const junk: number[] = [];
    for (let i = 0; i < CHAT_AGAIN_LIMITS.perAddress.limit + 1; i++) {
      junk.push((await again(app, project.slug, ATTACKER, `junk-token-${i}-${'x'.repeat(30)}`)).status);
    }
    expect(junk).toEqual([...Array(CHAT_AGAIN_LIMITS.perAddress.limit).fill(404), 429]);
  });

  test('the visitor history endpoint is rate-limited per address', async () => {
    const { app, deps } = await makeTestApp();
    const project = await visitorProject(deps.db);
    const { token, conversationId } = (await (await start(app, project.slug, '203.0.113.1')).json()) as {
      token: string;
      conversationId: string;
    };
    const read = () =>
      app.request(
        `/api/visitor/conversations/${conversationId}/messages`,
        { headers: { 'X-Visitor-Token': token, 'User-Agent': BROWSER_UA } },
        fromPeer(ATTACKER),
      );
    const statuses: number[] = [];
    for (let i = 0; i < VISITOR_HISTORY_LIMIT.limit + 1; i++) statuses.push((await read()).status);
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    deps.clock.advance(VISITOR_HISTORY_LIMIT.windowMs);
    expect((await read()).status).toBe(200);
  });
});
