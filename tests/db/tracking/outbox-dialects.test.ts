import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { changeLeadStage } from '../../../src/leads/lead-stage.service.ts';
import { sendDueOutboxEvents } from '../../../src/tracking/outbox-sender.service.ts';
import { META_TOKEN, PIXEL, trackedLead, trackedProject } from '../../http/tracking/tracking-fixture.ts';
import { type FakeMetaGraph, fakeMetaGraph } from '../../support/fakes/fake-meta-graph.ts';
import { createStaff, makeTestDeps } from '../../support/make-app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { testDialects } from '../../support/test-db.ts';

/**
 * The stage change's transaction and the sender's claims on every configured database (SQLite,
 * and PostgreSQL with TEST_POSTGRES_URL, where statements really run concurrently).
 */
for (const dialect of testDialects) {
  describe(`conversion outbox on ${dialect.name}`, () => {
    const clock = manualClock();
    let meta: FakeMetaGraph;
    beforeAll(() => {
      meta = fakeMetaGraph({ accessToken: META_TOKEN, pixelId: PIXEL, now: clock.now });
    });
    afterAll(() => meta.stop());

    async function setup() {
      const database = await dialect.create();
      const deps = await makeTestDeps({ db: database.db, clock, env: { META_GRAPH_URL: meta.url } });
      const manager = await createStaff(deps, 'manager');
      const project = await trackedProject(deps, { ga4: false, currency: 'INR' });
      const chat = await trackedLead(deps, project.id);
      return { database, deps, manager, chat };
    }

    test('two people changing one lead at once: each change sees the true previous stage, events once', async () => {
      const { database, deps, manager, chat } = await setup();
      try {
        const actor = { id: manager.id, role: 'manager' as const };
        const results = await Promise.all([
          changeLeadStage(deps, { conversationId: chat.id, stage: 'qualified', actor }),
          changeLeadStage(deps, { conversationId: chat.id, stage: 'converted', actor, value: 2500 }),
          changeLeadStage(deps, { conversationId: chat.id, stage: 'qualified', actor }),
        ]);
        expect(results.every((result) => result.ok)).toBe(true);
        const history = await deps.db
          .selectFrom('lead_stage_changes')
          .select(['from_stage', 'to_stage', 'conversion_value', 'conversion_currency'])
          .where('conversation_id', '=', chat.id)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        // A chain from New: every change starts where another ended (same-instant rows share a time).
        const left = [...history];
        let at = 'new';
        while (left.length > 0) {
          const next = left.findIndex((row) => row.from_stage === at);
          expect(next).toBeGreaterThanOrEqual(0);
          at = left.splice(next, 1)[0]?.to_stage ?? '';
        }
        const stored = await deps.db
          .selectFrom('conversations')
          .select('lead_stage')
          .where('id', '=', chat.id)
          .executeTakeFirstOrThrow();
        expect(stored.lead_stage).toBe(at);
        const converted = history.find((row) => row.to_stage === 'converted');
        expect(Number(converted?.conversion_value)).toBe(2500);
        expect(converted?.conversion_currency).toBe('INR');
        const outbox = await deps.db
          .selectFrom('outbox_events')
          .select(['event_name', 'status'])
          .where('conversation_id', '=', chat.id)
          .orderBy('event_name')
          .execute();
        expect(outbox).toEqual([
          { event_name: 'Lead', status: 'pending' },
          { event_name: 'Purchase', status: 'pending' },
        ]);
      } finally {
        await database.dispose();
      }
    });

    test('two senders at once deliver each event exactly once', async () => {
      const { database, deps, manager, chat } = await setup();
      try {
        const changed = await changeLeadStage(deps, {
          conversationId: chat.id,
          stage: 'qualified',
          actor: { id: manager.id, role: 'manager' },
        });
        expect(changed.ok).toBe(true);
        meta.script({ delayMs: 200 });
        const tallies = await Promise.all([
          sendDueOutboxEvents(deps, clock.now()),
          sendDueOutboxEvents(deps, clock.now()),
          sendDueOutboxEvents(deps, clock.now()),
        ]);
        expect(tallies.reduce((sum, tally) => sum + tally.sent, 0)).toBe(1);
        expect(meta.requestsPerEventId.get(`${chat.visitor_id}.qualified`)).toBe(1);
        const row = await deps.db
          .selectFrom('outbox_events')
          .select(['status', 'attempts', 'claimed_until'])
          .where('conversation_id', '=', chat.id)
          .executeTakeFirstOrThrow();
        expect({ ...row, attempts: Number(row.attempts) }).toEqual({
          status: 'sent',
          attempts: 1,
          claimed_until: null,
        });
      } finally {
        await database.dispose();
      }
    });
  });
}
