/**
 * bench:socket-chaos (issue 21 item 2): the long version of tests/ops/socket-chaos.test.ts, two
 * real instances behind a balancer that cuts every connection 1–10 s after it opened, for
 * CHAOS_MS (default 30 minutes) with CHAOS_VISITORS (50) visitors and CHAOS_AGENTS (10) agents,
 * CHAOS_SEED (21) for the cut times and pauses; its figures printed (docs/reliability.md). Needs
 * TEST_POSTGRES_URL and TEST_REDIS_URL like the test.
 *   bun run bench/socket-chaos.ts
 */
const chaosMs = process.env.CHAOS_MS ?? String(30 * 60_000);
const run = Bun.spawn(
  [
    process.execPath,
    'test',
    '--timeout',
    String(Number(chaosMs) + 300_000),
    'tests/ops/socket-chaos.test.ts',
  ],
  {
    env: {
      ...process.env,
      CHAOS_MS: chaosMs,
      CHAOS_VISITORS: process.env.CHAOS_VISITORS ?? '50',
      CHAOS_AGENTS: process.env.CHAOS_AGENTS ?? '10',
      RELIABILITY_REPORT: '1',
    },
    stdout: 'inherit',
    stderr: 'inherit',
  },
);
process.exit(await run.exited);

export {};
