/**
 * bench:csv-import (CRM-5, ADR 0046). Imports a generated CSV of ROWS rows (default 100,000;
 * every 1,000th phone invalid, every 997th email a repeat) through the background job into a
 * fresh SQLite file, the way the `lead-imports` sweeper runs it: ticks of 20 chunks of 250 rows.
 * Prints the wall time, the ticks, the longest tick (what a shutdown may wait for) and the counts.
 * `ROWS=100000 npm run bench:csv-import`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { importWorker } from '../src/crm/lead-import-job.service.ts';
import { insertLeadImport } from '../src/crm/lead-imports.queries.ts';
import { queueImport, uploadPath } from '../src/crm/lead-imports.service.ts';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock, toIso } from '../src/shared/clock.ts';
import { timeOrderedIds } from '../src/shared/ids.ts';
import { jsonLogger } from '../src/shared/log.ts';

const ROWS = Number(process.env.ROWS ?? 100_000);
const dir = await mkdtemp(join(tmpdir(), 'bench-csv-import-'));
const db = sqliteKysely(openSqlite(join(dir, 'bench.sqlite')));
await migrateToLatest(db);
const deps = {
  db,
  clock: systemClock,
  ids: timeOrderedIds(),
  config: loadConfig({ APP_ENV: 'test', DATA_DIR: dir }),
  log: jsonLogger('warn'),
};
const now = toIso(new Date());
await db
  .insertInto('projects')
  .values({ id: 'P1', slug: 'p', name: 'p', title: 'p', created_at: now, updated_at: now })
  .execute();
await db
  .insertInto('users')
  .values({
    id: 'U1',
    email: 'a@x',
    display_name: 'A',
    role: 'admin',
    password_hash: 'x',
    created_at: now,
    updated_at: now,
  })
  .execute();
const lines = ['Name,Phone,Email,utm_campaign'];
for (let i = 0; i < ROWS; i++) {
  const n = String(i).padStart(6, '0');
  const phone = i % 1000 === 999 ? '12345' : `+447700${n}`;
  const email =
    i % 997 === 996 ? `lead${String(i - 1).padStart(6, '0')}@example.com` : `lead${n}@example.com`;
  lines.push(`Lead ${n},${phone},${email},${i % 2 ? 'spring' : ''}`);
}
await mkdir(join(dir, 'imports'), { recursive: true });
await writeFile(uploadPath(deps, 'I1'), `${lines.join('\r\n')}\r\n`);
await insertLeadImport(db, {
  id: 'I1',
  projectId: 'P1',
  fileName: 'b.csv',
  byteSize: 1,
  createdBy: 'U1',
  now,
});
await queueImport(deps, 'I1', {
  mapping: { name: 0, phone: 1, email: 2, utmCampaign: 3 },
  defaultCountry: 'GB',
  stage: null,
  assigneeId: null,
  onDuplicate: 'merge',
});
const worker = importWorker({ chunksPerTick: 20 });
const started = performance.now();
let ticks = 0;
let longest = 0;
for (;;) {
  const tickStarted = performance.now();
  await worker.tick(deps, new Date());
  longest = Math.max(longest, performance.now() - tickStarted);
  ticks++;
  const row = await db
    .selectFrom('lead_imports')
    .selectAll()
    .where('id', '=', 'I1')
    .executeTakeFirstOrThrow();
  if (row.status !== 'importing') {
    const ms = performance.now() - started;
    const { data_rows, imported, merged, flagged, rejected, skipped, status } = row;
    console.log(
      `${ROWS} rows: ${status} in ${(ms / 1000).toFixed(1)} s (${Math.round(ROWS / (ms / 1000))} rows/s), ${ticks} ticks, longest tick ${longest.toFixed(0)} ms`,
    );
    console.log({ data_rows, imported, merged, flagged, rejected, skipped });
    break;
  }
}
await rm(dir, { recursive: true, force: true });
