import type { Db } from '../db/database.ts';
import { upsertRow } from '../db/dialect.ts';

/** Global settings are JSON documents under a key (routing, marketing tags, …). */
export async function findSettingValue(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function saveSetting(
  db: Db,
  setting: { key: string; value: string; now: string; updatedBy: string | null },
): Promise<void> {
  await upsertRow(db, 'settings', ['key'], {
    key: setting.key,
    value: setting.value,
    updated_at: setting.now,
    updated_by: setting.updatedBy,
  });
}
