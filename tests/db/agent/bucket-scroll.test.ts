import { expect, test } from 'bun:test';
import { createApp } from '../../../src/app.tsx';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeProject, makeVisitor } from '../../support/factories.ts';
import { createStaff, ORIGIN } from '../../support/make-app.ts';

const CHATS = 5000;
const PAGE = 20;

/**
 * AGENT-1: an agent scrolls a 5,000-chat bucket 20 at a time while messages keep arriving (each
 * arrival moves a chat to the top). Keyset paging must never repeat a chat nor skip one that did
 * not move; the ones that moved are shown at the top by the live refresh, not by the scroll.
 */
describeEachDialect(`bucket of ${CHATS} chats`, (fresh, dialect) => {
  test('scrolls in pages of 20, stable order, no duplicates, no gaps, while messages arrive', async () => {
    const { deps } = await fresh();
    const app = createApp(deps);
    const agent = await createStaff(deps, 'agent', { activeLimit: CHATS });
    const project = await makeProject(deps.db);
    const visitor = await makeVisitor(deps.db, { project_id: project.id });
    // Every third chat shares its last-message time with a neighbour: ties are broken by id.
    const base = Date.parse('2026-11-20T00:00:00.000Z');
    const rows = Array.from({ length: CHATS }, (_, i) => {
      const at = new Date(base + Math.floor(i / 3) * 1000).toISOString();
      return {
        id: `C${String(i).padStart(6, '0')}`,
        project_id: project.id,
        visitor_id: visitor.id,
        status: 'active',
        assignee_id: agent.id,
        visitor_name: `Visitor ${i}`,
        last_message_at: at,
        created_at: at,
        updated_at: at,
      };
    });
    for (let i = 0; i < rows.length; i += 500) {
      await deps.db
        .insertInto('conversations')
        .values(rows.slice(i, i + 500))
        .execute();
    }

    const seen: string[] = [];
    const moved = new Set<string>();
    let url: string | undefined = '/agent/buckets?bucket=active';
    let arrivals = 0;
    const timings: number[] = [];
    while (url) {
      const started = performance.now();
      const res: Response = await app.request(url, {
        headers: { Cookie: agent.cookie, 'HX-Request': 'true', Origin: ORIGIN },
      });
      timings.push(performance.now() - started);
      expect(res.status).toBe(200);
      const html = await res.text();
      const ids = [...html.matchAll(/data-conversation-id="(C\d{6})"/g)].map((m) => m[1] ?? '');
      expect(ids.length).toBeLessThanOrEqual(PAGE);
      seen.push(...ids);
      url = html.match(/hx-get="(\/agent\/buckets\?[^"]*after=[^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
      // A new visitor message arrives in two chats: one already scrolled past, one not yet seen.
      arrivals++;
      const now = new Date(Date.parse('2026-11-23T10:00:00.000Z') + arrivals * 1000).toISOString();
      for (const n of [arrivals * 7, CHATS - 1 - arrivals * 11]) {
        const id = `C${String(((n % CHATS) + CHATS) % CHATS).padStart(6, '0')}`;
        moved.add(id);
        await deps.db
          .updateTable('conversations')
          .set({ last_message_at: now })
          .where('id', '=', id)
          .execute();
      }
    }

    timings.sort((a, b) => a - b);
    const at = (q: number) =>
      timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]?.toFixed(2);
    console.log(`${dialect.name}: ${timings.length} bucket pages, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
    expect(new Set(seen).size).toBe(seen.length); // no duplicates
    const original = new Map(rows.map((r) => [r.id, r.last_message_at]));
    const unmoved = rows.map((r) => r.id).filter((id) => !moved.has(id));
    const seenSet = new Set(seen);
    expect(unmoved.filter((id) => !seenSet.has(id))).toEqual([]); // no gaps
    // Stable order: newest first, ties by id descending, for the chats that did not move.
    const order = seen.filter((id) => !moved.has(id));
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1] ?? '', order[i] ?? ''];
      const before = `${original.get(a)}|${a}`;
      expect(before > `${original.get(b)}|${b}`).toBe(true);
    }
    expect(arrivals).toBeGreaterThanOrEqual(CHATS / PAGE - 30);
  }, 60_000);
});
