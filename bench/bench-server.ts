import { createAiAgent } from '../src/ai/ai-agent.service.ts';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/database.ts';
import type { Deps } from '../src/deps.ts';
import { memoryPresence } from '../src/events/presence.ts';
import { memoryPublisher } from '../src/events/publisher.ts';
import { groupCommitWriter } from '../src/messages/message-writer.ts';
import { secretBox } from '../src/security/secret-box.ts';
import { makeSecurityDeps } from '../src/security/security-deps.ts';
import { startServer } from '../src/server.ts';
import { systemClock } from '../src/shared/clock.ts';
import { randomToken, timeOrderedIds } from '../src/shared/ids.ts';
import { jsonLogger } from '../src/shared/log.ts';
import { systemTimers } from '../src/shared/timers.ts';
import { noGeoLookup } from '../src/visitors/geo-ip.ts';

/**
 * The app on a real Bun.serve over the bench's database, as `npm start` wires it but without the
 * jobs (no sweeper changes the dataset while it is timed) and without Redis: one instance.
 */
export async function benchServer(db: Db): Promise<{ url: string; stop: () => Promise<void> }> {
  const base = { config: loadConfig({ APP_ENV: 'test' }), db, clock: systemClock, log: jsonLogger('error') };
  const security = await makeSecurityDeps(base, { redisUrl: '' });
  const deps: Deps = {
    ...base,
    ids: timeOrderedIds(),
    publisher: memoryPublisher(),
    presence: memoryPresence(),
    blocks: security.blocks,
    counters: security.counters,
    messageWriter: groupCommitWriter(db),
    secrets: secretBox(randomToken()),
    aiAgent: createAiAgent({ timers: systemTimers }),
    geo: noGeoLookup,
  };
  const running = await startServer(deps, { port: 0, hostname: '127.0.0.1', redisUrl: null });
  return {
    url: `http://127.0.0.1:${running.server.port}`,
    stop: async () => {
      await running.stop();
    },
  };
}
