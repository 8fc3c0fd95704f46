/**
 * The rejects part of `npm run bench` (bench/suite.ts; SPEC PERF-6): what refusing costs. Over
 * real HTTP and a real WebSocket on 127.0.0.1: a blocked address's bare 403, a chat start with a
 * bad field (422 naming it), and a malformed socket frame, each beside the cheapest answer of the
 * same kind measured in the same run (`/healthz`, a `ping` → `pong`). Budget: at most 1 ms added
 * at p99. Every request comes from its own address (as behind a proxy), so no rate limit or strike
 * is what gets timed.
 *   REJECT_RUNS=1000 bun bench/rejects.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite, sqliteKysely } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { blockIp } from '../src/security/ip-blocks.service.ts';
import { startServer } from '../src/server.ts';
import { validForm, visitorProject } from '../tests/http/visitor/visitor-support.ts';
import { openSocket } from '../tests/realtime/support/ws-client.ts';
import { createStaff, makeTestDeps } from '../tests/support/make-app.ts';
import { addressSource } from './bench-server.ts';
import { emit, ms, type Timing, time } from './rows.ts';

const RUNS = Number(process.env.REJECT_RUNS ?? 1000);
const BUDGET_MS = 1;
const dir = mkdtempSync(join(tmpdir(), 'bench-rejects-'));
const db = sqliteKysely(openSqlite(join(dir, 'rejects.sqlite')));
await migrateToLatest(db);
const deps = await makeTestDeps({ db, env: { DATA_DIR: dir, TRUSTED_PROXIES: '127.0.0.1' } });
await visitorProject(deps.db, { slug: 'solar', is_default: 1 });
const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
const admin = await createStaff(deps, 'admin');
const BLOCKED = '203.0.113.9';
const blocked = await blockIp(running.deps, {
  ip: BLOCKED,
  reason: 'bench',
  operatorId: admin.id,
  operatorIp: '127.0.0.1',
});
if (!blocked.ok) throw new Error(`could not block ${BLOCKED}: ${blocked.code}`);

const freshAddress = addressSource();
const request =
  (path: string, init: RequestInit, ip = freshAddress()) =>
  async () => {
    const res = await fetch(`${running.url}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), 'X-Forwarded-For': ip },
    });
    await res.arrayBuffer();
    return res.status;
  };

function report(name: string, answer: string, timing: Timing, baseline: Timing & { name: string }) {
  const added = timing.p99 - baseline.p99;
  emit({
    spec: 'PERF-6',
    name: `${name}: ${answer}`,
    p50: ms(timing.p50),
    p99: ms(timing.p99),
    baseline: `${ms(baseline.p50)} / ${ms(baseline.p99)} (${baseline.name})`,
    ratio: `${(timing.p50 / baseline.p50).toFixed(2)}×`,
    budget: `p99 ≤ ${BUDGET_MS} ms over the baseline (${added >= 0 ? '+' : ''}${ms(added)})`,
    pass: added <= BUDGET_MS,
  });
}

async function expectStatus(run: () => Promise<number>, status: number): Promise<() => Promise<number>> {
  const got = await run();
  if (got !== status) throw new Error(`expected ${status}, got ${got}`);
  return run;
}

try {
  const healthz = await expectStatus(request('/healthz', {}), 200);
  const blockedPage = await expectStatus(request('/p/solar', {}, BLOCKED), 403);
  const badStart = await expectStatus(
    request('/p/solar/chat', {
      method: 'POST',
      headers: {
        Origin: running.url,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ ...validForm, phone: 'call me maybe' }).toString(),
    }),
    422,
  );
  // Warm every path first: the baseline must not carry the first requests' compilation.
  for (let i = 0; i < 300; i++) for (const run of [healthz, blockedPage, badStart]) await run();
  const health = { name: 'GET /healthz', ...(await time(healthz, RUNS)) };
  report('blocked address on the visitor page', 'bare 403', await time(blockedPage, RUNS), health);
  report('chat start with a bad phone', '422 naming the field', await time(badStart, RUNS), health);

  // The socket: a frame the schema refuses, beside the cheapest frame there is.
  const staff = await openSocket(running.wsUrl, { Cookie: admin.cookie, Origin: running.url });
  const roundTrip = (frame: string, answer: string) => () => {
    const seen = staff.next((f) => f.type === answer);
    staff.sendRaw(frame);
    return seen;
  };
  const pong = { name: 'ping → pong', ...(await time(roundTrip('{"type":"ping"}', 'pong'), RUNS)) };
  const refused = await time(roundTrip('{"type":"join","conversationId":"<script>"}', 'error'), RUNS);
  report('malformed socket frame', 'error naming the field', refused, pong);
  staff.close();
} finally {
  await running.stop();
  rmSync(dir, { recursive: true, force: true });
}
