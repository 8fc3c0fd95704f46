/** A raw test WebSocket that records every frame and can wait for one (no sleeps). */
export interface TestSocket {
  frames: Array<Record<string, unknown>>;
  send(frame: unknown): void;
  sendRaw(text: string): void;
  /** Resolves with the first recorded frame (from `from` on) that matches; rejects after timeoutMs. */
  next(
    match: (frame: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function openSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const ws = new WebSocket(url, { headers } as unknown as string[]);
  const frames: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  ws.onmessage = (event) => {
    frames.push(JSON.parse(String(event.data)) as Record<string, unknown>);
    for (const wake of [...waiters]) wake();
  };
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.onclose = (event) => resolve({ code: event.code, reason: event.reason });
  });
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error(`socket to ${url} failed`));
  });
  let cursor = 0;
  return {
    frames,
    send: (frame) => ws.send(JSON.stringify(frame)),
    sendRaw: (text) => ws.send(text),
    next(match, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const index = frames.findIndex((frame, i) => i >= cursor && match(frame));
          if (index === -1) return false;
          cursor = index + 1;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(frames[index] as Record<string, unknown>);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(cursor))}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    closed,
    close: () => ws.close(),
  };
}

/** The event inside a frame: staff frames wrap it as `{ type, event, content }`, visitor frames are it. */
export const eventOf = (frame: Record<string, unknown>) =>
  (frame.event ?? frame) as Record<string, unknown> & { type: string };

export const isEvent =
  (type: string, extra: (event: Record<string, unknown>) => boolean = () => true) =>
  (frame: Record<string, unknown>) =>
    eventOf(frame).type === type && extra(eventOf(frame));
