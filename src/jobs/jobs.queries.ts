import type { Db } from '../db/database.ts';

/**
 * Leader lease rows (ROUTE-11): one row per lease name. Taking it is a compare-and-set: the
 * holder renews its own row, anyone may take an expired one, and exactly one UPDATE can win.
 */
export async function renewLease(
  db: Db,
  lease: { name: string; holder: string; now: string; expiresAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('leases')
    .set({ holder: lease.holder, expires_at: lease.expiresAt })
    .where('name', '=', lease.name)
    .where((eb) => eb.or([eb('holder', '=', lease.holder), eb('expires_at', '<=', lease.now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** First use of a lease name; the primary key makes a concurrent second insert fail. */
export async function insertLease(
  db: Db,
  lease: { name: string; holder: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('leases')
    .values({ name: lease.name, holder: lease.holder, expires_at: lease.expiresAt })
    .execute();
}

export async function deleteLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}
