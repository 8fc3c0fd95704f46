import { expect, test } from 'bun:test';
import { findUserById } from '../../../src/auth/users.queries.ts';
import type { Deps } from '../../../src/deps.ts';
import { deleteStaffMember, updateStaffMember } from '../../../src/staff/staff.service.ts';
import { describeEachDialect } from '../../support/dialects.ts';
import { createStaff } from '../../support/make-app.ts';

/** ADMIN-4: the last active admin can be neither demoted, disabled nor deleted, even concurrently. */
describeEachDialect(`last active admin`, (fresh) => {
  async function setup() {
    return (await fresh()).deps;
  }

  const asChange = (role: 'admin' | 'manager', isActive = true, name = 'Someone') => ({
    displayName: name,
    email: `${name.toLowerCase().replace(/\W/g, '')}@example.test`,
    role,
    isActive,
  });

  async function activeAdmins(deps: Deps): Promise<number> {
    const rows = await deps.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('is_active', '=', 1)
      .execute();
    return rows.length;
  }

  test('demote, disable and delete of the only admin are refused and change nothing', async () => {
    const deps = await setup();
    const admin = await createStaff(deps, 'admin', { email: 'only@example.test' });
    const change = { ...asChange('manager'), email: admin.email };
    expect(await updateStaffMember(deps, admin, admin.id, change)).toEqual({
      ok: false,
      code: 'user.last_admin',
    });
    expect(
      await updateStaffMember(deps, admin, admin.id, { ...asChange('admin', false), email: admin.email }),
    ).toEqual({ ok: false, code: 'user.last_admin' });
    expect(await deleteStaffMember(deps, admin, admin.id)).toEqual({ ok: false, code: 'user.last_admin' });
    const after = await findUserById(deps.db, admin.id);
    expect(after?.role).toBe('admin');
    expect(after?.isActive).toBe(true);
  });

  test('with a second active admin, one can be demoted; a disabled admin does not count', async () => {
    const deps = await setup();
    const first = await createStaff(deps, 'admin');
    const second = await createStaff(deps, 'admin');
    const demoted = await updateStaffMember(deps, first, second.id, {
      ...asChange('manager'),
      email: second.email,
    });
    expect(demoted.ok).toBe(true);
    const third = await createStaff(deps, 'admin');
    const disabled = await updateStaffMember(deps, first, third.id, {
      ...asChange('admin', false, 'Third'),
      email: third.email,
    });
    expect(disabled.ok).toBe(true);
    const refused = await deleteStaffMember(deps, first, first.id);
    expect(refused).toEqual({ ok: false, code: 'user.last_admin' });
    expect(await activeAdmins(deps)).toBe(1);
  });

  test('two admins demoting each other at the same moment leave one admin (5 rounds)', async () => {
    const deps = await setup();
    // Repeated because a lost race only shows when both transactions overlap.
    for (let round = 0; round < 5; round++) {
      const a = await createStaff(deps, 'admin');
      const b = await createStaff(deps, 'admin');
      const results = await Promise.all([
        updateStaffMember(deps, a, b.id, { ...asChange('manager', true, `B${round}`), email: b.email }),
        updateStaffMember(deps, b, a.id, { ...asChange('manager', true, `A${round}`), email: a.email }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(['user.last_admin']);
      expect(await activeAdmins(deps)).toBe(1);
      // Leave no admin from this round so the next round starts with exactly two again.
      await deps.db.updateTable('users').set({ role: 'manager' }).where('id', 'in', [a.id, b.id]).execute();
    }
  });

  test('two admins disabling and deleting each other at once leave one admin', async () => {
    const deps = await setup();
    const a = await createStaff(deps, 'admin');
    const b = await createStaff(deps, 'admin');
    const results = await Promise.all([
      updateStaffMember(deps, a, b.id, { ...asChange('admin', false, 'B'), email: b.email }),
      deleteStaffMember(deps, b, a.id),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await activeAdmins(deps)).toBe(1);
  });
});
