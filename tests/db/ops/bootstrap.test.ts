import { describe, expect, test } from 'bun:test';
import { DEV_ADMIN_PASSWORD } from '../../../src/config.ts';
import { bootstrap } from '../../../src/ops/bootstrap.ts';
import { makeTestDeps } from '../../support/make-app.ts';

/** What the bootstrap wrote to the log, as one string per line. */
const logged = (deps: Awaited<ReturnType<typeof makeTestDeps>>) =>
  deps.log.lines.map((l) => JSON.stringify(l));

describe('bootstrap admin (issue 13 item 18)', () => {
  test('a password from ADMIN_PASSWORD is never written to the log, in development either', async () => {
    const secret = 'a long passphrase from the environment';
    const deps = await makeTestDeps({
      env: { APP_ENV: 'development', ADMIN_EMAIL: 'owner@example.com', ADMIN_PASSWORD: secret },
    });
    expect(await bootstrap(deps)).toEqual({ createdAdmin: true, createdProject: true });
    const lines = logged(deps);
    expect(lines.some((l) => l.includes('bootstrap.admin_created') && l.includes('owner@example.com'))).toBe(
      true,
    );
    expect(lines.filter((l) => l.includes(secret))).toEqual([]);
  });

  test('the development default is named once, on the first start only', async () => {
    const deps = await makeTestDeps({ env: { APP_ENV: 'development' } });
    await bootstrap(deps);
    expect(logged(deps).filter((l) => l.includes(DEV_ADMIN_PASSWORD))).toHaveLength(1);
    // A restart on the same database creates nobody and prints nothing about the admin.
    expect(await bootstrap(deps)).toEqual({ createdAdmin: false, createdProject: false });
    expect(logged(deps).filter((l) => l.includes(DEV_ADMIN_PASSWORD))).toHaveLength(1);
  });
});
