/**
 * bench:redis-outage (issue 21 item 3): the long version of tests/realtime/redis-outage.test.ts,
 * Redis away for 60 s (REDIS_OUTAGE_MS) instead of 5 s, with its figures printed
 * (docs/reliability.md). Needs TEST_POSTGRES_URL and TEST_REDIS_URL like the test.
 *   bun run bench/redis-outage.ts
 */
const outageMs = process.env.REDIS_OUTAGE_MS ?? '60000';
const run = Bun.spawn(
  [process.execPath, 'test', '--timeout', '200000', 'tests/realtime/redis-outage.test.ts'],
  {
    env: { ...process.env, REDIS_OUTAGE_MS: outageMs, RELIABILITY_REPORT: '1' },
    stdout: 'inherit',
    stderr: 'inherit',
  },
);
process.exit(await run.exited);

export {};
