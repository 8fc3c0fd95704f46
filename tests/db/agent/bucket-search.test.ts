import { beforeEach, expect, test } from 'bun:test';
import { listBucket } from '../../../src/agent/buckets.queries.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { makeConversation } from '../../support/factories.ts';
import type { TestDeps } from '../../support/make-app.ts';
import { explainingSqlite } from '../../support/query-plans.ts';
import { chatMaker, onlineAgent } from '../routing/routing-fixtures.ts';

/**
 * AGENT-2 (issue 13 item 9): an agent searches by phone the way people write numbers. Stored
 * numbers are E.164; the query is normalised the same way (libphonenumber) and matched on its
 * digits, at the end of the number, through an index.
 */
describeEachDialect(`bucket search by phone (AGENT-2)`, (fresh) => {
  let deps: TestDeps;
  beforeEach(async () => {
    ({ deps } = await fresh());
  });

  test('a formatted number, its national form or its last digits find the chat; other digits do not', async () => {
    const me = await onlineAgent(deps);
    const make = await chatMaker(deps);
    const us = await make({ status: 'active', assignee_id: me.id, visitor_phone: '+12015550102' });
    const uk = await make({ status: 'active', assignee_id: me.id, visitor_phone: '+447911123456' });
    await make({ status: 'active', assignee_id: me.id, visitor_phone: '+12015550103', visitor_name: 'Ann' });
    const find = async (search: string) =>
      (await listBucket(deps.db, { bucket: 'active', viewerId: me.id, search })).items.map((c) => c.id);
    for (const query of ['+1 201-555-0102', '(201) 555-0102', '201.555.0102', '5550102', '+12015550102']) {
      expect({ query, found: await find(query) }).toEqual({ query, found: [us.id] });
    }
    // UK habits: the trunk 0, the 00 international prefix, and "+44 (0)".
    for (const query of ['07911 123456', '0044 7911 123456', '+44 (0)7911 123456', '123456']) {
      expect({ query, found: await find(query) }).toEqual({ query, found: [uk.id] });
    }
    expect(await find('5550104')).toEqual([]);
    expect(await find('ann')).toHaveLength(1); // names still match as before
  });

  test('phone search works in every bucket, Unassigned groups included', async () => {
    const me = await onlineAgent(deps);
    const make = await chatMaker(deps);
    const waiting = await make({ visitor_phone: '+12015550102' });
    const left = await make({ status: 'offline', visitor_phone: '+12015550102' });
    await make({ visitor_phone: '+12015559999' });
    const page = await listBucket(deps.db, {
      bucket: 'unassigned',
      viewerId: me.id,
      search: '+1 201-555-0102',
    });
    expect(page.items.map((c) => c.id)).toEqual([waiting.id, left.id]);
  });
});

test('a phone search reads the phone index of its bucket, never every row of the bucket', async () => {
  const sqlite = await explainingSqlite();
  try {
    const viewerId = 'V'.repeat(26);
    await makeConversation(sqlite.db, { visitor_phone: '+12015550102' });
    for (const bucket of ['active', 'offline', 'closed', 'unassigned'] as const) {
      await listBucket(sqlite.db, { bucket, viewerId, search: '+1 201-555-0102' });
    }
    const plans = sqlite.statements
      // The pages themselves; each also first counts its key's candidates (ADR 0048).
      .filter((s) => /^select \* from "conversations"/i.test(s.sql))
      .map((s) => sqlite.plan(s).join(' | '));
    expect(plans).toHaveLength(5); // Unassigned reads its two groups
    for (const plan of plans) expect(plan).toContain('USING INDEX conversations_bucket_phone_ix');
  } finally {
    await sqlite.dispose();
  }
});
