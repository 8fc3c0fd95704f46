/**
 * `npm run bench:reports` (REP-2, docs/decisions/0026, 0027): the two report figures that are not
 * list pages, on the `npm run seed:large` dataset: the CSV export of every chat-data row as the
 * route streams it (time, size, peak heap and RSS: REP-2 asks that memory stays flat), and CRM
 * analytics over the newest chats it folds (capped at 100,000, ADR 0027). The SPEC sets no time
 * budget for either, so they are printed, not suite rows; the report pages themselves are PERF-2
 * cases of bench/crm-lists.ts.
 *   DB=/tmp/livechat-large.sqlite  npm run bench:reports
 */
import { existsSync } from 'node:fs';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadCrmAnalytics } from '../src/reports/analytics.service.ts';
import { csvExportStream } from '../src/reports/csv-export.ts';
import { REPORTS } from '../src/reports/report.ts';
import { reportRowsForExport } from '../src/reports/reports.service.ts';

const path = process.env.DB ?? '/tmp/livechat-large.sqlite';
if (!existsSync(path)) throw new Error(`${path} not found: run \`npm run seed:large\` first`);
const raw = openSqlite(path);
const db = sqliteKysely(raw);
await migrateToLatest(db);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

// CSV export of every row, as the route streams it, read and dropped chunk by chunk.
Bun.gc(true);
const heapBefore = process.memoryUsage().heapUsed;
let peakHeap = heapBefore;
let peakRss = process.memoryUsage().rss;
// Sampled in the read loop: the stream resolves its reads as microtasks, so a timer would not run.
const sample = () => {
  const usage = process.memoryUsage();
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  peakRss = Math.max(peakRss, usage.rss);
};
let rows = 0;
async function* counted<T>(source: AsyncIterable<T>) {
  for await (const row of source) {
    rows++;
    yield row;
  }
}
const started = performance.now();
const reader = csvExportStream({
  columns: REPORTS['chat-data'].columns.map(({ key, header }) => ({ key, header })),
  rows: counted(reportRowsForExport(db, 'chat-data', {})),
}).getReader();
let bytes = 0;
let chunks = 0;
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  bytes += value.byteLength;
  if (++chunks % 50 === 0) sample();
}
sample();
console.log(
  `CSV export of chat-data, ${rows.toLocaleString('en')} rows: ${((performance.now() - started) / 1000).toFixed(1)} s, ${mb(bytes)}, heap ${mb(heapBefore)} → peak ${mb(peakHeap)}, peak RSS ${mb(peakRss)}`,
);

for (const [label, filters] of [
  ['all chats', {}],
  ['last 30 days', { from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T23:59:59.999Z' }],
] as const) {
  const at = performance.now();
  const result = await loadCrmAnalytics({ db }, filters);
  console.log(
    `CRM analytics, ${label}: ${result.chats.toLocaleString('en')} chats (capped: ${result.capped}) in ${((performance.now() - at) / 1000).toFixed(2)} s`,
  );
}
await db.destroy();
