/**
 * bench:crash-loop (issue 21 item 1): the long version of tests/ops/crash-loop.test.ts, the real
 * src/main.ts on SQLite kill -9ed CRASH_CYCLES times (default 1,000) under load, with its figures
 * printed (docs/reliability.md). About 4 s a cycle on the shared 2-core machine. CRASH_DB=postgres
 * runs it on PostgreSQL (TEST_POSTGRES_URL; the issue asks for 200 cycles there).
 *   bun run bench/crash-loop.ts
 */
const cycles = process.env.CRASH_CYCLES ?? '1000';
const run = Bun.spawn(
  [
    process.execPath,
    'test',
    '--timeout',
    String(60_000 + Number(cycles) * 8000),
    'tests/ops/crash-loop.test.ts',
  ],
  {
    env: { ...process.env, CRASH_CYCLES: cycles, RELIABILITY_REPORT: '1' },
    stdout: 'inherit',
    stderr: 'inherit',
  },
);
process.exit(await run.exited);

export {};
