import { expect, test } from 'bun:test';
import { listLiveSessionIds } from '../../../src/realtime/realtime.queries.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { createStaff } from '../../support/make-app.ts';

describeEachDialect(`staff session liveness`, (fresh) => {
  test('2,345 sessions, read in chunks SQL Server accepts: every live one, and only those', async () => {
    const { database, deps } = await fresh();
    const staff = await createStaff(deps, 'agent');
    const now = deps.clock.now().toISOString();
    const rows = Array.from({ length: 2345 }, (_, i) => ({
      id: `s${String(i).padStart(5, '0')}`,
      user_id: staff.id,
      token_hash: `h${i}`,
      created_at: now,
      last_seen_at: now,
      // One revoked in the second chunk, one expired in the third.
      expires_at: i === 2200 ? now : '2099-01-01T00:00:00.000Z',
      revoked_at: i === 1500 ? now : null,
    }));
    for (let start = 0; start < rows.length; start += 200) {
      await database.db
        .insertInto('sessions')
        .values(rows.slice(start, start + 200))
        .execute();
    }
    const live = await listLiveSessionIds(
      database.db,
      rows.map((row) => row.id),
      now,
    );
    expect(live.sort()).toEqual(rows.map((row) => row.id).filter((id) => id !== 's01500' && id !== 's02200'));
  });
});
