import { describe, expect, test } from 'bun:test';

/** Runs static/agent/sw.js against a fake service-worker global and returns its handlers. */
async function loadWorker(windows: Array<{ url: string }>) {
  const handlers: Record<string, (event: unknown) => void> = {};
  const calls: string[] = [];
  const clients = windows.map((w) => ({
    url: w.url,
    focus: async () => void calls.push(`focus ${w.url}`),
    postMessage: (message: unknown) => void calls.push(`post ${JSON.stringify(message)}`),
  }));
  const fakeSelf = {
    addEventListener: (type: string, handler: (event: unknown) => void) => {
      handlers[type] = handler;
    },
    skipWaiting: () => undefined,
    clients: {
      claim: async () => undefined,
      matchAll: async () => clients,
      openWindow: async (url: string) => void calls.push(`open ${url}`),
    },
  };
  const source = await Bun.file('static/agent/sw.js').text();
  new Function('self', source)(fakeSelf);
  const click = async (conversationId: string | null) => {
    let done: Promise<unknown> = Promise.resolve();
    handlers.notificationclick?.({
      notification: { close: () => void calls.push('close'), data: { conversationId } },
      waitUntil: (p: Promise<unknown>) => {
        done = p;
      },
    });
    await done;
  };
  return { click, calls };
}

describe('agent service worker (AGENT-5): a notification click opens that chat', () => {
  test('an open console is focused and told which chat to open', async () => {
    const { click, calls } = await loadWorker([
      { url: 'http://x/login' },
      { url: 'http://x/agent?bucket=active' },
    ]);
    await click('C42');
    expect(calls).toEqual([
      'close',
      'focus http://x/agent?bucket=active',
      'post {"type":"open-chat","conversationId":"C42"}',
    ]);
  });

  test('with no console open, a window opens on the chat', async () => {
    const { click, calls } = await loadWorker([]);
    await click('C42');
    expect(calls).toEqual(['close', 'open /agent?chat=C42']);
  });
});
