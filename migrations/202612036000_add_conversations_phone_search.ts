import { type Kysely, MssqlAdapter, sql } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// AGENT-2 phone search (ADR 0038): the digits of visitor_phone, reversed, so "ends with these
// digits" is a prefix range on an index; with the bucket's own status and holder first, a search
// in any bucket reads only the matching rows.
const BATCH = 500;

const reversedDigits = (phone: string): string | null => {
  const digits = phone.replace(/\D/g, '');
  return digits === '' ? null : [...digits].reverse().join('').slice(0, 20);
};

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const mssql = db.getExecutor().adapter instanceof MssqlAdapter;
  await db.schema.alterTable('conversations').addColumn('visitor_phone_reversed', t.string(20)).execute();
  let afterId = '';
  for (;;) {
    // Keyset over the primary key; the ORDER BY + fetch-first shape compiles on every dialect.
    const rows: Array<{ id: string; visitor_phone: string }> = await db
      .selectFrom('conversations')
      .select(['id', 'visitor_phone'])
      .where('visitor_phone', 'is not', null)
      .where('id', '>', afterId)
      .orderBy('id')
      .$call((qb) => (mssql ? qb.top(BATCH) : qb.limit(BATCH)))
      .execute();
    const last = rows.at(-1);
    if (!last) break;
    // One UPDATE per batch (a CASE on the id), so a million chats take ~2,000 statements.
    const value = sql.join(
      rows.map((row) => sql`when ${row.id} then ${reversedDigits(row.visitor_phone)}`),
      sql` `,
    );
    await db
      .updateTable('conversations')
      .set({ visitor_phone_reversed: sql`case id ${value} end` })
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .execute();
    if (rows.length < BATCH) break;
    afterId = last.id;
  }
  await db.schema
    .createIndex('conversations_bucket_phone_ix')
    .on('conversations')
    .columns(['status', 'assignee_id', 'visitor_phone_reversed'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('conversations_bucket_phone_ix').on('conversations').execute();
  await db.schema.alterTable('conversations').dropColumn('visitor_phone_reversed').execute();
}
