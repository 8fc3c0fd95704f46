import { afterEach, describe, expect, test } from 'bun:test';
import { connect, type Socket } from 'node:net';
import { liveServer } from '../realtime/support/live.ts';

/**
 * RunningServer.drain (OPS-7) in-process: while it drains, /readyz says "stopping" to whoever
 * still asks on an open connection, and a request that never finishes is cut after the bound
 * instead of holding the shutdown forever.
 */
let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** A POST whose body never finishes arriving: the request stays in flight until it is cut. */
function stalledPost(port: number, origin: string): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a`,
      );
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
      resolve({ socket, closed });
    });
  });
}

describe('draining a live server (OPS-7)', () => {
  test('readyz answers 503 "stopping" while draining; a stalled request is cut after the bound', async () => {
    const { deps, running } = await liveServer();
    cleanup.push(() => running.stop());
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    const stalled = await stalledPost(running.server.port as number, running.url);
    cleanup.push(() => stalled.socket.destroy());
    await Bun.sleep(20); // let the server start the request

    const startedAt = performance.now();
    const drained = running.drain(300);
    const ready = await running.server.fetch(new Request(`${running.url}/readyz`));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'stopping' });
    await drained;
    const tookMs = performance.now() - startedAt;
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(3000);
    await stalled.closed; // the connection was cut
    expect(deps.log.lines.filter((line) => line.msg === 'server.drain_timeout')).toHaveLength(1);
    // New connections are refused: the listener closed when the drain began.
    expect(
      await fetch(`${running.url}/healthz`).then(
        () => 'answered',
        () => 'refused',
      ),
    ).toBe('refused');
  });

  test('a drain without anything in flight is immediate and logs nothing', async () => {
    const { deps, running } = await liveServer();
    cleanup.push(() => running.stop());
    const startedAt = performance.now();
    await running.drain();
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(deps.log.lines.filter((line) => line.level !== 'info' && line.level !== 'debug')).toEqual([]);
  });
});
