/**
 * `npm run bench` (issue 20): every performance budget of SPEC PERF-1..7 in one run and one table,
 * each figure beside a baseline measured in the same run. The parts run one after another, each
 * in its own process (no part's heap or timers weigh on the next), and hand their rows over
 * through a file (bench/rows.ts); the table is printed and appended to bench/RESULTS.md with the
 * machine, date, commit and command.
 *
 *   lists     PERF-1, PERF-2: history, pane, chats table, dashboard, buckets, in-process and over HTTP
 *   crm       PERF-2: lead inbox and every report × filter, in-process and over HTTP
 *   realtime  PERF-3, PERF-5: send → delivered, persisted msgs/s, memory per idle socket
 *   sizes     PERF-4: visitor page first load, widget loader and first open, gzipped as served
 *   rejects   PERF-6: what the block check and input validation add to a request
 *   funnel    PERF-7: the ad funnel on a throttled phone in Chromium
 *
 * The lists and crm parts need the `npm run seed:large` dataset (DB). A benchmark, not a test: the machine is
 * shared, so figures vary by run; ONLY=lists,sizes runs some parts.
 *   DB=/tmp/livechat-large.sqlite  RUNS=100  npm run bench
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { markdownTable, type SuiteRow } from './rows.ts';

const PARTS = {
  lists: 'bench/lists.ts',
  crm: 'bench/crm-lists.ts',
  realtime: 'bench/realtime.ts',
  sizes: 'bench/sizes.ts',
  rejects: 'bench/rejects.ts',
  funnel: 'bench/funnel.ts',
} as const;
type Part = keyof typeof PARTS;

const db = process.env.DB ?? '/tmp/livechat-large.sqlite';
const only = process.env.ONLY?.split(',') as Part[] | undefined;
const parts = (Object.keys(PARTS) as Part[]).filter((part) => !only || only.includes(part));
if ((parts.includes('lists') || parts.includes('crm')) && !existsSync(db)) {
  throw new Error(`${db} not found: run \`npm run seed:large\` first (or ONLY= without lists and crm)`);
}
const RESULTS = process.env.RESULTS ?? 'bench/RESULTS.md';
/** Samples per list case: with 100, a p99 is the second slowest, not one unlucky sample. */
const RUNS = process.env.RUNS ?? '100';
const dir = mkdtempSync(join(tmpdir(), 'bench-suite-'));
const rowsFile = join(dir, 'rows.jsonl');
const started = new Date();
const load = loadavg()[0] ?? 0;

try {
  for (const part of parts) {
    console.log(`\n── ${part} (${PARTS[part]})`);
    const child = Bun.spawn(['bun', PARTS[part]], {
      env: { ...process.env, DB: db, BENCH_ROWS: rowsFile, RUNS, N: process.env.N ?? '1000' },
      stdout: 'inherit',
      stderr: 'inherit',
    });
    const code = await child.exited;
    if (code !== 0) throw new Error(`bench part ${part} exited with ${code}`);
  }
  const rows = readFileSync(rowsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SuiteRow);
  const passed = rows.filter((row) => row.pass).length;
  const cpu = cpus();
  const commit = Bun.spawnSync(['git', 'rev-parse', '--short', 'HEAD']).stdout.toString().trim();
  const lines = [
    `## ${started.toISOString()} — npm run bench`,
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Bun ${Bun.version}, load average ${load.toFixed(1)} at the start; shared with other jobs (figures vary by run).`,
    `Commit: ${commit || 'unknown'}. Command: \`DB=${db} RUNS=${RUNS}${only ? ` ONLY=${only.join(',')}` : ''} npm run bench\`; ${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min.`,
    '',
    ...markdownTable(rows),
    '',
    `${passed} of ${rows.length} cases within budget.`,
  ];
  console.log(`\n${lines.join('\n')}`);
  if (process.env.RESULTS !== '0') {
    if (!existsSync(RESULTS)) {
      appendFileSync(RESULTS, '# Benchmark results (`npm run bench`)\n\nEach run appends a section.\n');
    }
    appendFileSync(RESULTS, `\n${lines.join('\n')}\n`);
    // Formatted as the repository's Markdown is (Biome aligns the tables), so `npm test` stays clean.
    Bun.spawnSync(['./node_modules/.bin/biome', 'format', '--write', RESULTS]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
